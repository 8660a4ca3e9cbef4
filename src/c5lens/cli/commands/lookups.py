"""The lookups: facts, country, fact, compare, rank, search and timeline."""

from __future__ import annotations

from pathlib import Path

from c5lens.cli.commands.common import (
    FACT_FIELDS,
    FACT_NESTED,
    disagreements,
    fact_records,
    filtered,
    filters,
    find_fact,
    resolve,
    table_note,
    with_facts,
)
from c5lens.cli.result import Result, Session, UsageProblem

TYPE_CHECKING = False
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
    return Result(records, stream=True, fields=FACT_FIELDS, nested=FACT_NESTED)


def facts(session: Session) -> Result:
    """List facts, filtered by subject, topic, source, metric, date or locator."""
    from c5lens.query.rules import sort_facts

    unfiltered = not any(session.filter_args.values())
    if unfiltered and session.options.fields is None and session.fmt in ("json", "jsonl"):
        return _stream_all(session)
    registries = session.registries()
    wanted = filters(session, registries)
    base = with_facts(registries, filtered(session, registries, wanted))
    found = sort_facts(base.facts, base)

    def view(console: Console) -> None:
        from c5lens.render.tables import print_facts_by_topic

        shown = disagreements(session, found)
        print_facts_by_topic(console, base, found, disagreements=shown, show_subject=True)

    return Result(fact_records(base, found), view=view, fields=FACT_FIELDS, nested=FACT_NESTED)


def country(session: Session, name: str, full: bool = False) -> Result:
    """Show a subject's profile: basics, then findings by topic."""
    from c5lens.base.names import subject_names
    from c5lens.query.rules import sort_facts
    from c5lens.render.records import subject_record

    registries = session.registries()
    subject = resolve(registries, name)
    wanted = filters(session, registries)
    # The subject named is one more filter: with --country too, both must hold.
    if not wanted.subjects or subject.key in wanted.subjects:
        wanted = wanted._replace(subjects=(subject.key,))
        base = with_facts(registries, filtered(session, registries, wanted))
    else:
        base = with_facts(registries, ())
    found = sort_facts(base.facts, base)
    records = fact_records(base, found)

    def view(console: Console) -> None:
        from c5lens.render.profile import print_profile
        from c5lens.render.tables import print_facts_by_topic, subject_header

        console.print(subject_header(subject, found))
        if full:
            disputes = disagreements(session, found)
            print_facts_by_topic(console, base, found, full=full, disagreements=disputes)
            return
        # Facts of other subjects whose `related` names this one, under the same filters; the
        # JSON stays the subject's own facts (`facts --involving` gives these).
        others = wanted._replace(subjects=(), involving=(subject.key,))
        involving = [f for f in filtered(session, registries, others) if f.subject != subject.key]
        involving = sort_facts(involving, with_facts(registries, involving))
        disputes = disagreements(session, [*found, *involving])
        # Reference-work basics first, compactly; then what the documents found, by topic.
        reference = {s.id for s in base.sources.values() if s.kind == "reference work"}
        basics = [f for f in found if f.source in reference]
        findings = [f for f in found if f.source not in reference]
        shown = with_facts(registries, [*found, *involving])
        print_profile(console, shown, basics, findings, involving, disputes, subject.name)

    header = subject_record(subject, subject_names(subject), len(found))
    return Result(
        records,
        view=view,
        document={"subject": header, "facts": records},
        fields=FACT_FIELDS,
        nested=FACT_NESTED,
        notes=table_note(session, "c5lens: no facts match") if not found else (),
    )


def fact(
    session: Session,
    fact_id: str,
    evidence: bool = False,
    documents: list[Path] | None = None,
) -> Result:
    """Show one fact in full, with its complete citation (and, with evidence, the text cited)."""
    from c5lens.query.rules import NotFound
    from c5lens.render.cite import text_citation

    base = session.registries()
    store = session.store()
    found = find_fact(session, fact_id)
    if found is None:
        raise NotFound("fact", fact_id, store.near_ids(fact_id.lower()))
    disagrees = store.disputed([found.id]).get(found.id, [])
    records = list(fact_records(base, [found]))
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
    return Result(records, view=view, document=records[0], fields=fields, nested=FACT_NESTED)


WIDE_FORMATS = ("csv", "tsv", "markdown")


def compare(
    session: Session, names: list[str] | None = None, show_all: bool = False, long: bool = False
) -> Result:
    """Compare subjects side by side: one row per metric, one column per subject."""
    from c5lens.query.filters import subject_keys
    from c5lens.query.rules import compare as compare_rows
    from c5lens.query.rules import is_long
    from c5lens.render.records import compare_records

    registries = session.registries()
    wanted = filters(session, registries)
    # The subjects are the columns: those named (as arguments or --country), else every
    # subject of the kinds asked for (the five countries by default).
    keys = list(dict.fromkeys([*subject_keys(registries, names or []), *wanted.subjects]))
    if not keys:
        kinds = wanted.kinds or ("country",)
        keys = [s.key for s in registries.subjects.values() if s.kind in kinds]
    wanted = wanted._replace(subjects=tuple(keys))
    store = session.store()
    if wanted.narrows_time_or_origin:
        candidates = store.facts(**wanted.store_query())
    else:
        # Each series' facts near its newest: those the latest value of each is chosen from.
        candidates = store.latest(keys, list(wanted.metrics) or None, list(wanted.topics) or None)
    base = with_facts(registries, wanted.apply(candidates, registries))
    rows = compare_rows(base, keys)
    # Long text lists only when asked for: by --all, or by naming their metric.
    shown = [r for r in rows if show_all or r.metric in wanted.metrics or not is_long(r)]
    left_out = [base.metrics[r.metric].title for r in rows if r not in shown]

    def view(console: Console) -> None:
        from c5lens.render.charts import print_compare

        if shown:
            print_compare(console, base, keys, shown)

    notes = table_note(session, "c5lens: no comparable metrics for these subjects")
    if rows:
        notes = table_note(
            session,
            f"c5lens: {len(left_out)} long text lists left out ({', '.join(left_out)}); "
            "--all or --metric shows them",
        )
    records = compare_records(rows, base)
    fields = COMPARE_FIELDS
    if session.fmt in WIDE_FORMATS and not long:
        # a table a spreadsheet charts: a row per metric, a column per subject (D74, D88)
        from c5lens.render.wide import FIXED, wide_compare

        if any(k in FIXED for k in keys):
            raise UsageProblem("a subject key is a column name: use --long", "'NAME'")
        records, fields = wide_compare(records), [*FIXED, *keys]
    return Result(records, view=view, fields=fields, notes=notes if not rows or left_out else ())


def _numeric_metrics(session: Session, keys: list[str]) -> list[str]:
    store = session.store()
    return [k for k in keys if store.rank(k).facts]


def rank(session: Session, metric_key: str, ascending: bool = False) -> Result:
    """Rank subjects by a numeric metric."""
    from c5lens.query.filters import canonical
    from c5lens.query.rules import rank as rank_subjects
    from c5lens.render.records import rank_records

    registries = session.registries()
    metric_key = canonical("metric", metric_key, registries.metrics)
    wanted = filters(session, registries)
    # The facts each subject's latest value is chosen from, and the subjects with any metric
    # (to say which are missing this one rather than out of its scope); and the facts of the
    # metrics it is linked to, to show beside the ranking.
    store = session.store()
    facts, comparable = store.rank(metric_key)
    if not facts and store.counts("metric").get(metric_key):
        numeric = _numeric_metrics(session, list(registries.metrics))
        raise UsageProblem(
            f"{metric_key} is not numeric; numeric metrics: {', '.join(numeric)}",
            param_hint="'METRIC'",
        )
    linked = [k for _, k in registries.metrics[metric_key].links()]
    if linked:
        facts = [*facts, *store.facts(metric=linked)]
    kept = wanted._replace(metrics=())  # the metric ranked is the argument
    facts = kept.apply(facts, registries)
    if kept.subjects or kept.kinds or kept.involving:
        comparable = {k for k in comparable if kept.keeps_subject(k, registries)}
    base = with_facts(registries, facts)
    ranked, missing = rank_subjects(
        base, metric_key, descending=not ascending, comparable=comparable
    )

    def view(console: Console) -> None:
        from c5lens.render.charts import print_linked_metrics, print_rank

        print_rank(console, base, metric_key, ranked, missing)
        print_linked_metrics(console, base, metric_key)

    return Result(rank_records(ranked, missing, base), view=view, fields=RANK_FIELDS)


def search(
    session: Session, query: list[str], limit: int = 0, within: list[str] | None = None
) -> Result:
    """Search statements, values, notes, metrics and subject names; best matches first."""
    from c5lens.index.words import DEFAULT_FIELDS, FIELDS, parse_query
    from c5lens.query.filters import split_values
    from c5lens.query.rules import ranked_hits
    from c5lens.render.records import fact_record

    if limit < 0:
        raise UsageProblem("must be 0 or more", "'--limit' / '-n'")
    chosen = split_values(within)
    if "all" in chosen:
        chosen = list(FIELDS)
    for name in chosen:
        if name not in FIELDS:
            raise UsageProblem(f"{name!r} is not one of {', '.join(FIELDS)}, all", "'--in'")
    parsed = parse_query(" ".join(query), chosen or DEFAULT_FIELDS)
    registries = session.registries()
    wanted = filters(session, registries)
    found = session.store().search(parsed)
    hits = ranked_hits(found.keeping(wanted.apply(found.facts, registries)), parsed)
    if limit:
        hits = hits[:limit]
    base = with_facts(registries, [h.fact for h in hits])
    records = [{**fact_record(h.fact, base), "score": h.score} for h in hits]

    def view(console: Console) -> None:
        from c5lens.render.tables import print_hits

        if hits:
            print_hits(console, base, hits, disagreements(session, [h.fact for h in hits]))

    return Result(
        records,
        view=view,
        fields=[*FACT_FIELDS, "score"],
        nested=FACT_NESTED,
        notes=table_note(session, "c5lens: no facts match") if not hits else (),
    )


PRECISIONS = ("day", "month", "year")  # most precise first


def timeline(session: Session, all_facts: bool = False, precision: str | None = None) -> Result:
    """List dated facts in chronological order, by year."""
    from c5lens.query.rules import timeline as timeline_facts

    if precision is not None and precision.lower() not in PRECISIONS:
        raise UsageProblem(
            f"{precision!r} is not one of {', '.join(PRECISIONS)}", param_hint="'--precision'"
        )
    registries = session.registries()
    wanted = filters(session, registries)
    facts = filtered(session, registries, wanted)
    if not all_facts and not wanted.sources:
        # A reference work's basics (the Factbook's profile) are no events (D98).
        reference = {s.id for s in registries.sources.values() if s.kind == "reference work"}
        facts = [f for f in facts if f.source not in reference]
    if precision is not None:
        most = PRECISIONS.index(precision.lower())
        facts = [f for f in facts if PRECISIONS.index(f.as_of.precision) <= most]
    base = with_facts(registries, facts)
    found = timeline_facts(base)

    def view(console: Console) -> None:
        from c5lens.render.timeline import print_timeline

        print_timeline(console, base, found, disagreements(session, found))

    return Result(fact_records(base, found), view=view, fields=FACT_FIELDS, nested=FACT_NESTED)
