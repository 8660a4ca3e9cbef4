"""The views that compare figures: compare, rank and history, with bars and sparklines.

Glyphs (bars, sparklines) are drawn only on a terminal: a pipe, a file and `--format` get the
plain values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from c5lens.base.model import Base, Fact
from c5lens.query.rules import CompareRow, Ranked, is_long
from c5lens.render import layout
from c5lens.render.display import MISSING, format_value
from c5lens.render.layout import add_row, token
from c5lens.render.tables import DISAGREE, value_cell

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

BAR_MIN, BAR_MAX = 8, 30
_EIGHTHS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"
OTHER_DATE = "*"


def on_terminal(console: Any) -> bool:
    """Whether glyphs may be drawn: a Rich console writing to a terminal."""
    return bool(getattr(console, "is_terminal", False)) and not getattr(console, "plain", False)


def _numeric(row: CompareRow) -> bool:
    facts = [f for fs in row.cells.values() for f in fs]
    return bool(facts) and all(f.is_numeric and not isinstance(f.value, bool) for f in facts)


def bar(value: float, largest: float, width: int) -> str:
    """A bar `width` cells long at `largest`, in eighths of a cell; none for a value ≤ 0."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value / largest * width * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def sparkline(values: Sequence[float]) -> str:
    """One glyph a value, from ▁ at the smallest to █ at the largest."""
    low, high = min(values), max(values)
    span = high - low
    if not span:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def _common_date(facts: Sequence[Fact]) -> str | None:
    """The date most of the facts hold for, where not all hold for the same one."""
    dates = Counter(f.as_of.iso() for f in facts)
    if len(dates) < 2:
        return None
    return max(dates, key=lambda d: (dates[d], d))  # a tie goes to the newest


def _date_cell(fact: Fact, common: str | None) -> Text:
    if common is not None and fact.as_of.iso() != common:
        return token(f"{fact.as_of.human()} {OTHER_DATE}", style="yellow")
    return token(fact.as_of.human())


def _date_note(console: Any, facts: Sequence[Fact], common: str | None) -> None:
    if common is not None:
        human = next(f.as_of.human() for f in facts if f.as_of.iso() == common)
        console.print(Text(f"{OTHER_DATE} dated differently from the others ({human})"))


def _add_bars(console: Any, table: Any, values: Sequence[float | None]) -> None:
    """A column of bars scaled to the largest value, as wide as the screen leaves room for."""
    room = console.width - layout.natural_width(table) - layout.GAP
    width = min(BAR_MAX, room)
    numbers = [v for v in values if v is not None]
    if width < BAR_MIN or not numbers:
        return
    largest = max(numbers)
    table.add_column("", no_wrap=True, style="cyan", min_width=width)
    # Added after the rows, so its cells are set here, one a row.
    table.columns[-1]._cells = [Text(bar(v, largest, width) if v else "") for v in values]


# --- compare --------------------------------------------------------------------------------


def print_compare(
    console: Console, base: Base, subjects: Sequence[str], rows: list[CompareRow]
) -> None:
    """Metrics down, subjects across, where they fit; else each metric with subjects down.
    Long text lists come after, one block per subject; a single numeric metric gets bars."""
    short = [r for r in rows if not is_long(r)]
    long = [r for r in rows if is_long(r)]
    single = len(short) == 1 and _numeric(short[0]) and on_terminal(console)
    across: list[CompareRow] = []
    sideways: list[CompareRow] = list(short) if single else []
    for row in short if not single else ():
        # A row goes across while the table still fits; one too wide for it goes sideways.
        fits = getattr(console, "plain", False) or layout.column_widths(
            _across(base, subjects, [*across, row]), console.width
        )
        (across if fits else sideways).append(row)
    if across:
        table = _across(base, subjects, across)
        if layout.fits(console, table):
            console.print(table)
        else:
            sideways = [*across, *sideways]
    if len(sideways) == 1:  # one metric: its values with their dates and sources
        print_sideways(console, base, subjects, sideways[0])
    elif sideways:
        print_transposed(console, base, subjects, sideways)
    for row in long:
        _print_long(console, base, subjects, row)


def _across(base: Base, subjects: Sequence[str], rows: list[CompareRow]) -> Any:
    table = layout.table(("Metric", layout.PROSE))
    for s in subjects:
        table.add_column(token(base.subjects[s].name), justify="right", no_wrap=True)
    table.add_column("Differs", **layout.PROSE)
    for row in rows:
        cells: list[Any] = [_label(base, row.metric)]
        for s in subjects:
            facts = row.cells.get(s) or []
            if not facts:
                cells.append(token(MISSING, style="dim"))
                continue
            # Value on one line, its date under it; each disagreeing value adds its source.
            text = Text(no_wrap=True)
            for i, f in enumerate(facts):
                if i:
                    text.append(f"\n{DISAGREE} ", style="bold red")
                text.append(format_value(f), style="bold")
                date = f.as_of.human() if len(facts) == 1 else f"{f.as_of.human()}, {f.source}"
                text.append(f"\n{date}", style="dim")
            cells.append(text)
        mixed = row.mixed
        cells.append(Text("≠ " + ", ".join(mixed), style="yellow") if mixed else Text(""))
        add_row(table, *cells)
    return table


def _label(base: Base, key: str) -> str:
    metric = base.metrics.get(key)
    return metric.title if metric is not None else key


def print_transposed(
    console: Any, base: Base, subjects: Sequence[str], rows: Sequence[CompareRow]
) -> None:
    """Subjects down and metrics across, as many metrics to a table as fit the screen; a
    metric's common date heads its column, and a cell of another date shows its own."""
    group: list[CompareRow] = []
    for row in rows:
        # A metric joins the table while nothing in it needs to wrap.
        if group and layout.natural_width(_transposed(base, subjects, [*group, row])) > (
            console.width
        ):
            layout.print_table(console, _transposed(base, subjects, group))
            group = []
        group.append(row)
    if group:
        layout.print_table(console, _transposed(base, subjects, group))


def _transposed(base: Base, subjects: Sequence[str], rows: Sequence[CompareRow]) -> Any:
    table = layout.table(("Subject", layout.TOKEN))
    commons = []
    for row in rows:
        facts = [f for fs in row.cells.values() for f in fs]
        common = _common_date(facts) or (facts[0].as_of.iso() if facts else None)
        commons.append(common)
        human = next((f.as_of.human() for f in facts if f.as_of.iso() == common), "")
        header = Text(_short_label(base, row.metric))
        header.append(f"\n{human}", style="dim")
        table.add_column(header, justify="right" if _numeric(row) else "left", no_wrap=False)
    for s in subjects:
        cells: list[Any] = [token(base.subjects[s].name)]
        for row, common in zip(rows, commons, strict=True):
            facts = row.cells.get(s) or []
            text = Text(no_wrap=True) if _numeric(row) else Text()
            if not facts:
                text.append(MISSING, style="dim")
            for i, f in enumerate(facts):
                if i:
                    text.append(f"\n{DISAGREE} ", style="bold red")
                text.append(format_value(f), style="bold")
                if len(facts) > 1:
                    text.append(f" ({f.source})")
                if f.as_of.iso() != common:
                    text.append(f"\n{f.as_of.human()} {OTHER_DATE}", style="yellow")
            cells.append(text)
        add_row(table, *cells)
    return table


def _short_label(base: Base, key: str) -> str:
    metric = base.metrics.get(key)
    return metric.short_title if metric is not None else key


def print_sideways(console: Any, base: Base, subjects: Sequence[str], row: CompareRow) -> None:
    """One metric with the subjects down: value, date, source; bars where it is numeric."""
    table = layout.table(
        ("Subject", layout.TOKEN),
        ("Value", layout.NUMBER if _numeric(row) else layout.PROSE),
        ("As of", layout.TOKEN),
        ("Source", layout.TOKEN),
        title=_label(base, row.metric),
    )
    facts = [f for s in subjects for f in row.cells.get(s) or []]
    common = _common_date(facts)
    values: list[float | None] = []
    for s in subjects:
        name = token(base.subjects[s].name)
        cell = row.cells.get(s) or []
        if not cell:
            add_row(table, name, token(MISSING, style="dim"), MISSING, MISSING)
            values.append(None)
        for f in cell:
            add_row(table, name, value_cell(f), _date_cell(f, common), token(f.source))
            values.append(f.number if _numeric(row) else None)
    if _numeric(row) and on_terminal(console):
        _add_bars(console, table, values)
    layout.print_table(console, table)
    _date_note(console, facts, common)


def _print_long(console: Any, base: Base, subjects: Sequence[str], row: CompareRow) -> None:
    """A long text list, one block per subject: the subject, then its value wrapped."""
    console.print(Text(_label(base, row.metric), style="bold"))
    table = layout.table(("Subject", layout.TOKEN), ("Value", layout.PROSE))
    for s in subjects:
        for f in row.cells.get(s) or []:
            text = Text(format_value(f))
            text.append(f"\n{f.as_of.human()}, {f.source}", style="dim")
            add_row(table, token(base.subjects[s].name), text)
    layout.print_stacked(console, table)
    console.print()


# --- rank -----------------------------------------------------------------------------------


def print_rank(
    console: Console, base: Base, metric: str, ranked: list[Ranked], missing: list[str]
) -> None:
    """The ranking, with a bar per row on a terminal and rows of another date marked."""
    m = base.metrics[metric]
    console.print(Text(f"{m.title} ({metric}): {m.description}", style="bold"))
    table = layout.table(
        ("#", layout.NUMBER),
        ("Subject", layout.TOKEN),
        ("Value", layout.NUMBER),
        ("As of", layout.TOKEN),
        ("Source", layout.TOKEN),
    )
    common = _common_date([r.fact for r in ranked])
    values: list[float | None] = []
    for r in ranked:
        f = r.fact
        name = token(base.subjects[f.subject].name)
        date = _date_cell(f, common)
        add_row(table, str(r.rank), name, value_cell(f, r.others), date, token(f.source))
        values.append(f.number)
    for s in missing:
        subject = token(base.subjects[s].name)
        add_row(table, MISSING, subject, Text("missing", style="dim"), MISSING, MISSING)
        values.append(None)
    if on_terminal(console):
        _add_bars(console, table, values)
    layout.print_table(console, table)
    _date_note(console, [r.fact for r in ranked], common)


_LINK_WORDS = {
    "broader": "Broader measure",
    "narrower": "Narrower measure",
    "related": "Related measure (overlapping, not the same)",
}


def print_linked_metrics(console: Console, base: Base, metric: str) -> None:
    """Below a ranking: each metric the registry links this one to, what it measures, and the
    values the base holds for it, so related figures are read together and not as one."""
    for relation, key in base.metrics[metric].links():
        other = base.metrics.get(key)
        if other is None:
            continue
        console.print(Text(f"{_LINK_WORDS[relation]}: {other.title} ({key}): {other.description}"))
        facts = sorted(
            (f for f in base.facts if f.metric == key),
            key=lambda f: (base.subjects[f.subject].name, f.as_of.sort_key(), f.source),
        )
        if not facts:
            console.print(Text("  no facts", style="dim"))
            continue
        table = layout.table(
            ("Subject", layout.TOKEN),
            ("Value", layout.NUMBER),
            ("As of", layout.TOKEN),
            ("Source", layout.TOKEN),
            ("Fact", layout.TOKEN),
        )
        for f in facts:
            name = token(base.subjects[f.subject].name)
            add_row(table, name, value_cell(f), f.as_of.human(), f.source, f.id)
        layout.print_table(console, table)


# --- history --------------------------------------------------------------------------------


def print_history(
    console: Console, base: Base, subject: str, metric: str, facts: Sequence[Fact]
) -> None:
    """A metric's values over time, oldest first; a sparkline over three or more dates."""
    name = base.subjects[subject].name if subject in base.subjects else subject
    console.print(Text(f"{name}: {_label(base, metric)} ({metric})", style="bold"))
    by_date: dict[str, Fact] = {}
    for f in facts:  # where sources disagree on a date, the line follows the first
        by_date.setdefault(f.as_of.iso(), f)
    points = list(by_date.values())
    numeric = bool(points) and all(f.is_numeric and not isinstance(f.value, bool) for f in points)
    if numeric and len(points) >= 3 and on_terminal(console):
        line = Text(sparkline([f.number for f in points]), style="cyan")
        line.append(f"  {points[0].as_of.human()} to {points[-1].as_of.human()}", style="dim")
        console.print(line)
    table = layout.table(
        ("As of", layout.TOKEN),
        ("Value", layout.NUMBER if numeric else layout.PROSE),
        ("Source", layout.TOKEN),
    )
    for f in facts:
        add_row(table, token(f.as_of.human()), value_cell(f), token(f.source))
    layout.print_table(console, table)
