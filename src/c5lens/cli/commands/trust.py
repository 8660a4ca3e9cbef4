"""The trust tools of issue #14: verify, a fact's evidence, diff and new."""

from __future__ import annotations

from pathlib import Path

from c5lens.cli.commands.common import problems_result
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.result import Result, Session, UsageProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

    from c5lens.base.documents import Documents
    from c5lens.base.model import Base, Fact, Problem


DIFF_FIELDS = ["kind", "key", "status", "field", "old", "new"]


def _documents(session: Session, documents: list[Path] | None) -> Documents:
    """The documents of `--documents` and C5LENS_DOCUMENTS_PATH."""
    from c5lens.base.documents import Documents, documents_dirs

    return Documents(documents_dirs(documents or [], session.env.documents_path))


def _no_documents() -> Result:
    from c5lens.base.documents import ENV_DOCUMENTS

    return Result(
        notes=[
            "c5lens: error: no documents directory: give --documents DIR or set"
            f" {ENV_DOCUMENTS} (the cited documents are not shipped with c5lens)"
        ],
        exit=ExitCode.NOT_FOUND,
    )


def _inside(path: Path, roots: list[Path]) -> bool:
    p = path.resolve()
    return any(p == r.resolve() or r.resolve() in p.parents for r in roots)


def verify(
    session: Session, paths: list[Path] | None = None, documents: list[Path] | None = None
) -> Result:
    """Check each fact's figures and dates against the paragraph its locator names."""
    from c5lens.base.loading import load_base
    from c5lens.query.verify import verify as verify_base

    docs = _documents(session, documents)
    if not docs.dirs:
        return _no_documents()
    roots = session.dirs()
    for p in paths or []:
        if not _inside(p, roots):  # a directory of one's own, or a fact file in one
            roots.append(p if p.is_dir() or not p.suffix else p.parent.parent)
    base = load_base(roots)
    session.problems = base.problems  # facts that do not load cannot be verified: say so
    problems = verify_base(base, roots, docs, paths or [])

    return problems_result(session, problems)


def evidence(
    session: Session, fact: Fact, records: list[dict[str, Any]], documents: list[Path] | None
) -> tuple[Result | None, Any]:
    """(an ending, None) when the evidence cannot be shown; else (None, a view of it), with the
    evidence added to the fact's record."""
    from c5lens.base.documents import DocumentChanged, DocumentNotFound, LocatorError
    from c5lens.query.evidence import examine
    from c5lens.query.verify import document_name
    from c5lens.render.evidence import evidence_record, print_evidence

    docs = _documents(session, documents)
    if not docs.dirs:
        return _no_documents(), None
    source = session.registries().sources[fact.source]  # a loaded fact's source is known
    try:
        found = docs.evidence(source, fact.locator)
    except DocumentNotFound as e:
        return Result(notes=[f"c5lens: error: {e}"], exit=ExitCode.NOT_FOUND), None
    except (DocumentChanged, LocatorError) as e:
        message = f"fact {fact.id}: locator {e}" if isinstance(e, LocatorError) else str(e)
        return Result(notes=[f"c5lens: error: {message}"], exit=ExitCode.INVALID_DATA), None
    finding = examine(fact, source, found.text)
    name = document_name(source, found)
    records[0]["evidence"] = evidence_record(name, found, finding)

    def view(console: Console) -> None:
        print_evidence(console, name, found, finding)

    return None, view


# --- diff ---------------------------------------------------------------------------------------


def _load_side(spec: str, hint: str) -> tuple[Base, list[Problem]]:
    """The base a side of `diff` names, and its problems with paths as the user wrote them."""
    from c5lens.base.gitsource import GitSourceError, checkout_free, is_git_spec, parse_spec
    from c5lens.base.loading import load_base
    from c5lens.base.model import Problem

    if not is_git_spec(spec):
        root = Path(spec)
        if not root.is_dir():
            raise UsageProblem(f"{spec} is not a directory (or git:REV[:PATH])", hint)
        base = load_base([root])
        return base, list(base.problems)
    try:
        with checkout_free(spec, Path.cwd()) as tmp:
            base = load_base([tmp])
            rev, path = parse_spec(spec)
            shown = [
                Problem(p.path.replace(str(tmp), f"git:{rev}:{path}", 1), *p[1:])
                for p in base.problems
            ]
            return base, shown
    except GitSourceError as e:
        raise UsageProblem(str(e), hint) from None


def _cell(value: Any) -> Any:
    """A mapping (a correction, a folder's digests) as compact JSON text: a flat record's
    columns must not depend on the data."""
    import json

    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _diff_records(result: Any) -> list[dict[str, Any]]:
    """One flat record per change, for jsonl, csv and tsv."""
    rows: list[dict[str, Any]] = []

    def row(kind: str, key: str, status: str, field: Any = None, old: Any = None, new: Any = None):
        values = (kind, key, status, field, _cell(old), _cell(new))
        rows.append(dict(zip(DIFF_FIELDS, values, strict=True)))

    for f in result.added:
        row("fact", f.id, "added")
    for f in result.removed:
        row("fact", f.id, "removed")
    for c in result.changed:
        for x in c.changes:
            row("fact", c.id, "changed", x.field, x.old, x.new)
    for e in result.registries:
        if not e.changes:
            row(e.kind[:-1], e.key, e.status)
        for x in e.changes:
            row(e.kind[:-1], e.key, e.status, x.field, x.old, x.new)
    return rows


def diff(session: Session, old: str, new: str, exit_code: bool = False) -> Result:
    """Compare two facts directories (or git revisions): facts and registry entries."""
    from c5lens.query.diff import diff as diff_bases
    from c5lens.render.diff import diff_document, print_diff

    if session.options.facts_dir:
        raise UsageProblem("diff compares OLD with NEW alone", "'--facts-dir'")
    old_base, old_problems = _load_side(old, "'OLD'")
    new_base, new_problems = _load_side(new, "'NEW'")
    session.problems = (*old_problems, *new_problems)
    result = diff_bases(old_base, new_base)
    names = (old, new)

    def view(console: Console) -> None:
        print_diff(console, result, names)

    return Result(
        _diff_records(result),
        view=view,
        document=diff_document(result, old_base, new_base, names),
        fields=DIFF_FIELDS,
        exit=ExitCode.ERROR if exit_code and result.differ else ExitCode.OK,
    )


# --- new ----------------------------------------------------------------------------------------


def new(
    session: Session,
    subject: str,
    topic: str,
    metric: str | None = None,
    source: str | None = None,
    into: Path | None = None,
    facts_dir: list[Path] | None = None,
) -> Result:
    """Print the skeleton of a new fact, or add it to DIR/SUBJECT/TOPIC.yaml."""
    from c5lens.base.paths import bundled_facts_dir
    from c5lens.base.skeleton import (
        SkeletonError,
        UnknownName,
        append,
        existing_ids,
        refuse_bundled,
        skeleton,
    )
    from c5lens.base.skeleton import target as target_file
    from c5lens.cli.commands.common import resolve
    from c5lens.query.rules import NotFound, close_matches

    if into is not None:
        try:  # before anything is read: the bundled facts must not load as one's own
            refuse_bundled(into, bundled_facts_dir())
        except SkeletonError as e:
            raise UsageProblem(str(e), "'--into'") from None
    mine = [into] if into is not None and into.is_dir() else []
    session.options.facts_dir = [*(facts_dir or []), *mine]
    store = session.store()
    base = store.registries()
    key = resolve(base, subject).key
    taken = list(store.ids())
    path = None
    if into is not None:
        path = target_file(into, key, topic, bundled_facts_dir())
        try:
            taken += existing_ids(path)
        except SkeletonError as e:
            return Result(notes=[f"c5lens: error: {e}"], exit=ExitCode.INVALID_DATA)
    try:
        item = skeleton(base, key, topic, metric=metric, source=source, taken=taken)
    except UnknownName as e:
        raise NotFound(e.kind, e.name, close_matches(e.name, e.choices)) from None
    except SkeletonError as e:
        raise UsageProblem(str(e)) from None
    if path is None:
        return Result(text=item.text)
    try:
        append(path, key, topic, item)
    except SkeletonError as e:
        return Result(notes=[f"c5lens: error: {e}"], exit=ExitCode.INVALID_DATA)
    return Result(text=item.text, notes=[f"c5lens: added {item.id} to {path}"])
