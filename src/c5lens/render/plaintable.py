"""Draw Rich tables as plain text at their natural width, for output that goes to a pipe.

A pipe wants whole lines: nothing wrapped, nothing coloured. Rich's layout engine is built to
fit a table into a terminal and costs more than the rest of a lookup; with no width to fit,
the layout is simply each column as wide as its widest cell. The tables are still built by
`tables` as Rich tables, so there is one description of each table; this only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_GAP = "   "  # a column's right padding, the blank box edge, the next column's left padding


class PlainConsole:
    """The part of rich.console.Console that `tables` uses, writing plain lines to a list."""

    plain = True

    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, renderable: Any = "", **_options: Any) -> None:
        if isinstance(renderable, Table):
            self.lines += render_table(renderable)
        elif isinstance(renderable, Text):
            self.lines += renderable.plain.split("\n")
        else:
            self.lines += str(renderable).split("\n")

    def text(self) -> str:
        return "".join(line.rstrip() + "\n" for line in self.lines)


def _plain(cell: Any) -> tuple[list[str], str | None]:
    if isinstance(cell, Text):
        return cell.plain.split("\n"), cell.justify
    return ("" if cell is None else str(cell)).split("\n"), None


def render_table(table: Table) -> list[str]:
    """The table's lines: title, header, rule, rows; columns as wide as their widest cell."""
    columns = table.columns
    cells = [[_plain(c) for c in column._cells] for column in columns]
    headers = [_plain(column.header)[0] for column in columns]
    widths = []
    for i, column in enumerate(columns):
        lines = [line for text, _ in cells[i] for line in text]
        if table.show_header:
            lines += headers[i]
        widest = max((cell_len(line) for line in lines), default=0)
        widths.append(max(widest, column.min_width or 0))
    out = []
    if table.title:
        out += _plain(table.title)[0]
    if table.show_header:
        justify = [c.justify for c in columns]
        out += _row([(h, None) for h in headers], widths, justify)
        out.append("─" * (sum(widths) + len(_GAP) * (len(widths) - 1)))
    for r in range(table.row_count):
        row = [cells[i][r] for i in range(len(columns))]
        out += _row(row, widths, [c.justify for c in columns])
    return out


def _row(
    row: list[tuple[list[str], str | None]], widths: list[int], justify: Sequence[str]
) -> list[str]:
    height = max(len(text) for text, _ in row)
    lines = []
    for n in range(height):
        parts = []
        for (text, cell_justify), width, col_justify in zip(row, widths, justify, strict=True):
            line = text[n] if n < len(text) else ""
            pad = " " * (width - cell_len(line))
            right = (cell_justify or col_justify) == "right"
            parts.append(pad + line if right else line + pad)
        lines.append(_GAP.join(parts))
    return lines
