"""Find facts directories, read every file in them, and validate what they hold.

`load_base` never raises for bad data: it collects every problem in one pass, keeps the facts
that are valid, and returns both, so that `validate` can list everything and a lookup can go on
with what is sound. Reading a file is `docread`, the registries `registries`, a fact file
`factcheck`; their names are importable from here as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from c5lens.base.docread import read_doc  # noqa: F401 - re-exported
from c5lens.base.factcheck import _check_fact, _read_fact_file  # noqa: F401 - re-exported
from c5lens.base.files import Collector as _Collector
from c5lens.base.files import fact_files as _fact_files
from c5lens.base.model import Base, Fact, Problem
from c5lens.base.paths import (  # noqa: F401 - re-exported: callers load and locate together
    ENV_NO_BUNDLED,
    ENV_PATH,
    bundled_facts_dir,
    facts_dirs,
)
from c5lens.base.registries import _read_registries, _Registries  # re-exported for the index


def load_base(dirs: Sequence[Path]) -> Base:
    """Load and validate every registry and fact file of `dirs`; later dirs override earlier."""
    out = _Collector()
    reg = _Registries()
    _read_registries(dirs, reg, out)
    facts: dict[str, Fact] = {}
    for root in dirs:
        seen_here: dict[str, str] = {}
        for entry in _fact_files(root, out):
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            # The whole file first: its own problems come before those of its repeated ids.
            for fact, pos in list(_read_fact_file(path, rel, reg, out)):
                first = seen_here.get(fact.id)
                if first is not None:
                    out.at(str(path), pos, f"duplicate fact id {fact.id!r} (first in {first})")
                    continue
                seen_here[fact.id] = f"{path}:{fact.line}"
                facts[fact.id] = fact  # a later directory's fact replaces an earlier one
    return Base(
        subjects=reg.subjects,
        topics=reg.topics,
        sources=reg.sources,
        metrics=reg.metrics,
        facts=tuple(facts.values()),
        problems=tuple(out.problems),
    )


def validate_paths(paths: Iterable[Path], dirs: Sequence[Path]) -> list[Problem]:
    """Problems in the given fact files or directories, checked against the registries of dirs."""
    problems: list[Problem] = []
    base_dirs = list(dirs)
    for path in paths:
        try:
            as_dir = path.is_dir() or not path.exists()
        except OSError:  # e.g. a name too long: loading it as a directory reports why
            as_dir = True
        if as_dir:
            problems += load_base([*base_dirs, path]).problems
        else:
            out = _Collector()
            reg = _Registries()
            _read_registries([*base_dirs, path.parent.parent], reg, out)
            facts = list(_read_fact_file(path, path.name, reg, out))
            seen: dict[str, int] = {}
            for fact, pos in facts:
                if fact.id in seen:
                    out.at(
                        str(path),
                        pos,
                        f"duplicate fact id {fact.id!r} (first at line {seen[fact.id]})",
                    )
                seen.setdefault(fact.id, fact.line)
            problems += out.problems
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
