"""Questions asked of a loaded base: filter, compare, rank, search, timeline, disagreements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from c5lens.base.dates import PartialDate
from c5lens.base.disagree import conflicts_in, disagreements_of, is_reading, value_key
from c5lens.base.model import Base, Fact
from c5lens.base.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from c5lens.index.words import Query, Searched


class NotFound(LookupError):
    """A fact, source, metric or topic the base does not have."""

    def __init__(self, kind: str, key: str, suggestions: Sequence[str] = ()) -> None:
        self.kind, self.key, self.suggestions = kind, key, tuple(suggestions)
        hint = f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"unknown {kind} {key!r}{hint}")


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)


def require(kind: str, key: str, known: Iterable[str]) -> str:
    """Return key if it is known, else raise NotFound with the closest known keys."""
    known = list(known)
    if key in known:
        return key
    raise NotFound(kind, key, close_matches(key, known))


def topic_order(base: Base) -> dict[str, int]:
    return {key: i for i, key in enumerate(base.topics)}


def subject_order(base: Base) -> dict[str, int]:
    return {key: i for i, key in enumerate(base.subjects)}


def sort_facts(facts: Iterable[Fact], base: Base) -> list[Fact]:
    """Stable reading order: subject as registered, topic as registered, then the files' order."""
    so, to = subject_order(base), topic_order(base)
    return sorted(facts, key=lambda f: (so.get(f.subject, 1 << 30), to.get(f.topic, 1 << 30)))


def filter_facts(
    base: Base,
    subject: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    metric: str | None = None,
) -> list[Fact]:
    """The facts matching every filter given; raises NotFound for an unknown topic or source."""
    if topic is not None:
        require("topic", topic, base.topics)
    if source is not None:
        require("source", source, base.sources)
    if metric is not None:
        require("metric", metric, base.metrics)
    return sort_facts(
        (
            f
            for f in base.facts
            if (subject is None or f.subject == subject)
            and (topic is None or f.topic == topic)
            and (source is None or f.source == source)
            and (metric is None or f.metric == metric)
        ),
        base,
    )


def find_fact(base: Base, fact_id: str) -> Fact:
    fact = base.fact(fact_id)
    if fact is None:
        raise NotFound("fact", fact_id, close_matches(fact_id, (f.id for f in base.facts)))
    return fact


# --- disagreements ---------------------------------------------------------------------------


def conflicts(base: Base) -> list[list[Fact]]:
    """Groups of two or more facts with the same subject and metric, for the same period, from
    different sources, that give different values (see base.disagree)."""
    return conflicts_in(sort_facts(base.facts, base))


def disagreements(base: Base) -> dict[str, list[Fact]]:
    """For each fact in a disagreement, the facts (of other sources) it disagrees with."""
    return disagreements_of(conflicts(base), key=lambda f: f.id)


# --- compare and rank ------------------------------------------------------------------------


class CompareRow(NamedTuple):
    """One metric across subjects; a cell holds a subject's facts (several where they disagree)."""

    metric: str
    cells: dict[str, list[Fact]]

    @property
    def mixed(self) -> list[str]:
        """What differs between the cells' facts: 'dates', 'units', 'sources'."""
        facts = [f for fs in self.cells.values() for f in fs]
        out = []
        if len({f.as_of.iso() for f in facts}) > 1:
            out.append("dates")
        if len({f.unit for f in facts}) > 1:
            out.append("units")
        if len({f.source for f in facts}) > 1:
            out.append("sources")
        return out


LONG_TEXT = 40  # a text value longer than this is a list (languages, partners), not a name


def is_long(row: CompareRow) -> bool:
    """A metric whose values are long text lists: shown only when asked for, stacked."""
    return any(
        isinstance(f.value, str) and len(f.value) > LONG_TEXT
        for facts in row.cells.values()
        for f in facts
    )


def latest_per_subject(facts: Iterable[Fact]) -> dict[str, list[Fact]]:
    """Each subject's most recent facts (all of them where sources disagree on that period)."""
    by_subject: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_subject[f.subject].append(f)
    out = {}
    for subject, fs in by_subject.items():
        newest = max(f.as_of.sort_key() for f in fs)
        year = newest[0]
        recent = [f for f in fs if f.as_of.sort_key() == newest]
        # Keep other sources' values for the same period so a disagreement stays visible.
        recent += [
            f
            for f in fs
            if f not in recent
            and f.source not in {r.source for r in recent}
            and abs(f.as_of.start.year - year) <= 1
        ]
        out[subject] = recent
    return out


def _primary(facts: Sequence[Fact]) -> Fact:
    """The value shown first: the newest year's, from the first source by id."""
    return sorted(facts, key=lambda f: (-f.as_of.sort_key()[0], f.source))[0]


def _agreeing_as_one(facts: list[Fact]) -> list[Fact]:
    """A cell's facts; where they all give the same value, only the one shown first."""
    if len(facts) > 1 and len({value_key(f) for f in facts}) == 1:
        return [_primary(facts)]
    return facts


def compare(
    base: Base, subjects: Sequence[str], metric: str | None = None, topic: str | None = None
) -> list[CompareRow]:
    """Rows of metrics (those any of `subjects` has), columns of subjects."""
    facts = filter_facts(base, topic=topic, metric=metric)
    wanted = set(subjects)
    by_metric: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if (
            f.metric and is_reading(f) and f.subject in wanted
        ):  # a corrected fact is no reading (D97)
            by_metric[f.metric].append(f)
    order = {key: i for i, key in enumerate(base.metrics)}
    rows = []
    for key in sorted(by_metric, key=lambda k: order.get(k, 1 << 30)):
        cells = latest_per_subject(by_metric[key])
        rows.append(CompareRow(key, {s: _agreeing_as_one(cells.get(s, [])) for s in subjects}))
    return rows


class Ranked(NamedTuple):
    rank: int
    fact: Fact
    others: tuple[Fact, ...] = ()  # values from other sources that disagree


def rank(
    base: Base, metric: str, descending: bool = True, comparable: Iterable[str] | None = None
) -> tuple[list[Ranked], list[str]]:
    """Subjects ordered by their latest numeric value of metric, ties sharing a rank (1, 1, 3);
    and the subjects without a value, in registry order. `comparable`: the subjects with any
    fact of a metric, where base holds only some of the facts."""
    facts = [f for f in filter_facts(base, metric=metric) if f.is_numeric and is_reading(f)]
    # A region's figure is usually the sum or average of its countries': ranking it among them
    # would mislead, so regions are ranked only when no country or partner has the metric.
    kind = {s.key: s.kind for s in base.subjects.values()}
    if any(kind.get(f.subject) != "region" for f in facts):
        facts = [f for f in facts if kind.get(f.subject) != "region"]
    latest = latest_per_subject(facts)
    firsts = []
    for _subject, fs in latest.items():
        primary = _primary(fs)
        # Another source giving the same value agrees: only different values are shown.
        others = tuple(f for f in fs if value_key(f) != value_key(primary))
        firsts.append((primary, others))
    sign = -1 if descending else 1
    so = subject_order(base)
    firsts.sort(key=lambda p: (sign * p[0].number, so.get(p[0].subject, 1 << 30)))
    ranked: list[Ranked] = []
    for i, (fact, others) in enumerate(firsts):
        r = ranked[-1].rank if ranked and ranked[-1].fact.number == fact.number else i + 1
        ranked.append(Ranked(r, fact, others))
    have = {f.subject for f in facts}
    kinds = {base.subjects[s].kind for s in have if s in base.subjects}
    # Missing means "could have had it": a subject of a ranked kind with some comparable facts.
    if comparable is None:
        comparable = {f.subject for f in base.facts if f.metric}
    comparable = set(comparable)
    missing = [
        s.key
        for s in base.subjects.values()
        if s.key not in have and s.kind in kinds and s.key in comparable
    ]
    return ranked, missing


# --- search ----------------------------------------------------------------------------------


class Hit(NamedTuple):
    fact: Fact
    score: float
    terms: tuple[str, ...]


# bm25's usual constants: how fast repeats of a term stop counting, and how much a long text
# is marked down (D86).
K1, B = 1.2, 0.75


def ranked_hits(found: Searched, query: Query) -> list[Hit]:
    """The facts found, best first by bm25 over the query's fields; ties in reading order.

    A term's weight is ln(1 + (N - n + 0.5) / (n + 0.5)) for n of the N facts holding it;
    scores are rounded to 6 places, so that float noise cannot reorder a tie."""
    import math

    n = found.total
    idf = [math.log(1 + (n - df + 0.5) / (df + 0.5)) for df in found.frequencies]
    terms = tuple(dict.fromkeys(w for t in query.terms for w in t.words))
    hits = []
    for f, (counts, length) in zip(found.facts, found.counts, strict=True):
        norm = K1 * (1 - B + B * length / found.mean_length) if found.mean_length else K1
        score = sum(w * c * (K1 + 1) / (c + norm) for w, c in zip(idf, counts, strict=True))
        hits.append(Hit(f, round(score, 6), terms))
    hits.sort(key=lambda h: -h.score)
    return hits


def search(base: Base, query: Query | str) -> list[Hit]:
    """The reference answer: a query over every fact of a loaded base, in reading order."""
    from c5lens.index.words import field_words, parse_query, search_in

    if isinstance(query, str):
        query = parse_query(query)
    if not query.terms:
        return []
    facts = sort_facts(base.facts, base)
    found = search_in(facts, [field_words(f, base) for f in facts], query)
    return ranked_hits(found, query)


# --- timeline --------------------------------------------------------------------------------


def timeline(
    base: Base,
    subject: str | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
) -> list[Fact]:
    """Facts in date order, keeping those whose date overlaps [since, until] at its precision."""

    def start_of(d: PartialDate) -> tuple[int, int, int]:
        return (d.year, d.month or 1, d.day or 1)

    def end_of(d: PartialDate) -> tuple[int, int, int]:
        return (d.year, d.month or 12, d.day or 31)

    out = []
    for f in base.facts:
        if subject is not None and f.subject != subject and subject not in f.related:
            continue
        first, last = start_of(f.as_of.start), end_of(f.as_of.end or f.as_of.start)
        if since is not None and last < start_of(since):
            continue
        if until is not None and first > end_of(until):
            continue
        out.append(f)
    so = subject_order(base)
    out.sort(key=lambda f: (f.as_of.sort_key(), so.get(f.subject, 1 << 30), f.id))
    return out
