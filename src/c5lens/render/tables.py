"""Rich tables for people at a terminal. Each function prints to the console it is given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from c5lens.base.model import Base, Fact, Problem, Source, Subject
from c5lens.base.text import fold
from c5lens.query.rules import CompareRow, Hit, Ranked
from c5lens.render.display import MISSING, add_row, format_plain_value, format_value

_BOX = box.SIMPLE_HEAD
DISAGREE = "≠"


def _table(*columns: tuple[str, dict[str, Any]], title: str | None = None) -> Table:
    table = Table(
        box=_BOX,
        title=title,
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        show_edge=False,
    )
    for name, opts in columns:
        table.add_column(name, **opts)
    return table


def _print(console: Console, table: Table) -> None:
    """Print a table; where its columns cannot all fit the console's width, let every column
    wrap and fold, so that Rich never cuts the right-hand columns off (or ends cells in …)."""
    # A plain console (plaintable) draws at natural width, where everything fits.
    if not getattr(console, "plain", False) and not _fits(console, table):
        for column in table.columns:
            column.no_wrap, column.overflow, column.min_width = False, "fold", None
    console.print(table)


def _fits(console: Console, table: Table) -> bool:
    from rich.measure import Measurement
    from rich.segment import Segment

    # Every no_wrap column at its widest cell and every other at its longest word, with the
    # columns 3 cells apart (padding, the box's blank divider, padding) and no edges.
    total = 3 * (len(table.columns) - 1)
    for column in table.columns:
        cells = (column.header, *column.cells)
        sizes = [Measurement.get(console, console.options, cell) for cell in cells]
        need = max(m.maximum if column.no_wrap else m.minimum for m in sizes)
        total += max(need, column.min_width or 0)
    if total > console.width:
        return False
    # Rich's own layout may still overshoot where it shrinks a column below its min_width.
    lines = Segment.split_lines(console.render(table, console.options))
    return all(Segment.get_line_length(line) <= console.width for line in lines)


_VALUE = {"overflow": "fold", "min_width": 5, "max_width": 30}
_DATE = {"no_wrap": True}
_TEXT = {"overflow": "fold", "min_width": 30}
_KEY = {"no_wrap": True}


def _value_cell(fact: Fact, others: Sequence[Fact] = ()) -> Text:
    """The value; where other sources disagree, marked ≠ and followed by theirs."""
    if fact.correction:
        return Text("corrected", style="yellow")  # never the source's mistake (D97)
    if fact.value is None:
        return Text("")  # a claim that names nothing is its statement (D96)
    # Figures line up on the right; names and statuses read better from the left.
    text = Text(format_value(fact), style="bold", justify="right" if fact.is_numeric else "left")
    if others:
        text.append(f" {DISAGREE}", style="bold red")
        for other in others:
            text.append(f" {format_value(other)} ({other.source})")
    return text


def subject_header(subject: Subject, facts: Sequence[Fact]) -> Text:
    codes = " / ".join(subject.codes) or "no ISO code"
    sources = len({f.source for f in facts})
    n = len(facts)
    line = Text(subject.name, style="bold")
    line.append(f"  {subject.kind} · {codes} · ")
    line.append(f"{n} fact{'s' * (n != 1)} from {sources} source{'s' * (sources != 1)}")
    return line


def print_facts_by_topic(
    console: Console,
    base: Base,
    facts: Sequence[Fact],
    full: bool = False,
    disagreements: dict[str, list[Fact]] | None = None,
    show_subject: bool = False,
) -> None:
    """One table per topic: value, as-of date, statement, source (and with full, locator, notes)."""
    disagreements = disagreements or {}
    # In the registry's order (topics.yaml: "Order here is the order topics are shown in"),
    # not in the order of the first subject's facts.
    order = {key: i for i, key in enumerate(base.topics)}
    topics = sorted(dict.fromkeys(f.topic for f in facts), key=lambda t: order.get(t, len(order)))
    for topic in topics:
        columns: list[tuple[str, dict[str, Any]]] = [
            ("Value", _VALUE), ("As of", _DATE), ("Statement", _TEXT), ("Source", _KEY)
        ]  # fmt: skip
        if show_subject:
            columns.insert(0, ("Subject", _KEY))
        if full:
            columns += [("Locator", {"overflow": "fold", "max_width": 28}), ("Notes", _TEXT)]
        table = _table(*columns, title=topic.capitalize())
        for f in (f for f in facts if f.topic == topic):
            row: list[Any] = [
                _value_cell(f, disagreements.get(f.id, ())),
                f.as_of.human(),
                f.statement,
                f.source,
            ]
            if show_subject:
                row.insert(0, f.subject)
            if full:
                notes = f.notes or ""
                if f.correction:
                    c = f.correction
                    notes += (
                        f"{' ' if notes else ''}Correction: {c.statement} ({c.source}, {c.locator})"
                    )
                if f.id in disagreements:
                    ids = ", ".join(o.id for o in disagreements[f.id])
                    notes += f"{' ' if notes else ''}Disagrees with {ids}."
                row += [f.locator, notes or MISSING]
            add_row(table, *row)
        _print(console, table)


def print_problems(console: Console, problems: Sequence[Problem]) -> None:
    for p in problems:
        console.print(str(p), markup=False, highlight=False, soft_wrap=True)


def print_compare(
    console: Console, base: Base, subjects: Sequence[str], rows: list[CompareRow]
) -> None:
    """Metrics down, subjects across; a row whose cells differ in date, unit or source is marked."""
    table = _table(("Metric", {"no_wrap": True}))
    for s in subjects:
        name = base.subjects[s].name
        table.add_column(name, justify="right", overflow="fold", min_width=len(name))
    table.add_column("Differs", overflow="fold", min_width=7)
    for row in rows:
        cells: list[Any] = [row.metric]
        for s in subjects:
            facts = row.cells.get(s) or []
            if not facts:
                cells.append(Text(MISSING, style="dim"))
                continue
            # Value on one line, its date under it; each disagreeing value adds its source.
            text = Text()
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
    _print(console, table)


def print_rank(
    console: Console, base: Base, metric: str, ranked: list[Ranked], missing: list[str]
) -> None:
    m = base.metrics[metric]
    console.print(Text(f"{metric}: {m.description}", style="bold"))
    table = _table(
        ("#", {"justify": "right"}),
        ("Subject", _KEY),
        ("Value", _VALUE),
        ("As of", _DATE),
        ("Source", _KEY),
    )
    for r in ranked:
        f = r.fact
        value = _value_cell(f, r.others)
        add_row(table, str(r.rank), base.subjects[f.subject].name, value, f.as_of.human(), f.source)
    for s in missing:
        add_row(
            table, MISSING, base.subjects[s].name, Text("missing", style="dim"), MISSING, MISSING
        )
    _print(console, table)


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
        console.print(Text(f"{_LINK_WORDS[relation]}: {key}: {other.description}"))
        facts = sorted(
            (f for f in base.facts if f.metric == key),
            key=lambda f: (base.subjects[f.subject].name, f.as_of.sort_key(), f.source),
        )
        if not facts:
            console.print(Text("  no facts", style="dim"))
        for f in facts:
            line = Text(f"  {base.subjects[f.subject].name}: ")
            line.append(format_value(f), style="bold")
            line.append(f" ({f.as_of.human()}, {f.source}, {f.id})")
            console.print(line)


def print_hits(
    console: Console, base: Base, hits: Sequence[Hit], disagreements: dict[str, list[Fact]]
) -> None:
    table = _table(("Fact", {"no_wrap": True}), ("Value", _VALUE), ("Statement", _TEXT))
    plain = getattr(console, "plain", False)  # no styles in a pipe: nothing to highlight
    for h in hits:
        value = _value_cell(h.fact, disagreements.get(h.fact.id, ()))
        value.justify = "left"
        statement = h.fact.statement if plain else highlight_terms(h.fact.statement, h.terms)
        add_row(table, h.fact.id, value, statement)
    _print(console, table)


def highlight_terms(text: str, terms: Sequence[str]) -> Text:
    """Text with every word that starts with one of terms in bold, ignoring case and accents."""
    import re

    out = Text(text)
    prefixes = tuple(terms)
    folded = fold(text)
    if len(folded) == len(text):
        # Folding kept every character in place (ASCII, and most text): fold once, not per word.
        for m in re.finditer(r"\w+", folded):
            if m.group().startswith(prefixes):
                out.stylize("bold reverse", m.start(), m.end())
        return out
    for m in re.finditer(r"\w+", text):
        if fold(m.group()).startswith(prefixes):
            out.stylize("bold reverse", m.start(), m.end())
    return out


def print_fact(
    console: Console, base: Base, fact: Fact, disagrees: Sequence[Fact], citation: str
) -> None:
    """One fact as a two-column card: every field and its complete citation."""
    table = Table(box=_BOX, show_header=False, pad_edge=False, show_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    subject = base.subjects[fact.subject]
    source = base.sources[fact.source]
    rows = [
        ("id", fact.id),
        ("subject", f"{subject.name} ({subject.key})"),
        ("topic", fact.topic),
        ("statement", fact.statement),
        ("value", format_value(fact)),
        ("raw value", format_plain_value(fact.value) if fact.is_numeric else None),
        ("metric", fact.metric),
        ("as of", f"{fact.as_of.human()} ({fact.as_of.iso()}, {fact.as_of.precision} precision)"),
        ("resolved from", f'"{fact.resolved_from}"' if fact.resolved_from else None),
        ("source", f"{source.id}: {source.title}"),
        ("locator", fact.locator),
        ("related", ", ".join(fact.related) or None),
        ("notes", fact.notes),
        (
            "correction",
            f"{fact.correction.statement} ({fact.correction.source}, {fact.correction.locator})"
            if fact.correction
            else None,
        ),
        (
            "disagrees with",
            "; ".join(f"{format_value(o)} ({o.source}: {o.id})" for o in disagrees) or None,
        ),
        ("file", fact.file),
        ("cite as", citation),
    ]
    for name, value in rows:
        if value is not None:
            add_row(table, name, value)
    _print(console, table)


def print_records_table(
    console: Console,
    records: Sequence[dict],
    columns: Sequence[tuple[str, str]],
    title: str | None = None,
) -> None:
    """A plain table of records: columns are (record key, heading)."""
    table = _table(*((heading, {"overflow": "fold"}) for _, heading in columns), title=title)
    for rec in records:
        cells = []
        for key, _ in columns:
            v = rec.get(key)
            if isinstance(v, list):
                v = ", ".join(map(str, v)) or MISSING
            cells.append(
                Text(MISSING, style="dim")
                if v is None
                else str(v)
                if not isinstance(v, int | float) or isinstance(v, bool)
                else format_plain_value(v)
            )
        add_row(table, *cells)
    _print(console, table)


def print_subjects(console: Console, records: Sequence[dict]) -> None:
    table = _table(
        ("Key", _KEY),
        ("Name", _KEY),
        ("Kind", _KEY),
        ("Codes", _KEY),
        ("Also known as", {"overflow": "fold"}),
        ("Facts", {"justify": "right"}),
    )
    for r in records:
        codes = " / ".join(c for c in (r["iso_alpha2"], r["iso_alpha3"], r["iso_numeric"]) if c)
        if r["factbook"]:
            codes += f"{' · ' if codes else ''}fb {r['factbook']}"
        names = [n for n in r["names"] if n not in (r["key"], r["name"])]
        add_row(
            table,
            r["key"],
            r["name"],
            r["kind"],
            codes or MISSING,
            ", ".join(names) or MISSING,
            format_plain_value(r["facts"]),
        )
    _print(console, table)


def print_timeline(
    console: Console, base: Base, facts: Sequence[Fact], disagreements: dict[str, list[Fact]]
) -> None:
    table = _table(
        ("Date", _DATE),
        ("Subject", _KEY),
        ("Value", _VALUE),
        ("Statement", _TEXT),
        ("Source", _KEY),
    )
    for f in facts:
        value = _value_cell(f, disagreements.get(f.id, ()))
        add_row(table, f.as_of.human(), f.subject, value, f.statement, f.source)
    _print(console, table)


def print_source_card(console: Console, source: Source, fact_count: int, citation: str) -> None:
    table = Table(box=_BOX, show_header=False, pad_edge=False, show_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in (
        ("id", source.id),
        ("title", source.title),
        ("author", source.author),
        ("publisher", source.publisher or "not stated"),
        (
            "published",
            f"{source.published_date.human()} ({source.published_date.precision} precision)",
        ),
        ("kind", source.kind),
        ("document", source.document),
        ("url", source.url or "not known"),
        ("notes", source.notes),
        ("facts", format_plain_value(fact_count)),
        ("cite as", citation),
    ):
        if value is not None:
            add_row(table, name, value)
    _print(console, table)


def print_conflicts(console: Console, base: Base, groups: Sequence[Sequence[Fact]]) -> None:
    """Each disagreement under its own heading: subject and metric, then one row per value."""
    for i, group in enumerate(groups, 1):
        first = group[0]
        name = (
            base.subjects[first.subject].name if first.subject in base.subjects else first.subject
        )
        table = _table(
            ("Value", _VALUE),
            ("As of", _DATE),
            ("Source", _KEY),
            ("Fact", {"overflow": "fold"}),
            title=f"{i}. {name}: {first.metric}",
        )
        for f in group:
            value = _value_cell(f)
            value.append(f" {DISAGREE}", style="bold red")
            add_row(table, value, f.as_of.human(), f.source, f.id)
        _print(console, table)


def print_profile_basics(
    console: Console, base: Base, facts: Sequence[Fact], disagreements: dict[str, list[Fact]]
) -> None:
    """The reference-work facts as one compact table: what, value, as of, source; a value that
    another source contradicts is followed by that source's value."""
    sources = ", ".join(dict.fromkeys(base.sources[f.source].title for f in facts))
    table = _table(
        ("Basics", {"no_wrap": True}),
        ("Value", {"overflow": "fold", "min_width": 12}),
        ("As of", _DATE),
        ("Source", _KEY),
        title=f"Profile ({sources})",
    )
    for f in facts:
        label = (f.metric or f.id).replace("_", " ")
        value = _value_cell(f, disagreements.get(f.id, ()))
        value.justify = "left"
        add_row(table, label[:1].upper() + label[1:], value, f.as_of.human(), f.source)
    _print(console, table)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def print_info(console: Console, info: dict[str, Any]) -> None:
    """`info` as a block of keys and values, one directory a line."""
    from c5lens.base.model import one_line

    rows: list[tuple[str, str]] = [("version", info["version"])]
    for i, d in enumerate(info["directories"]):
        problems = _count(d["problems"], "problem") if d["problems"] else "no problems"
        line = (
            f"{one_line(d['path'])} ({d['kind']}): {_count(d['facts'], 'fact')} in "
            f"{_count(d['files'], 'file')}, {problems}"
        )
        rows.append(("facts" if i == 0 else "", line))
    if not info["directories"]:
        rows.append(("facts", "no directories"))
    rows.append(("sources", str(info["sources"])))
    rows.append(("newest as_of", info["newest_as_of"] or MISSING))
    index = info["index"]
    parts = [index["state"]]
    if index["path"] is not None:
        parts.append(one_line(index["path"]))
    if index["size"] is not None:
        parts.append(f"{index['size']:,} bytes")
    if index["refreshed"] is not None:
        parts.append(f"refreshed {index['refreshed']}")
    rows.append(("index", " · ".join(parts)))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        console.print(f"{key:<{width}}   {value}", markup=False, highlight=False, soft_wrap=True)
