"""A new fact's skeleton: valid YAML with a fresh id and the registry's choices listed, and
appending it to a user's fact file in one atomic step."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from pathlib import Path

from c5lens.base.model import Base
from c5lens.base.record import NamedTuple
from c5lens.base.yamlread import YamlError, parse_yaml

# What the skeleton leaves for its author: a fact that loads (so `validate` passes while it is
# being written) but that `verify` refuses until the locator names a paragraph.
TODO = "TODO"


class SkeletonError(Exception):
    """The skeleton cannot be made or written (an unknown name, a refused directory, ...)."""


class UnknownName(SkeletonError):
    """A subject, topic, metric or source that the registries do not have."""

    def __init__(self, kind: str, name: str, choices: Collection[str]) -> None:
        self.kind, self.name, self.choices = kind, name, sorted(choices)
        super().__init__(f"unknown {kind} {name!r}")


class Skeleton(NamedTuple):
    """The new fact's id and its text, one item of a fact file's `facts` list."""

    id: str
    text: str


def fresh_id(subject: str, topic: str, taken: Collection[str]) -> str:
    """`<subject>.<topic>-new-N` with the smallest N that no fact has."""
    n = 1
    while f"{subject}.{topic}-new-{n}" in taken:
        n += 1
    return f"{subject}.{topic}-new-{n}"


def _line(text: str) -> str:
    """Text on one line, for a comment."""
    return " ".join(text.split())


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def skeleton(
    base: Base,
    subject: str,
    topic: str,
    metric: str | None = None,
    source: str | None = None,
    taken: Collection[str] = (),
) -> Skeleton:
    """The skeleton of a fact about `subject` on `topic`; `taken` are ids to avoid besides the
    base's (those of the file it will be appended to)."""
    for kind, name, registry in (
        ("subject", subject, base.subjects),
        ("topic", topic, base.topics),
        ("metric", metric, base.metrics),
        ("source", source, base.sources),
    ):
        if name is not None and name not in registry:
            raise UnknownName(kind, name, registry)
    if not base.sources:
        raise SkeletonError("the base has no sources to cite: add one to sources.yaml first")
    metrics = sorted((m for m in base.metrics.values() if m.topic == topic), key=lambda m: m.key)
    if metric is not None and base.metrics[metric].topic != topic:
        raise SkeletonError(
            f"metric {metric!r} is of the topic {base.metrics[metric].topic!r}, not {topic!r}"
        )
    cited = base.sources[source] if source else next(iter(base.sources.values()))
    fact_id = fresh_id(subject, topic, {f.id for f in base.facts} | set(taken))
    lines = [
        f"  - id: {fact_id}",
        f"    statement: {_quoted(TODO + ': one sentence in your own words.')}",
    ]
    if metric is None:
        lines.append("    # metric: for a comparable figure, one of the topic's metrics:")
        lines += [
            f"    #   {m.key} ({m.unit or 'no unit'}): {_line(m.description)}" for m in metrics
        ]
        if not metrics:
            lines.append("    #   (the topic has none yet; add one to metrics.yaml)")
    else:
        lines.append(f"    metric: {metric}")
    lines.append(f"    value: {TODO}  # a YAML number for a figure, never quoted")
    unit = base.metrics[metric].unit if metric else None
    if unit:
        lines.append(f"    unit: {_quoted(unit)}")
    lines.append(f"    as_of: {_quoted(cited.published)}  # the date the fact holds for")
    lines.append("    # source: one of")
    lines += [f"    #   {s.id}: {_line(s.title)} ({s.published})" for s in base.sources.values()]
    lines.append(f"    source: {cited.id}")
    lines.append(f"    locator: {_quoted(TODO + ', para 1')}  # <section>, para N")
    return Skeleton(fact_id, "\n".join(lines) + "\n")


def header(subject: str, topic: str) -> str:
    return f"subject: {subject}\ntopic: {topic}\nfacts:\n"


def _inside(path: Path, directory: Path) -> bool:
    path, directory = path.resolve(), directory.resolve()
    return path == directory or directory in path.parents


def target(into: Path, subject: str, topic: str, bundled: Path) -> Path:
    """`into/<subject>/<topic>.yaml`, refused when `into` is (or is inside) the bundled facts."""
    refuse_bundled(into, bundled)
    return into / subject / f"{topic}.yaml"


def refuse_bundled(into: Path, bundled: Path) -> None:
    """Raise SkeletonError when `into` is (or is inside) the bundled facts directory."""
    if _inside(into, bundled):
        raise SkeletonError(
            f"{into} is in the bundled facts directory ({bundled}); write new facts to your own"
            " directory (--into DIR, then --facts-dir DIR or C5LENS_FACTS_PATH)"
        )


def existing_ids(path: Path) -> list[str]:
    """The ids of the facts of a fact file (none if it does not exist)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as e:
        raise SkeletonError(f"cannot read {path}: {e.strerror or e}") from None
    facts = _facts(raw, path)
    return [f["id"] for f in facts if isinstance(f, dict) and isinstance(f.get("id"), str)]


def _facts(raw: bytes, path: Path) -> list[object]:
    try:
        data = parse_yaml(raw).data if raw.strip() else None
    except YamlError as e:
        p = e.problems[0]
        raise SkeletonError(f"{path}:{p.line}:{p.col}: {p.message}") from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        raise SkeletonError(f"{path} is not a fact file (no 'facts' list)")
    return data["facts"]


def append(path: Path, subject: str, topic: str, item: Skeleton) -> None:
    """Add the skeleton to the end of `path`'s `facts` list, creating the file (with its
    header) if need be. The new text is written beside the file and moved over it, so the file
    is always either the old text or the whole new one."""
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError) as e:
        raise SkeletonError(f"cannot read {path}: {e}") from None
    if old is None:
        new, count = header(subject, topic) + item.text, 0
    else:
        count = len(_facts(old.encode("utf-8"), path))
        body = old if old.endswith("\n") else old + "\n"
        if count == 0:  # `facts: []`: a block list starts on the next line instead
            body = body.replace("facts: []", "facts:", 1)
        new = body + item.text
    # Appending is only right when the facts list is the file's last block; reading the result
    # back proves it, before anything is written.
    refused = SkeletonError(f"cannot append to {path}: its facts list does not end the file")
    try:
        facts = _facts(new.encode("utf-8"), path)
    except SkeletonError:
        raise refused from None
    last = facts[-1] if facts else None
    if len(facts) != count + 1 or not isinstance(last, dict) or last.get("id") != item.id:
        raise refused
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, new)


def _replace(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
