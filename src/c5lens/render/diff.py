"""What `c5lens diff` prints: the JSON document, and a table for people."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from c5lens.base.fields import SHA256_RE
from c5lens.base.model import Base
from c5lens.query.diff import BaseDiff, FieldChange
from c5lens.render.display import MISSING, add_row, format_plain_value
from c5lens.render.layout import print_table
from c5lens.render.records import fact_record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _change(c: FieldChange) -> dict[str, Any]:
    return {"field": c.field, "old": c.old, "new": c.new}


def diff_document(result: BaseDiff, old: Base, new: Base, names: tuple[str, str]) -> dict:
    """`diff --json`: the two sides as given, whether they differ, then facts and registries."""
    return {
        "old": names[0],
        "new": names[1],
        "differ": result.differ,
        "facts": {
            "added": [fact_record(f, new) for f in result.added],
            "removed": [fact_record(f, old) for f in result.removed],
            "changed": [
                {"id": c.id, "changes": [_change(x) for x in c.changes]} for c in result.changed
            ],
        },
        "registries": [
            {
                "kind": e.kind,
                "key": e.key,
                "status": e.status,
                "changes": [_change(x) for x in e.changes],
            }
            for e in result.registries
        ],
    }


def shown(value: Any) -> str:
    """A field's value in a cell: numbers as written, lists joined, mappings as key: value."""
    if value is None:
        return MISSING
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value) or "[]"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items())
    if isinstance(value, float | int) and not isinstance(value, bool):
        return repr(value)  # 23 and 23.0 differ in a fact file: show which
    if isinstance(value, str) and SHA256_RE.fullmatch(value):
        return value[:12] + "…"  # a digest: enough to tell two apart
    return str(format_plain_value(value))


def _changes(changes: tuple[FieldChange, ...]) -> Text:
    out = Text()
    for i, c in enumerate(changes):
        if i:
            out.append("\n")
        out.append(f"{c.field} ", style="bold")
        out.append(f"{shown(c.old)} → {shown(c.new)}")
    return out


def print_diff(console: Console, result: BaseDiff, names: tuple[str, str]) -> None:
    """One row per fact or registry entry: + added, - removed, ~ changed (field by field)."""
    if not result.differ:
        console.print(f"No differences between {names[0]} and {names[1]}.", soft_wrap=True)
        return
    console.print(Text(f"{names[0]} → {names[1]}", style="bold"), soft_wrap=True)
    table = Table(show_edge=False, pad_edge=False, box=None)
    for name, opts in (
        ("", {"no_wrap": True}),
        ("kind", {"no_wrap": True}),
        ("key", {"no_wrap": True}),  # an id or a key: never broken
        ("change", {"overflow": "fold"}),
    ):
        table.add_column(name, **opts)
    for fact in result.added:
        add_row(table, Text("+", style="green"), "fact", fact.id, fact.statement)
    for fact in result.removed:
        add_row(table, Text("-", style="red"), "fact", fact.id, fact.statement)
    for c in result.changed:
        add_row(table, Text("~", style="yellow"), "fact", c.id, _changes(c.changes))
    for e in result.registries:
        mark = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}
        sign, style = mark[e.status]
        add_row(table, Text(sign, style=style), e.kind[:-1], e.key, _changes(e.changes) or e.status)
    print_table(console, table)
    console.print(
        f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed"
        f" facts; {len(result.registries)} registry entries"
    )
