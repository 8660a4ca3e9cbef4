"""compare's records as a wide table: one row per metric, one column per subject.

`compare --format csv` prints compare's records as they are: one per metric and subject, long.
A spreadsheet wants them wide: `metric,unit,<subject>,<subject>,...`. The cells are the values
alone (dates, qualifiers and sources stay in the long records); where sources disagree for a
subject, its cell is every value (a list, which csv writes as `a; b`); where the units of a
row differ, its unit is null and each cell carries its own (`5.1 %`).
"""

from __future__ import annotations

from collections.abc import Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FIXED = ("metric", "unit")


def wide_compare(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """compare_records' output (long) as one record per metric: metric, unit, then a column per
    subject in the order the records name them; a subject without the metric has null."""
    rows: dict[str, list[dict[str, Any]]] = {}
    subjects: dict[str, None] = {}
    for r in records:
        rows.setdefault(r["metric"], []).append(r)
        subjects[r["subject"]] = None
    clash = [s for s in subjects if s in FIXED]
    if clash:
        raise ValueError(f"a subject key is also a column of the wide table: {clash[0]!r}")
    out = []
    for metric, cells in rows.items():
        units = list(dict.fromkeys(c["unit"] for c in cells if c["value"] is not None))
        mixed = len(units) > 1
        row: dict[str, Any] = {"metric": metric, "unit": None if mixed else (units or [None])[0]}
        values: dict[str, list[Any]] = {s: [] for s in subjects}
        for c in cells:
            if c["value"] is None:
                continue
            value = c["value"]
            if mixed and c["unit"] is not None:
                value = f"{_text(value)} {c['unit']}"
            values[c["subject"]].append(value)
        for s, vs in values.items():
            row[s] = None if not vs else vs[0] if len(vs) == 1 else vs
        out.append(row)
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
