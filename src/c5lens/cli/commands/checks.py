"""Commands about the base rather than its facts: validate, cite, schema, import factbook."""

from __future__ import annotations

from pathlib import Path

from c5lens.cli.commands.common import find_fact, problems_result
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.result import Result, Session, UsageProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def validate(session: Session, paths: list[Path] | None = None) -> Result:
    """Check fact files and report every problem as path:line:col: message."""
    from c5lens.base.loading import validate_paths

    if paths:
        problems = validate_paths(paths, session.dirs())
    else:
        problems = list(session.store(warn=False).problems())

    return problems_result(session, problems)


def cite(
    session: Session, item_id: str, fmt: str = "text", facts_dir: list[Path] | None = None
) -> Result:
    """Print a ready-to-paste citation of a fact or a source."""
    from c5lens.query.rules import NotFound, close_matches
    from c5lens.render.cite import CITE_FORMATS
    from c5lens.render.cite import cite as make_citation

    if fmt not in CITE_FORMATS:
        raise UsageProblem(
            f"{fmt!r} is not one of {', '.join(CITE_FORMATS)}", param_hint="'--format'"
        )
    session.options.facts_dir = list(facts_dir or [])
    base = session.registries()
    if item_id in base.sources:
        return Result(text=make_citation(base.sources[item_id], None, fmt))
    store = session.store()
    found = find_fact(session, item_id)
    if found is None:
        choices = [*base.sources, *store.near_ids(item_id.lower())]
        raise NotFound("fact or source", item_id, close_matches(item_id.lower(), choices))
    return Result(text=make_citation(base.sources[found.source], found, fmt))


def schema(session: Session) -> Result:
    """Print the JSON Schema of every command's JSON output."""
    from importlib.resources import files

    return Result(text=files("c5lens.render").joinpath("schema.json").read_text(encoding="utf-8"))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def import_factbook(session: Session, files: list[Path], out: Path = Path("facts")) -> Result:
    """Convert World Factbook JSON profiles into generated fact files."""
    from c5lens.base.loading import load_base
    from c5lens.importers.factbook import import_profile, write_import

    out = Path(out)
    if not out.is_dir():
        what = "is not a directory" if out.exists() else "does not exist"
        raise UsageProblem(f"{out} {what}", param_hint="'--out'")
    session.options.facts_dir = [out]
    subjects = load_base(session.dirs()).subjects.values()
    results = [import_profile(path, subjects, display=str(path)) for path in files]
    owners: dict[str, str] = {}
    for r in results:
        if r.subject is None:
            continue
        if r.subject.key in owners:
            raise UsageProblem(
                f"{owners[r.subject.key]} and {r.file} are both profiles of {r.subject.key}",
                param_hint="'FILE...'",
            )
        owners[r.subject.key] = r.file
    lines, notes = [], []
    problems = skipped = facts = 0
    for r in results:
        for w in write_import(r, out):
            state = "wrote" if w.changed else "unchanged"
            lines.append(f"{state} {w.path} ({_count(w.facts, 'fact')})\n")
        notes += [str(issue) for issue in (*r.problems, *r.skipped)]
        problems += len(r.problems)
        skipped += len(r.skipped)
        facts += len(r.facts)
    summary = f"imported {_count(facts, 'fact')} from {_count(len(results), 'file')} into {out}"
    if problems:
        summary += f"; {_count(problems, 'value')} could not be read"
    if skipped:
        summary += f"; {skipped} skipped"
    return Result(
        text="".join(lines),
        notes=[*notes, summary],
        exit=ExitCode.INVALID_DATA if problems else ExitCode.OK,
    )
