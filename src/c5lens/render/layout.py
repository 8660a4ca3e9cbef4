"""Fitting a table to a terminal: tokens whole, prose wrapped at words, or one block a record.

A token (an id, a key, a subject's name, a number with its unit, a date) is a cell of a
`no_wrap` column or a `Text` made with `no_wrap=True`: it is never broken, so a column is at
least as wide as its longest token. Any other cell is prose and wraps at word boundaries.
c5lens sets every column's width itself (Rich, left to it, shrinks columns below their tokens
and folds them); when the narrowest layout is still wider than the screen, the table is drawn
as psql's expanded display (`\\x`) draws it: one block per record, a heading and its value a
line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

BOX = box.SIMPLE_HEAD  # a rule under the header, nothing else
GAP = 3  # a column's right padding, the blank divider, the next column's left padding
TOKEN: dict[str, Any] = {"no_wrap": True}
PROSE: dict[str, Any] = {"overflow": "fold"}  # fold only a word wider than the whole screen
NUMBER: dict[str, Any] = {"no_wrap": True, "justify": "right"}


def table(*columns: tuple[str | Text, dict[str, Any]], title: str | None = None) -> Table:
    """A table in c5lens's style: a rule under the header, no edges, columns GAP apart."""
    out = Table(
        box=BOX,
        title=title,
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        show_edge=False,
    )
    for name, opts in columns:
        out.add_column(name, **opts)
    return out


def token(text: str, style: str = "", justify: Any = None) -> Text:
    """A cell that is never broken across lines."""
    return Text(text, style=style, justify=justify, no_wrap=True)


class Tokens(Text):
    """Prose that holds tokens: it wraps at words, but never inside one of `tokens` (a number
    with its unit may wrap before its `(est.)`, never between the number and the unit)."""

    def __init__(self, text: str, tokens: Sequence[str], **options: Any) -> None:
        super().__init__(text, **options)
        self.tokens = tuple(tokens)


def _tokens_of(cell: Any) -> tuple[str, ...]:
    return tuple(getattr(cell, "tokens", ()))


def add_row(table: Table, *cells: Any) -> None:
    """Add a row whose text cells are shown as written: Rich would read `[est. 1997]` in a
    string as markup and drop it."""
    table.add_row(*(Text(c) if isinstance(c, str) else c for c in cells))


def _lines(cell: Any) -> list[str]:
    plain = cell.plain if isinstance(cell, Text) else "" if cell is None else str(cell)
    return plain.split("\n")


def _is_token(column: Column, cell: Any) -> bool:
    return bool(column.no_wrap or (isinstance(cell, Text) and cell.no_wrap))


def _needs(table: Table, column: Column) -> tuple[int, int]:
    """The narrowest width that breaks no token and no word, and the width of the widest line."""
    low = high = 0
    cells = [*column._cells, column.header] if table.show_header else column._cells
    for cell in cells:
        for line in _lines(cell):
            width = cell_len(line)
            high = max(high, width)
            if _is_token(column, cell):
                low = max(low, width)
            else:
                low = max(low, *(cell_len(word) for word in line.split()), 0)
                low = max(low, *(cell_len(t) for t in _tokens_of(cell) if t in line), 0)
    low = max(low, column.min_width or 0)
    return low, max(high, low)


def column_widths(table: Table, width: int) -> list[int] | None:
    """Each column's width for a screen `width` wide, or None when even the narrowest fails:
    the widest columns give way first, none below its longest token or word."""
    needs = [_needs(table, c) for c in table.columns]
    room = width - GAP * (len(needs) - 1)
    if sum(low for low, _ in needs) > room:
        return None
    if sum(high for _, high in needs) <= room:
        return [high for _, high in needs]

    def total(cap: int) -> int:
        return sum(max(low, min(high, cap)) for low, high in needs)

    lo, hi = 0, max(high for _, high in needs)
    while lo < hi:  # the widest cap at which everything fits
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if total(mid) <= room else (lo, mid - 1)
    widths = [max(low, min(high, lo)) for low, high in needs]
    # What the cap leaves over goes to the columns it held back, first to last.
    spare = room - sum(widths)
    for i, (_, high) in enumerate(needs):
        give = min(spare, high - widths[i])
        widths[i] += give
        spare -= give
    return widths


def natural_width(table: Table) -> int:
    """The width of the table with no cell wrapped."""
    return sum(high for _, high in (_needs(table, c) for c in table.columns)) + GAP * (
        len(table.columns) - 1
    )


def fits(console: Any, table: Table) -> bool:
    """Whether the table fits across the console (always in a pipe), its widths set if so."""
    if getattr(console, "plain", False):
        return True
    widths = column_widths(table, console.width)
    if widths is None:
        return False
    for column, w in zip(table.columns, widths, strict=True):
        column.width, column.min_width, column.max_width = w, None, None
    return _fits(console, table)


def print_table(console: Any, table: Table) -> None:
    """Print a table across when it fits the console's width, else one block per record."""
    # A pipe draws at natural width, where everything fits.
    if fits(console, table):
        console.print(table)
    else:
        print_stacked(console, table)


def _fits(console: Console, table: Table) -> bool:
    from rich.segment import Segment

    lines = Segment.split_lines(console.render(table, console.options))
    return all(Segment.get_line_length(line) <= console.width for line in lines)


def print_stacked(console: Any, table: Table) -> None:
    """The expanded display: the title, then per record each heading with its value beside
    it, prose wrapped under itself; a token too long to fit beside goes on its own line. A
    table with no header (a card) is already one: its first column heads each row."""
    if table.title:
        console.print(Text(str(table.title), style="bold"), soft_wrap=True)
    columns = table.columns
    card = not table.show_header and len(columns) == 2
    if card:
        heads = [_text(c) for c in columns[0]._cells]
        blocks = [[(columns[1], heads[r], r)] for r in range(table.row_count)]
    else:
        heads = [_text(c.header) for c in columns]
        blocks = [[(c, heads[i], r) for i, c in enumerate(columns)] for r in range(table.row_count)]
    pad = max((h.cell_len for h in heads), default=0)
    plain = getattr(console, "plain", False)
    room = 10**6 if plain else max(console.width - pad - GAP, 10)
    for r, block in enumerate(blocks):
        if (r or table.title) and not card:
            console.print()
        for column, heading, row in block:
            cell = column._cells[row]
            text = _text(cell)
            if any(cell_len(t) > room for t in _tokens_of(cell)):
                text.no_wrap = True  # a token that cannot fit wrapped: its lines as they are
            if not text.plain.strip():
                continue
            for i, line in enumerate(_stacked_lines(console, column, text, room, plain)):
                label = heading.copy() if i == 0 else Text("")
                label.stylize("bold")
                if line.cell_len > room:  # whole, under its heading, though wider than the screen
                    if i == 0:
                        console.print(label, soft_wrap=True)
                    console.print(Text.assemble("  ", line), soft_wrap=True)
                    continue
                label.pad_right(pad - label.cell_len)
                console.print(Text.assemble(label, " " * GAP, line), soft_wrap=True)


def _text(cell: Any) -> Text:
    return cell.copy() if isinstance(cell, Text) else Text("" if cell is None else str(cell))


def _stacked_lines(console: Any, column: Column, text: Text, room: int, plain: bool) -> list[Text]:
    token = _is_token(column, text)
    text.justify, text.no_wrap = "default", False
    if token or plain:
        return list(text.split("\n"))
    return list(text.wrap(console, room, justify="default", overflow="fold"))
