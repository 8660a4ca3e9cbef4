"""What several commands share: resolving a subject, fact records, dates from options."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from c5lens.cli.result import Session, UsageProblem

if TYPE_CHECKING:
    from c5lens.base.dates import PartialDate
    from c5lens.base.model import Base, Fact, Subject

FACT_FIELDS = [
    "id", "country", "topic", "metric", "statement", "value", "unit", "qualifier", "scale",
    "as_of", "precision", "resolved_from", "source", "related", "notes", "correction", "file",
]  # fmt: skip


def resolve(base: Base, name: str) -> Subject:
    """The subject `name` stands for, by any of its names."""
    from c5lens.base.names import NameIndex

    return NameIndex(base.subjects).resolve(name)


def fact_records(base: Base, facts: Sequence[Fact]) -> list[dict[str, Any]]:
    from c5lens.render.records import fact_record

    return [fact_record(f, base) for f in facts]


def date_option(value: str | None, name: str) -> PartialDate | None:
    """The date an option gave, or a usage problem naming the option."""
    from c5lens.base.dates import InvalidDate, parse_partial_date

    if value is None:
        return None
    try:
        return parse_partial_date(value)
    except InvalidDate as e:
        raise UsageProblem(str(e), param_hint=f"'{name}'") from None


def disagreements(session: Session, shown: Sequence[Fact]) -> dict[str, list[Fact]]:
    """The facts that disagree with each of the facts shown."""
    return session.store().disputed([f.id for f in shown])


def with_facts(registries: Base, facts: Sequence[Fact]) -> Base:
    return registries._replace(facts=tuple(facts))


def table_note(session: Session, text: str) -> list[str]:
    """A note for stderr under a table, where an empty result would otherwise say nothing."""
    return [text] if session.fmt == "table" else []
