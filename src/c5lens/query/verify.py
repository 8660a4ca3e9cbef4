"""Check every fact against the text its locator names: each figure and date printed there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from c5lens.base.documents import (
    DocumentChanged,
    DocumentError,
    DocumentNotFound,
    Documents,
    Evidence,
    LocatorError,
    is_folder,
)
from c5lens.base.model import Base, Fact, Problem, Source
from c5lens.base.paragraphs import well_formed
from c5lens.base.positions import record_positions
from c5lens.query.evidence import examine

GRAMMAR = '"<section>, para N" or "Caption N"'


class _Places:
    """Where a fact or a source is written: the file of the directory that wins, and the
    (line, col) of each of its fields."""

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots = list(roots)

    def fact(self, fact: Fact) -> tuple[str, dict[str, tuple[int, int]]]:
        for root in reversed(self.roots):  # a later directory's fact replaces an earlier one
            path = root / fact.file
            found = record_positions(path, "facts", "id").get(fact.id)
            if found is not None:
                return str(path), found
        return fact.file, {"": (fact.line, 1)}

    def source(self, source: Source) -> tuple[str, dict[str, tuple[int, int]]]:
        for root in reversed(self.roots):
            path = root / "sources.yaml"
            found = record_positions(path, "sources", "id").get(source.id)
            if found is not None:
                return str(path), found
        return "sources.yaml", {}

    def file_of(self, fact: Fact) -> Path:
        return Path(self.fact(fact)[0])


def _selected(facts: Iterable[Fact], places: _Places, paths: Sequence[Path]) -> list[Fact]:
    """The facts written in one of `paths` (fact files, or directories holding them)."""
    if not paths:
        return list(facts)
    wanted = [p.resolve() for p in paths]
    chosen = []
    for fact in facts:
        where = places.file_of(fact).resolve()
        if any(where == p or p in where.parents for p in wanted):
            chosen.append(fact)
    return chosen


def document_name(source: Source, evidence: Evidence) -> str:
    """The document as a problem names it: its file name, or `folder/file` for the Factbook."""
    if is_folder(source):
        return f"{source.document}{evidence.document.name}"
    return source.document


def verify(
    base: Base, roots: Sequence[Path], documents: Documents, paths: Sequence[Path] = ()
) -> list[Problem]:
    """Every figure or date of a fact that the text its locator names does not print, every
    locator that names nothing, and every document that is missing or not the text cited.

    `roots` are the directories `base` was loaded from (to give each problem its file, line
    and column); `paths` limits the check to the facts of those files or directories.
    """
    places = _Places(roots)
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()  # (source, file or "") reported once

    def at(file_and_pos: tuple[str, dict[str, tuple[int, int]]], field: str, message: str):
        path, pos = file_and_pos
        line, col = pos.get(field, pos.get("", (0, 0)))
        problems.append(Problem(path, line, col, message))

    def source_problem(source: Source, locator: str, e: DocumentError) -> None:
        file = locator.partition(": ")[0] if is_folder(source) else ""
        if (source.id, file) in broken:
            return
        broken.add((source.id, file))
        field = "document"
        if isinstance(e, DocumentChanged):
            field = f"sha256.{file}" if file else "sha256"
        at(places.source(source), field, f"source {source.id}: {e}")

    def look(source: Source, locator: str) -> Evidence | str | None:
        """The evidence, or why the locator names nothing (None: the document is the matter)."""
        if not is_folder(source) and not well_formed(locator):
            return f'locator "{locator}" names no paragraph (expected {GRAMMAR})'
        try:
            return documents.evidence(source, locator)
        except (DocumentNotFound, DocumentChanged) as e:
            source_problem(source, locator, e)
            return None
        except LocatorError as e:
            return f"locator {e}"
        except (OSError, UnicodeDecodeError, ValueError) as e:  # unreadable, or not JSON
            source_problem(source, locator, DocumentError(f"cannot read its document: {e}"))
            return None

    for fact in _selected(base.facts, places, paths):
        source = base.sources[fact.source]
        where = places.fact(fact)
        found = look(source, fact.locator)
        if isinstance(found, str):
            at(where, "locator", f"fact {fact.id}: {found}")
        elif found is not None:
            for miss in examine(fact, source, found.text).misses:
                message = miss.what
                if miss.absent:
                    message += f' not in "{fact.locator}" of {document_name(source, found)}'
                at(where, miss.field, f"fact {fact.id}: {message}")
        if fact.correction is not None:
            c = fact.correction
            fixed = look(base.sources[c.source], c.locator)
            if isinstance(fixed, str):
                at(where, "correction.locator", f"fact {fact.id}: correction's {fixed}")
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line, p.col))
