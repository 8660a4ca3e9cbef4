"""The base as CSV files, one per table of the SQLite export, with the same columns and cells.

`subjects.csv`, `topics.csv`, `sources.csv`, `metrics.csv`, `facts.csv` and `related.csv`:
RFC 4180, UTF-8, a header row, NULL as an empty cell. Each file is written to a temporary file
beside it; they are renamed into place only once all of them are complete.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterable
from pathlib import Path

from c5lens.base.model import Base, Fact
from c5lens.exporters import files
from c5lens.exporters.rows import TABLES, Counts, fact_and_related_rows, registry_rows

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FILE_NAMES = [f"{t.name}.csv" for t in TABLES]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return value


def export_csv(
    directory: Path, registries: Base, facts: Iterable[Fact], force: bool = False
) -> Counts:
    """Write one CSV per table into `directory` (made if missing, in a directory
    that exists); refuses (ExportRefused) to
    overwrite a file without force."""
    files.check_dir(directory, FILE_NAMES, force)
    made_dir = not directory.exists()
    directory.mkdir(exist_ok=True)
    counts = Counts()
    try:
        with files.removed_on_failure([]) as temps:
            handles, writers = {}, {}
            try:
                for t in TABLES:
                    tmp = files.temporary_beside(directory / f"{t.name}.csv")
                    temps.append(tmp)
                    handles[t.name] = tmp.open("w", encoding="utf-8", newline="")
                    writers[t.name] = csv.writer(handles[t.name], lineterminator="\n")
                    writers[t.name].writerow(t.names)

                def row(table: str, values: tuple[Any, ...]) -> None:
                    writers[table].writerow([_cell(v) for v in values])

                for name, rows in registry_rows(registries).items():
                    for r in rows:
                        row(name, r)
                    counts.rows[name] = len(rows)
                for r in fact_and_related_rows(facts, lambda rel: row("related", rel), counts):
                    row("facts", r)
            finally:
                for h in handles.values():
                    h.close()
            for t, tmp in zip(TABLES, temps, strict=True):
                files.place(tmp, directory / f"{t.name}.csv", force)
    except BaseException:
        if made_dir:
            with contextlib.suppress(OSError):
                directory.rmdir()  # only if nothing else was put there meanwhile
        raise
    return counts
