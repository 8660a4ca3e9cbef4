"""export sqlite and export csv: the base written out for analysts' tools."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from c5lens.cli.result import Result, Session, UsageProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _export(
    session: Session,
    target: Path,
    hint: str,
    facts_dir: list[Path] | None,
    write: Callable[..., Any],
    force: bool,
) -> Result:
    from c5lens.exporters.files import ExportRefused

    session.options.facts_dir = list(facts_dir or [])
    store = session.store()
    try:
        counts = write(target, store.registries(), store.in_reading_order(), force=force)
    except ExportRefused as e:
        raise UsageProblem(str(e), param_hint=hint) from None
    except OSError as e:
        # The temporary file's name means nothing to the user: name the target.
        raise OSError(e.errno, e.strerror or str(e), str(target)) from None
    rows = counts.rows
    summary = (
        f"exported {_count(rows['facts'], 'fact')}, {_count(rows['sources'], 'source')}, "
        f"{_count(rows['subjects'], 'subject')}, {_count(rows['topics'], 'topic')} and "
        f"{_count(rows['metrics'], 'metric')} to {target}"
    )
    return Result(notes=[summary])


def _refuse_early(check: Callable[[], None], hint: str) -> None:
    """The target is checked before the base is read, so a mistyped path fails at once."""
    from c5lens.exporters.files import ExportRefused

    try:
        check()
    except ExportRefused as e:
        raise UsageProblem(str(e), param_hint=hint) from None


def to_sqlite(
    session: Session, file: Path, force: bool = False, facts_dir: list[Path] | None = None
) -> Result:
    """Write the base as a relational SQLite database."""
    from c5lens.exporters import files
    from c5lens.exporters.sqlite import export_sqlite

    file = Path(file)
    _refuse_early(lambda: files.check_file(file, force), "'FILE'")
    return _export(session, file, "'FILE'", facts_dir, export_sqlite, force)


def to_csv(
    session: Session, directory: Path, force: bool = False, facts_dir: list[Path] | None = None
) -> Result:
    """Write the base as one CSV file per table."""
    from c5lens.exporters import files
    from c5lens.exporters.csv import FILE_NAMES, export_csv

    directory = Path(directory)
    _refuse_early(lambda: files.check_dir(directory, FILE_NAMES, force), "'DIR'")
    return _export(session, directory, "'DIR'", facts_dir, export_csv, force)
