"""A subject's profile: basics as keys and values, findings by topic, facts involving it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from c5lens.base.model import Base, Fact
from c5lens.base.record import NamedTuple
from c5lens.render.display import _QUALIFIER_SUFFIX, add_row, format_value
from c5lens.render.layout import BOX as _BOX
from c5lens.render.tables import DISAGREE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CORRECTED = "corrected"
_DATE = {"no_wrap": True}
_TEXT = {"overflow": "fold"}
_STATEMENT_MIN = 24  # narrower than this, a statement reads better stacked
_KEY = {"no_wrap": True}


def dated_value(fact: Fact, edition: str | None = None) -> str:
    """The value with its date folded in, as the Factbook writes it: `4.8% (2024 est.)`; no date
    where it is the reference work's edition (`2,724,900 sq km`)."""
    text = format_value(fact)
    suffix = _QUALIFIER_SUFFIX.get(fact.qualifier or "", "")
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    word = suffix.strip(" ()")
    date = "" if fact.as_of.iso() == edition else fact.as_of.human()
    inside = " ".join(w for w in (date, word) if w)
    return f"{text} ({inside})" if inside else text


def metric_label(base: Base, fact: Fact) -> str:
    """The metric's display label (or a label made from the id where the fact has none)."""
    if fact.metric and fact.metric in base.metrics:
        return base.metrics[fact.metric].title
    label = (fact.metric or fact.id.split(".", 1)[-1]).replace("_", " ").replace("-", " ")
    return label[:1].upper() + label[1:]


def basics_rows(
    base: Base, facts: Sequence[Fact], disagreements: dict[str, list[Fact]]
) -> list[tuple[str, list[str]]]:
    """(label, values) for each metric of the reference-work facts, in the order first met: the
    latest value first, then older ones, newest first, each with its date."""
    editions = {s.id: s.published for s in base.sources.values()}
    by_metric: dict[str, list[Fact]] = {}
    for f in facts:
        by_metric.setdefault(f.metric or f.id, []).append(f)
    rows = []
    for series in by_metric.values():
        ordered = sorted(series, key=lambda f: f.as_of.sort_key(), reverse=True)
        parts = []
        for f in ordered:
            part = dated_value(f, editions.get(f.source))
            for other in disagreements.get(f.id, ()):
                part += f" {DISAGREE} {format_value(other)} ({other.source})"
            parts.append(part)
        rows.append((metric_label(base, ordered[0]), parts))
    return rows


def print_basics(
    console: Console, base: Base, facts: Sequence[Fact], disagreements: dict[str, list[Fact]]
) -> None:
    """The reference-work facts as a compact block of keys and values under one heading."""
    sources = [base.sources[s] for s in dict.fromkeys(f.source for f in facts)]
    names = ", ".join(f"{s.title}, {s.published_date.human()}" for s in sources)
    console.print(Text(f"Basics ({names})", style="bold"))
    table = Table(
        box=None, show_header=False, pad_edge=False, show_edge=False, padding=(0, 3, 0, 0)
    )
    rows = basics_rows(base, facts, disagreements)
    table.add_column("Basics", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold", min_width=20)
    room = None
    if not getattr(console, "plain", False):
        room = console.width - max((cell_len(label) for label, _ in rows), default=0) - 3
    for label, parts in rows:
        values = " · ".join(parts)
        if room is not None and len(parts) > 1 and cell_len(values) > room:
            # one value a line rather than a figure split from its date
            values = "\n".join(parts)
        add_row(table, label, values)
    console.print(table)


def statement_cell(fact: Fact) -> Text:
    """The statement; a corrected fact says so, with what is right, and is never a dispute."""
    text = Text(fact.statement)
    if fact.correction:
        text.append(f" — {CORRECTED}: ", style="bold yellow")
        text.append(fact.correction.statement)
    return text


def value_cell(fact: Fact, others: Sequence[Fact] = ()) -> Text:
    """A measurement's value or a claim's name; nothing for a claim that names nothing, and for a
    corrected fact the word `corrected`, not the source's mistaken value (D97)."""
    if fact.correction:
        return Text(CORRECTED, style="yellow")
    if not fact.shows_value:
        return Text("")
    text = Text(format_value(fact), style="bold", justify="right" if fact.is_numeric else "left")
    for other in others:
        text.append(f" {DISAGREE} {format_value(other)} ({other.source})", style="bold red")
    return text


def by_topic(base: Base, facts: Sequence[Fact]) -> list[tuple[str, list[Fact]]]:
    """The facts grouped by topic, in the registry's order, each under its heading."""
    order = {key: i for i, key in enumerate(base.topics)}
    topics = sorted({f.topic for f in facts}, key=lambda t: order.get(t, len(order)))
    return [(t.capitalize(), [f for f in facts if f.topic == t]) for t in topics]


class Group(NamedTuple):
    """Facts under one heading; `subjects` adds a Subject column (facts of other subjects)."""

    heading: str
    facts: Sequence[Fact]
    subjects: bool = False


def _cells(f: Fact, group: Group, valued: bool, others: Sequence[Fact]) -> list[Any]:
    row: list[Any] = [f.subject] if group.subjects else []
    row.append(f.as_of.human())
    if valued:
        row.append(value_cell(f, others))
    return [*row, statement_cell(f), f.source]


def _measure(console: Console, cell: Any) -> Measurement:
    return Measurement.get(console, console.options, Text(cell) if isinstance(cell, str) else cell)


def print_findings(
    console: Console, groups: Sequence[Group], disagreements: dict[str, list[Fact]]
) -> None:
    """A table for each group, under its heading, their columns the same widths so that they
    line up: date, value where any fact shows one, statement, source. Where the statement would
    be narrower than _STATEMENT_MIN, the facts are stacked instead."""
    facts = [f for g in groups for f in g.facts]
    valued = any(f.shows_value or f.correction for f in facts)
    names = ["As of", *(["Value"] if valued else []), "Statement", "Source"]
    rows = {id(g): [_cells(f, g, valued, disagreements.get(f.id, ())) for f in g.facts]
            for g in groups}  # fmt: skip
    plain = getattr(console, "plain", False)  # a pipe: natural widths, nothing wraps
    widths = {} if plain else _widths(console, groups, names, rows)
    if widths.get("stacked"):
        print_stacked(console, groups, disagreements)
        return
    subject = widths.get("Subject", 0)
    for g in groups:
        table = Table(box=_BOX, title=g.heading, title_justify="left", title_style="bold",
                      pad_edge=False, show_edge=False)  # fmt: skip
        if g.subjects:
            table.add_column("Subject", no_wrap=True, width=subject or None)
        for name in names:
            width = widths.get(name)
            if width and g.subjects and name == "Statement":
                width -= subject + 3  # a Subject column takes its room from the statement
            wraps = name in ("Value", "Statement")
            table.add_column(name, no_wrap=not wraps, overflow="fold", width=width)
        for row in rows[id(g)]:
            add_row(table, *row)
        console.print(table)


def _widths(
    console: Console, groups: Sequence[Group], names: list[str], rows: dict[int, list[list[Any]]]
) -> dict[str, int]:
    """The columns' widths shared by every group's table: each no-wrap column at its widest
    cell, the value at most 28 (never below its longest word), the statement the rest of the
    line, less a Subject column where a group has one; and `stacked`, 1 where that is too
    narrow to read."""
    widths: dict[str, int] = {}
    for i, name in enumerate(names):
        cells = [r[i - len(names)] for g in groups for r in rows[id(g)]]
        sizes = [_measure(console, c) for c in (name, *cells)]
        widest = max(m.maximum for m in sizes)
        if name == "Value":
            widest = max(min(widest, 28), *(m.minimum for m in sizes))
        widths[name] = widest
    subject = max((len(f.subject) for g in groups if g.subjects for f in g.facts), default=0)
    if subject:
        widths["Subject"] = max(subject, len("Subject"))
    taken = sum(w for n, w in widths.items() if n != "Statement") + 3 * (len(widths) - 1)
    room = console.width - taken
    # `stacked`: the statement would be squeezed below _STATEMENT_MIN (and below its length)
    widths["stacked"] = int(room < min(_STATEMENT_MIN, widths["Statement"]))
    widths["Statement"] = min(widths["Statement"], room) + (widths["Subject"] + 3 if subject else 0)
    return widths


def print_stacked(
    console: Console, groups: Sequence[Group], disagreements: dict[str, list[Fact]]
) -> None:
    """The groups one block a fact, where their table would not fit: a line of tokens (subject,
    date, source), then the value and statement, wrapped at spaces, indented."""
    for group in groups:
        console.print(Text(group.heading, style="bold"))
        for f in group.facts:
            head = [f.as_of.human(), f.source]
            if group.subjects:
                head.insert(0, f.subject)
            console.print(Text(" · ".join(head), style="dim"), overflow="ignore")
            body = Text()
            value = value_cell(f, disagreements.get(f.id, ()))
            if value.plain:
                value.justify = None
                body.append_text(value)
                body.append(" · ")
            body.append_text(statement_cell(f))
            console.print(Padding(body, (0, 0, 0, 2)))


def print_profile(
    console: Console,
    base: Base,
    basics: Sequence[Fact],
    findings: Sequence[Fact],
    involving: Sequence[Fact],
    disagreements: dict[str, list[Fact]],
    name: str,
) -> None:
    """Basics, then findings by topic, then the facts of other subjects that involve this one."""
    if basics:
        print_basics(console, base, basics, disagreements)
    groups = [Group(heading, facts) for heading, facts in by_topic(base, findings)]
    if involving:
        groups.append(Group(f"Involving {name}", involving, subjects=True))
    if groups:
        print_findings(console, groups, disagreements)
