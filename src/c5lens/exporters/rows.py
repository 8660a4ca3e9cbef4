"""The tables of an export and the row of each record: what `sqlite` and `csv` both write.

One description, so that the SQLite database and the CSV files have the same tables, the same
columns in the same order and the same cells. Lists (a subject's names, a metric's links) are
JSON arrays in one text cell; a missing value is NULL (an empty CSV cell).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from c5lens.base.model import Base, Fact, Metric, Source, Subject, Topic
from c5lens.base.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Column(NamedTuple):
    """One column: its name, its SQLite type and constraint, and what it references."""

    name: str
    sql: str
    references: str | None = None  # "table(column)"


class Table(NamedTuple):
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


SUBJECTS = Table(
    "subjects",
    (
        Column("key", "TEXT NOT NULL"),
        Column("name", "TEXT NOT NULL"),
        Column("kind", "TEXT NOT NULL"),
        Column("iso_alpha2", "TEXT"),
        Column("iso_alpha3", "TEXT"),
        Column("iso_numeric", "TEXT"),
        Column("factbook", "TEXT"),
        Column("names", "TEXT NOT NULL"),
    ),
    ("key",),
)
TOPICS = Table(
    "topics",
    (Column("key", "TEXT NOT NULL"), Column("description", "TEXT NOT NULL")),
    ("key",),
)
SOURCES = Table(
    "sources",
    (
        Column("id", "TEXT NOT NULL"),
        Column("title", "TEXT NOT NULL"),
        Column("author", "TEXT"),
        Column("publisher", "TEXT"),
        Column("published", "TEXT NOT NULL"),
        Column("kind", "TEXT NOT NULL"),
        Column("document", "TEXT NOT NULL"),
        Column("url", "TEXT"),
        Column("notes", "TEXT"),
    ),
    ("id",),
)
METRICS = Table(
    "metrics",
    (
        Column("key", "TEXT NOT NULL"),
        Column("unit", "TEXT"),
        Column("topic", "TEXT", "topics(key)"),
        Column("description", "TEXT NOT NULL"),
        Column("broader", "TEXT NOT NULL"),
        Column("narrower", "TEXT NOT NULL"),
        Column("related", "TEXT NOT NULL"),
    ),
    ("key",),
)
FACTS = Table(
    "facts",
    (
        Column("id", "TEXT NOT NULL"),
        Column("subject", "TEXT NOT NULL", "subjects(key)"),
        Column("topic", "TEXT NOT NULL", "topics(key)"),
        Column("metric", "TEXT", "metrics(key)"),
        Column("statement", "TEXT NOT NULL"),
        Column("value", "TEXT"),
        Column("value_number", "REAL"),
        Column("value_type", "TEXT"),
        Column("unit", "TEXT"),
        Column("qualifier", "TEXT"),
        Column("scale", "TEXT"),
        Column("as_of", "TEXT NOT NULL"),
        Column("as_of_first", "TEXT NOT NULL"),
        Column("as_of_last", "TEXT NOT NULL"),
        Column("precision", "TEXT NOT NULL"),
        Column("resolved_from", "TEXT"),
        Column("source", "TEXT NOT NULL", "sources(id)"),
        Column("locator", "TEXT NOT NULL"),
        Column("notes", "TEXT"),
        Column("correction_statement", "TEXT"),
        Column("correction_source", "TEXT", "sources(id)"),
        Column("correction_locator", "TEXT"),
        Column("file", "TEXT NOT NULL"),
    ),
    ("id",),
)
RELATED = Table(
    "related",
    (
        Column("fact_id", "TEXT NOT NULL", "facts(id)"),
        Column("subject", "TEXT NOT NULL", "subjects(key)"),
    ),
    ("fact_id", "subject"),
)

# In the order they are written: every table before the tables that reference it.
TABLES = (SUBJECTS, TOPICS, SOURCES, METRICS, FACTS, RELATED)


def _list(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def value_text(value: Any) -> str | None:
    """A fact's value as text: `true`/`false`, a number as Python writes it, a string as is."""
    if value is None:  # a claim that names nothing (D96)
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def value_type(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else "string"


def subject_row(s: Subject) -> tuple[Any, ...]:
    return (s.key, s.name, s.kind, s.iso_alpha2, s.iso_alpha3, s.iso_numeric, s.factbook,
            _list(s.names))  # fmt: skip


def topic_row(t: Topic) -> tuple[Any, ...]:
    return (t.key, t.description)


def source_row(s: Source) -> tuple[Any, ...]:
    return (s.id, s.title, s.author, s.publisher, s.published, s.kind, s.document, s.url, s.notes)


def metric_row(m: Metric, topics: dict[str, Topic]) -> tuple[Any, ...]:
    # A metric whose topic is not registered (a problem the loader reports) keeps no dangling
    # reference: its topic is NULL, so that the database always passes foreign_key_check.
    topic = m.topic if m.topic in topics else None
    return (m.key, m.unit, topic, m.description, _list(m.broader), _list(m.narrower),
            _list(m.related))  # fmt: skip


def fact_row(f: Fact) -> tuple[Any, ...]:
    c = f.correction
    end = f.as_of.end or f.as_of.start
    number = f.number if value_type(f.value) == "number" else None
    return (
        f.id, f.subject, f.topic, f.metric, f.statement, value_text(f.value), number,
        value_type(f.value), f.unit, f.qualifier, f.scale, f.as_of.iso(),
        f.as_of.start.first_day().isoformat(), end.last_day().isoformat(), f.as_of.precision,
        f.resolved_from, f.source, f.locator, f.notes, c.statement if c else None,
        c.source if c else None, c.locator if c else None, f.file,
    )  # fmt: skip


def registry_rows(base: Base) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the four registry tables."""
    return {
        "subjects": [subject_row(s) for s in base.subjects.values()],
        "topics": [topic_row(t) for t in base.topics.values()],
        "sources": [source_row(s) for s in base.sources.values()],
        "metrics": [metric_row(m, base.topics) for m in base.metrics.values()],
    }


class Counts:
    """How many rows each table got: what an export reports when it is done."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {t.name: 0 for t in TABLES}

    def __getitem__(self, table: str) -> int:
        return self.rows[table]


def fact_and_related_rows(
    facts: Iterable[Fact], related: Callable[[tuple[Any, ...]], None], counts: Counts
) -> Iterator[tuple[Any, ...]]:
    """Each fact's row, read one at a time; its related subjects' rows go to `related`."""
    for f in facts:
        counts.rows["facts"] += 1
        for subject in f.related:
            counts.rows["related"] += 1
            related((f.id, subject))
        yield fact_row(f)
