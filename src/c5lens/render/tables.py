"""Rich tables for people at a terminal. Each function prints to the console it is given."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from c5lens.base.model import Base, Fact, Problem, Source, Subject
from c5lens.base.text import fold
from c5lens.query.rules import Hit
from c5lens.render import layout
from c5lens.render.display import MISSING, format_plain_value, format_value, value_token
from c5lens.render.layout import add_row, token

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DISAGREE = "≠"
_VALUE: dict[str, Any] = {}  # numbers are tokens cell by cell (value_cell), names wrap
_DATE = layout.TOKEN
_TEXT = layout.PROSE
_KEY = layout.TOKEN
_table = layout.table
_print = layout.print_table


def value_cell(fact: Fact, others: Sequence[Fact] = ()) -> Text:
    """The value; where other sources disagree, marked ≠ and followed by theirs, one a line."""
    if fact.correction:
        return Text("corrected", style="yellow")  # never the source's mistake (D97)
    if fact.value is None:
        return Text("")  # a claim that names nothing is its statement (D96)
    # Figures line up on the right and are never broken; names and statuses read from the left.
    numeric = fact.is_numeric
    tokens = [value_token(f) for f in (fact, *others) if f.is_numeric]
    text = layout.Tokens(
        format_value(fact), tokens, style="bold", justify="right" if numeric else "left"
    )
    if others:
        text.append(f" {DISAGREE}", style="bold red")
        for other in others:
            text.append(f"\n{format_value(other)} ({other.source})")
    return text


_value_cell = value_cell


# Columns of a records table that are prose (wrapped at words); every other is tokens.
PROSE_KEYS = frozenset(
    {"description", "title", "label", "author", "publisher", "kind", "notes", "subjects"}
)


def _card() -> Table:
    """A two-column card, field and value, with no header."""
    table = Table(box=layout.box.SIMPLE_HEAD, show_header=False, pad_edge=False, show_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", **_TEXT)
    return table


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
            columns += [("Locator", _TEXT), ("Notes", _TEXT)]
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
    table = _card()
    subject = base.subjects[fact.subject]
    source = base.sources[fact.source]
    rows = [
        ("id", token(fact.id)),
        ("subject", f"{subject.name} ({subject.key})"),
        ("topic", fact.topic),
        ("statement", fact.statement),
        ("value", token(format_value(fact)) if fact.is_numeric else format_value(fact)),
        ("raw value", token(format_plain_value(fact.value)) if fact.is_numeric else None),
        ("metric", token(fact.metric) if fact.metric else None),
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
        ("file", token(fact.file) if fact.file else None),
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
    kinds = [_TEXT if key in PROSE_KEYS else _KEY for key, _ in columns]
    table = _table(*((h, kind) for (_, h), kind in zip(columns, kinds, strict=True)), title=title)
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
        ("Also known as", _TEXT),
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
    table = _card()
    for name, value in (
        ("id", token(source.id)),
        ("title", source.title),
        ("author", source.author),
        ("publisher", source.publisher or "not stated"),
        (
            "published",
            f"{source.published_date.human()} ({source.published_date.precision} precision)",
        ),
        ("kind", source.kind),
        ("document", token(source.document)),
        ("url", token(source.url) if source.url else "not known"),
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
            ("Fact", _KEY),
            title=f"{i}. {name}: {_metric_title(base, first.metric)}",
        )
        for f in group:
            value = _value_cell(f)
            value.append(f" {DISAGREE}", style="bold red")
            add_row(table, value, f.as_of.human(), f.source, f.id)
        _print(console, table)


def _metric_title(base: Base, key: str | None) -> str:
    metric = base.metrics.get(key or "")
    return f"{metric.title} ({key})" if metric is not None else str(key)


def print_profile_basics(
    console: Console, base: Base, facts: Sequence[Fact], disagreements: dict[str, list[Fact]]
) -> None:
    """The reference-work facts as one compact table: what, value, as of, source; a value that
    another source contradicts is followed by that source's value."""
    sources = ", ".join(dict.fromkeys(base.sources[f.source].title for f in facts))
    table = _table(
        ("Basics", _TEXT),
        ("Value", _VALUE),
        ("As of", _DATE),
        ("Source", _KEY),
        title=f"Profile ({sources})",
    )
    for f in facts:
        metric = base.metrics.get(f.metric or "")
        label = metric.title if metric is not None else f.id.replace("_", " ")
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
