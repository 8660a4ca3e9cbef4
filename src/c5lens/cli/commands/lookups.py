"""The lookups: facts, country, fact, compare, rank, search and timeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from c5lens.cli.commands.common import (
    FACT_FIELDS,
    date_option,
    disagreements,
    fact_records,
    resolve,
    table_note,
    with_facts,
)
from c5lens.cli.result import Result, Session, UsageProblem

if TYPE_CHECKING:
    from rich.console import Console

COMPARE_FIELDS = [
    "metric", "subject", "value", "unit", "qualifier", "scale", "as_of", "source", "fact",
    "differs", "disagreement",
]  # fmt: skip
RANK_FIELDS = ["rank", "subject", "value", "unit", "as_of", "source", "fact", "disagrees_with"]


def _stream_all(session: Session) -> Result:
    """Every fact as it is read: no list of every fact is held (a test compares the bytes)."""
    from c5lens.render.records import fact_record

    store = session.store()
    base = store.registries()
    records = (fact_record(f, base) for f in store.in_reading_order())
    return Result(records, stream=True, fields=FACT_FIELDS)


def facts(
    session: Session,
    country: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    metric: str | None = None,
) -> Result:
    """List facts, filtered by subject, topic, source or metric."""
    from c5lens.query.rules import filter_facts

    unfiltered = all(f is None for f in (country, topic, source, metric))
    if unfiltered and session.options.fields is None and session.fmt in ("json", "jsonl"):
        return _stream_all(session)
    registries = session.registries()
    subject = resolve(registries, country).key if country is not None else None
    store = session.store()
    base = with_facts(registries, store.facts(subject, topic, metric, source))
    found = filter_facts(base, subject=subject, topic=topic, source=source, metric=metric)

    def view(console: Console) -> None:
        from c5lens.render.tables import print_facts_by_topic

        shown = disagreements(session, found)
        print_facts_by_topic(console, base, found, disagreements=shown, show_subject=True)

    return Result(fact_records(base, found), view=view, fields=FACT_FIELDS)


def country(
    session: Session,
    name: str,
    topic: str | None = None,
    source: str | None = None,
    full: bool = False,
) -> Result:
    """Show a subject's profile: basics, then findings by topic."""
    from c5lens.base.names import subject_names
    from c5lens.query.rules import filter_facts
    from c5lens.render.records import subject_record

    registries = session.registries()
    subject = resolve(registries, name)
    base = with_facts(registries, session.store().facts(subject.key, topic, source=source))
    found = filter_facts(base, subject=subject.key, topic=topic, source=source)
    records = fact_records(base, found)

    def view(console: Console) -> None:
        from c5lens.render.tables import print_facts_by_topic, print_profile_basics, subject_header

        console.print(subject_header(subject, found))
        disputes = disagreements(session, found)
        # Reference-work basics first, compactly; then what the documents found, by topic.
        reference = {s.id for s in base.sources.values() if s.kind == "reference work"}
        basics = [f for f in found if f.source in reference]
        findings = [f for f in found if f.source not in reference]
        by_topic = found
        if basics and not full:
            print_profile_basics(console, base, basics, disputes)
            by_topic = findings
        print_facts_by_topic(console, base, by_topic, full=full, disagreements=disputes)

    header = subject_record(subject, subject_names(subject), len(found))
    return Result(
        records,
        view=view,
        document={"subject": header, "facts": records},
        fields=FACT_FIELDS,
        notes=table_note(session, "c5lens: no facts match") if not found else (),
    )


def fact(
    session: Session,
    fact_id: str,
    evidence: bool = False,
    documents: list[Path] | None = None,
) -> Result:
    """Show one fact in full, with its complete citation (and, with evidence, the text cited)."""
    from c5lens.query.rules import NotFound, close_matches
    from c5lens.render.cite import text_citation

    base = session.registries()
    store = session.store()
    found = store.fact(fact_id)
    if found is None:
        raise NotFound("fact", fact_id, close_matches(fact_id, store.ids()))
    disagrees = store.disputed([found.id]).get(found.id, [])
    records = fact_records(base, [found])
    cited = None
    if evidence:
        from c5lens.cli.commands.trust import evidence as find_evidence

        ended, cited = find_evidence(session, found, records, documents)
        if ended is not None:
            return ended

    def view(console: Console) -> None:
        from c5lens.render.tables import print_fact

        if cited is not None:
            cited(console)
        citation = text_citation(base.sources[found.source], found)
        print_fact(console, base, found, disagrees, citation)

    fields = [*FACT_FIELDS, "evidence"] if evidence else FACT_FIELDS
    return Result(records, view=view, document=records[0], fields=fields)


def compare(
    session: Session,
    names: list[str] | None = None,
    metric: str | None = None,
    topic: str | None = None,
) -> Result:
    """Compare subjects side by side: one row per metric, one column per subject."""
    from c5lens.query.rules import compare as compare_rows
    from c5lens.render.records import compare_records

    registries = session.registries()
    if names:
        keys = list(dict.fromkeys(resolve(registries, n).key for n in names))
    else:
        keys = [s.key for s in registries.subjects.values() if s.kind == "country"]
    # Each series' facts near its newest: those the latest value of each is chosen from.
    base = with_facts(registries, session.store().latest(keys, metric, topic))
    rows = compare_rows(base, keys, metric=metric, topic=topic)

    def view(console: Console) -> None:
        from c5lens.render.tables import print_compare

        if rows:
            print_compare(console, base, keys, rows)

    note = table_note(session, "c5lens: no comparable metrics for these subjects")
    return Result(
        compare_records(rows, base),
        view=view,
        fields=COMPARE_FIELDS,
        notes=note if not rows else (),
    )


def rank(session: Session, metric_key: str, ascending: bool = False) -> Result:
    """Rank subjects by a numeric metric."""
    from c5lens.query.rules import rank as rank_subjects
    from c5lens.query.rules import require
    from c5lens.render.records import rank_records

    registries = session.registries()
    require("metric", metric_key, registries.metrics)
    # The facts each subject's latest value is chosen from, and the subjects with any metric
    # (to say which are missing this one rather than out of its scope); and the facts of the
    # metrics it is linked to, to show beside the ranking.
    store = session.store()
    facts, comparable = store.rank(metric_key)
    linked = [k for _, k in registries.metrics[metric_key].links()]
    if linked:
        facts = [*facts, *store.facts(metric=linked)]
    base = with_facts(registries, facts)
    ranked, missing = rank_subjects(
        base, metric_key, descending=not ascending, comparable=comparable
    )

    def view(console: Console) -> None:
        from c5lens.render.tables import print_linked_metrics, print_rank

        print_rank(console, base, metric_key, ranked, missing)
        print_linked_metrics(console, base, metric_key)

    return Result(rank_records(ranked, missing, base), view=view, fields=RANK_FIELDS)


def search(session: Session, query: list[str], limit: int = 0) -> Result:
    """Search statements, metrics, notes and source titles; best matches first."""
    from c5lens.base.text import words
    from c5lens.query.rules import search as search_facts
    from c5lens.render.records import fact_record

    if limit < 0:
        raise UsageProblem("must be 0 or more", "'--limit' / '-n'")
    text = " ".join(query)
    terms = tuple(dict.fromkeys(words(text)))
    base = with_facts(session.registries(), session.store().search(terms))
    hits = search_facts(base, text)
    if limit:
        hits = hits[:limit]
    records = [{**fact_record(h.fact, base), "score": round(h.score, 3)} for h in hits]

    def view(console: Console) -> None:
        from c5lens.render.tables import print_hits

        if hits:
            print_hits(console, base, hits, disagreements(session, [h.fact for h in hits]))

    return Result(
        records,
        view=view,
        fields=[*FACT_FIELDS, "score"],
        notes=table_note(session, "c5lens: no facts match") if not hits else (),
    )


def timeline(
    session: Session,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Result:
    """List dated facts in chronological order."""
    from c5lens.query.rules import timeline as timeline_facts

    since_d, until_d = date_option(since, "--since"), date_option(until, "--until")
    registries = session.registries()
    subject = resolve(registries, country).key if country is not None else None
    store = session.store()
    base = with_facts(registries, store.facts(since=since_d, until=until_d, about=subject))
    found = timeline_facts(base, subject, since_d, until_d)

    def view(console: Console) -> None:
        from c5lens.render.tables import print_timeline

        print_timeline(console, base, found, disagreements(session, found))

    return Result(fact_records(base, found), view=view, fields=FACT_FIELDS)
