"""The registries as lists: countries, topics, metrics, sources, one source, conflicts."""

from __future__ import annotations

from c5lens.cli.commands.common import (
    FACT_FIELDS,
    FACT_NESTED,
    disagreements,
    fact_records,
    filters,
    table_note,
    with_facts,
)
from c5lens.cli.result import Result, Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console


def _columns_view(records: list[dict[str, Any]], columns: list[tuple[str, str]]) -> Any:
    def view(console: Console) -> None:
        from c5lens.render.tables import print_records_table

        print_records_table(console, records, columns)

    return view


def countries(session: Session) -> Result:
    """List every subject with its kind, codes, accepted names and fact count."""
    from c5lens.base.names import subject_names
    from c5lens.render.records import subject_record

    base, counts = session.registries(), session.store().counts("subject")
    records = [
        subject_record(s, subject_names(s), counts.get(s.key, 0)) for s in base.subjects.values()
    ]

    def view(console: Console) -> None:
        from c5lens.render.tables import print_subjects

        print_subjects(console, records)

    return Result(records, view=view)


def topics(session: Session) -> Result:
    """List the topics with their descriptions and fact counts."""
    from c5lens.render.records import topic_record

    base, counts = session.registries(), session.store().counts("topic")
    records = [topic_record(t, counts.get(t.key, 0)) for t in base.topics.values()]
    columns = [("key", "Topic"), ("description", "Description"), ("facts", "Facts")]
    return Result(records, view=_columns_view(records, columns))


def metrics(session: Session) -> Result:
    """List every comparable metric with its unit, description and the subjects that have it."""
    from c5lens.render.records import metric_record

    base = session.registries()
    have = session.store().metric_subjects()
    order = list(base.subjects)
    records = [
        metric_record(m, sorted(have.get(m.key, []), key=order.index))
        for m in base.metrics.values()
    ]
    columns = [
        ("key", "Metric"),
        ("label", "Label"),
        ("unit", "Unit"),
        ("description", "Description"),
        ("subjects", "Subjects"),
    ]
    return Result(records, view=_columns_view(records, columns))


def sources(session: Session) -> Result:
    """List the source documents with their record and how many facts cite each."""
    from c5lens.render.records import source_summary_record

    base, counts = session.registries(), session.store().counts("source")
    records = [source_summary_record(s, counts.get(s.id, 0)) for s in base.sources.values()]
    columns = [
        ("id", "Id"),
        ("title", "Title"),
        ("author", "Author"),
        ("publisher", "Publisher"),
        ("published", "Published"),
        ("kind", "Kind"),
        ("facts", "Facts"),
    ]
    return Result(records, view=_columns_view(records, columns))


def source(session: Session, source_id: str) -> Result:
    """Show one source's bibliographic record and list the facts that cite it."""
    from c5lens.query.rules import filter_facts, require
    from c5lens.render.records import source_summary_record

    registries = session.registries()
    require("source", source_id, registries.sources)
    base = with_facts(registries, session.store().facts(source=source_id))
    src = base.sources[source_id]
    found = filter_facts(base, source=source_id)
    records = fact_records(base, found)

    def view(console: Console) -> None:
        from c5lens.render.cite import text_citation
        from c5lens.render.tables import print_facts_by_topic, print_source_card

        print_source_card(console, src, len(found), text_citation(src))
        shown = disagreements(session, found)
        print_facts_by_topic(console, base, found, disagreements=shown, show_subject=True)

    document = {"source": source_summary_record(src, len(found)), "facts": records}
    return Result(records, view=view, document=document, fields=FACT_FIELDS, nested=FACT_NESTED)


def conflicts(session: Session) -> Result:
    """List disagreements: one subject, metric and period, different values."""
    from c5lens.render.records import fact_record

    base = session.registries()
    wanted = filters(session, base)
    # A group is shown whole when any of its facts passes the filters.
    groups = [g for g in session.store().conflicts() if any(wanted.keeps(f, base) for f in g)]
    records = [{"group": i, **fact_record(f, base)} for i, g in enumerate(groups, 1) for f in g]

    def view(console: Console) -> None:
        from c5lens.render.tables import print_conflicts

        if groups:
            print_conflicts(console, base, groups)

    return Result(
        records,
        view=view,
        fields=["group", *FACT_FIELDS],
        nested=FACT_NESTED,
        notes=table_note(session, "c5lens: no disagreements") if not groups else (),
    )
