"""Unit specs of query.rules: filters, rank, latest values, disagreements, timeline, search."""

from __future__ import annotations

import math

import pytest

from c5lens.base.dates import parse_as_of, parse_partial_date
from c5lens.base.model import Base, Fact, Metric, Source, Subject, Topic
from c5lens.index.words import DEFAULT_FIELDS, parse_query
from c5lens.query import rules
from c5lens.query.rules import NotFound

SUBJECTS = {
    "arland": Subject("arland", "Arland", "country"),
    "borduria": Subject("borduria", "Borduria", "country"),
    "carpania": Subject("carpania", "Carpania", "country"),
    "region": Subject("region", "The Region", "region"),
    "zembla": Subject("zembla", "Zembla", "partner"),
}
TOPICS = {"economy": Topic("economy", "Output."), "governance": Topic("governance", "Rule.")}
SOURCES = {
    "s1": Source("s1", "Annual Growth Review", "Ann Author", "Pub", "2025", "issue brief", "1.txt"),
    "s2": Source("s2", "Second Look", None, None, "2025-06", "opinion article", "2.txt"),
}
METRICS = {
    "growth": Metric("growth", "%", "economy", "Real growth."),
    "score": Metric("score", "points", "governance", "A score."),
}


def fact(
    fid: str, value: object, as_of: str, source: str = "s1", metric: str | None = "growth", **kw
) -> Fact:
    """A fact of the subject named by fid's first part, on metric's topic."""
    topic = kw.pop("topic", METRICS[metric].topic if metric else "economy")
    return Fact(
        id=fid,
        subject=fid.split(".")[0],
        topic=topic,
        statement=kw.pop("statement", f"Statement of {fid}."),
        value=value,  # type: ignore[arg-type]
        as_of=parse_as_of(as_of),
        source=source,
        locator="p. 1",
        metric=metric,
        unit=kw.pop("unit", METRICS[metric].unit if metric else None),
        **kw,
    )


def base_of(*facts: Fact) -> Base:
    return Base(SUBJECTS, TOPICS, SOURCES, METRICS, facts)


def ids(facts) -> list[str]:
    return [f.id for f in facts]


# --- require, close_matches, NotFound --------------------------------------------------------


def test_require_and_not_found() -> None:
    """A known key comes back; an unknown one raises NotFound with the close keys."""
    assert rules.require("topic", "economy", TOPICS) == "economy"
    with pytest.raises(NotFound) as info:
        rules.require("topic", "econmy", ["economy", "governance"])
    e = info.value
    assert (e.kind, e.key, e.suggestions) == ("topic", "econmy", ("economy",))
    assert str(e) == "unknown topic 'econmy' (did you mean economy?)"
    assert isinstance(e, LookupError)
    with pytest.raises(NotFound) as info:
        rules.require("source", "zzz", ["s1", "s2"])
    assert (str(info.value), info.value.suggestions) == ("unknown source 'zzz'", ())
    assert str(NotFound("metric", "x", ["a", "b"])) == "unknown metric 'x' (did you mean a, b?)"
    base = base_of(fact("arland.s", 10, "2025"), fact("arland.g", 1, "2024"))
    assert rules.find_fact(base, "arland.s").value == 10
    with pytest.raises(NotFound) as info:
        rules.find_fact(base, "arland.x")
    assert (info.value.kind, info.value.suggestions) == ("fact", ("arland.s", "arland.g"))


def test_close_matches_best_first_and_at_most_n() -> None:
    """Close matches come best first, at most n, and none below the cutoff."""
    names = ["kazakhstan", "uzbekistan", "kyrgyzstan", "tajikistan", "japan"]
    assert rules.close_matches("kazakstan", names) == ["kazakhstan", "uzbekistan", "tajikistan"]
    assert rules.close_matches("kazakstan", names, n=1) == ["kazakhstan"]
    assert rules.close_matches("qqqq", names) == []
    assert rules.close_matches("japan", iter(names)) == ["japan"]


# --- filters ---------------------------------------------------------------------------------

FILTERED = base_of(
    fact("borduria.g", 2, "2024"),
    fact("arland.s", 10, "2025", metric="score"),
    fact("arland.g", 1, "2024", source="s2"),
    fact("arland.note", "text", "2025", metric=None, topic="governance"),
    fact("nowhere.g", 9, "2024"),
)


def test_filter_facts_reading_order() -> None:
    """Subjects in registry order, topics in registry order, then file order; unknown last."""
    assert ids(rules.filter_facts(FILTERED)) == [
        "arland.g",
        "arland.s",
        "arland.note",
        "borduria.g",
        "nowhere.g",
    ]


@pytest.mark.parametrize(
    ("filters", "want"),
    [
        ({"subject": "arland"}, ["arland.g", "arland.s", "arland.note"]),
        ({"topic": "governance"}, ["arland.s", "arland.note"]),
        ({"source": "s2"}, ["arland.g"]),
        ({"metric": "growth"}, ["arland.g", "borduria.g", "nowhere.g"]),
        ({"subject": "arland", "topic": "governance", "source": "s1"}, ["arland.s", "arland.note"]),
        ({"subject": "arland", "metric": "growth", "source": "s1"}, []),
        ({"subject": "no-such-subject"}, []),
    ],
)
def test_filter_facts_every_filter_must_hold(filters: dict, want: list[str]) -> None:
    """Each filter given narrows the facts; an unknown subject just matches nothing."""
    assert ids(rules.filter_facts(FILTERED, **filters)) == want


@pytest.mark.parametrize(
    ("kind", "key", "suggestions"),
    [
        ("topic", "economi", ("economy",)),
        ("source", "sx1", ("s1",)),
        ("source", "s-3", ()),
        ("metric", "grwth", ("growth",)),
    ],
)
def test_filter_facts_unknown_registry_key(kind: str, key: str, suggestions: tuple) -> None:
    """An unknown topic, source or metric raises NotFound rather than matching nothing."""
    with pytest.raises(NotFound) as info:
        rules.filter_facts(FILTERED, **{kind: key})
    assert (info.value.kind, info.value.key) == (kind, key)
    assert info.value.suggestions == suggestions


# --- latest values ---------------------------------------------------------------------------


def latest(*facts: Fact) -> dict[str, list[str]]:
    return {s: ids(fs) for s, fs in rules.latest_per_subject(facts).items()}


def test_latest_is_the_newest_date_per_subject() -> None:
    """Each subject keeps its newest fact; a same-source older one is dropped."""
    got = latest(
        fact("arland.a", 1, "2023"),
        fact("arland.b", 2, "2025"),
        fact("borduria.a", 3, "2019"),
        fact("arland.c", 3, "2024"),
    )
    assert got == {"arland": ["arland.b"], "borduria": ["borduria.a"]}


@pytest.mark.parametrize(("older", "newer"), [("2025", "2025-03"), ("2025-03", "2025-03-02")])
def test_latest_prefers_the_more_precise_date(older: str, newer: str) -> None:
    """Within one year, 2025-03-02 is newer than 2025-03, which is newer than 2025."""
    got = latest(fact("arland.old", 1, older), fact("arland.new", 2, newer))
    assert got == {"arland": ["arland.new"]}


def test_latest_keeps_facts_with_the_same_date() -> None:
    """Two facts of the newest date are both the latest, in the order given."""
    got = latest(fact("arland.a", 1, "2025-03"), fact("arland.b", 2, "2025-03", source="s2"))
    assert got == {"arland": ["arland.a", "arland.b"]}


def test_latest_keeps_other_sources_within_a_year() -> None:
    """Other sources' facts dated within a year of the newest stay beside it."""
    got = latest(
        fact("arland.new", 1, "2025-03-02"),
        fact("arland.old", 9, "2025"),  # same source, older: superseded
        fact("arland.s2", 2, "2025-03", source="s2"),
        fact("arland.s2-old", 4, "2024", source="s2"),
        fact("arland.s2-older", 5, "2023", source="s2"),
    )
    assert got == {"arland": ["arland.new", "arland.s2", "arland.s2-old"]}


def test_latest_dates_a_loose_span_by_its_start() -> None:
    """A span 2022/2025-08-15 counts as 2022, older than a 2024 fact."""
    got = latest(
        fact("arland.span", 1, "2022/2025-08-15"),
        fact("arland.y", 2, "2024", source="s2"),
        fact("arland.s1", 3, "2023"),
    )
    assert got == {"arland": ["arland.y", "arland.s1"]}
    assert latest(fact("arland.span", 1, "2022/2025-08-15"), fact("arland.y", 2, "2021")) == {
        "arland": ["arland.span"]
    }


# --- rank ------------------------------------------------------------------------------------


def ranking(base: Base, metric: str = "growth", **kw) -> tuple[list[tuple], list[str]]:
    ranked, missing = rules.rank(base, metric, **kw)
    return [(r.rank, r.fact.id, ids(r.others)) for r in ranked], missing


TIES = base_of(
    fact("carpania.g", 5, "2025"),
    fact("arland.g", 5.0, "2025"),
    fact("borduria.g", 7, "2025"),
    fact("zembla.g", 1, "2025"),
)


def test_rank_ties_share_a_rank() -> None:
    """Equal values (5 and 5.0) share a rank, in registry order, and the next rank skips."""
    assert ranking(TIES) == (
        [(1, "borduria.g", []), (2, "arland.g", []), (2, "carpania.g", []), (4, "zembla.g", [])],
        [],
    )
    assert [r[:2] for r in ranking(TIES, descending=False)[0]] == [
        (1, "zembla.g"), (2, "arland.g"), (2, "carpania.g"), (4, "borduria.g")
    ]  # fmt: skip


def test_rank_regions_only_when_no_country_has_the_metric() -> None:
    """The region's figure is not ranked among its countries', only alone (D12)."""
    region = fact("region.g", 100, "2025")
    assert ranking(base_of(region, fact("arland.g", 3, "2025"))) == ([(1, "arland.g", [])], [])
    alone = base_of(region, fact("arland.x", 1, "2025", metric="score"))
    assert ranking(alone) == ([(1, "region.g", [])], [])


def test_rank_missing_subjects() -> None:
    """Missing: subjects of a ranked kind with other comparable facts, in registry order."""
    base = base_of(
        fact("borduria.g", 4, "2025"),
        fact("carpania.s", 1, "2025", metric="score"),
        fact("zembla.s", 1, "2025", metric="score"),  # a partner, a kind not ranked here
        fact("arland.note", "x", "2025", metric=None),  # no comparable fact
        fact("region.s", 3, "2025", metric="score"),
    )
    assert ranking(base) == ([(1, "borduria.g", [])], ["carpania"])
    assert ranking(base, comparable=["arland", "carpania", "zembla"]) == (
        [(1, "borduria.g", [])],
        ["arland", "carpania"],
    )


def test_rank_uses_only_numeric_values() -> None:
    """Strings and booleans are not ranked; with none numeric, nothing is ranked or missing."""
    base = base_of(
        fact("arland.g", "high", "2025"),
        fact("borduria.g", True, "2025"),
        fact("carpania.g", 2, "2025"),
    )
    assert ranking(base) == ([(1, "carpania.g", [])], ["arland", "borduria"])
    assert ranking(base_of(fact("arland.g", "high", "2025"))) == ([], [])


def test_rank_takes_the_latest_and_shows_other_sources() -> None:
    """A subject's latest value ranks; another source's value of that period is kept as others."""
    base = base_of(
        fact("arland.old", 50, "2020"),
        fact("arland.new", 3, "2025"),
        fact("arland.s2", 4, "2024", source="s2"),
        fact("borduria.g", 2, "2025"),
    )
    assert ranking(base) == ([(1, "arland.new", ["arland.s2"]), (2, "borduria.g", [])], [])


def test_rank_primary_is_by_year_then_source_id() -> None:
    """Within the newest year the value ranked is the first source's by id, not the most precise."""
    base = base_of(fact("arland.s2", 9, "2025-08", source="s2"), fact("arland.s1", 1, "2025"))
    assert ranking(base) == ([(1, "arland.s1", ["arland.s2"])], [])


def test_rank_others_are_only_disagreeing_values() -> None:
    """Another source giving the same value is not a disagreement."""
    base = base_of(fact("arland.s1", 5, "2025"), fact("arland.s2", 5, "2025-08", source="s2"))
    assert rules.conflicts(base) == []
    assert ranking(base) == ([(1, "arland.s1", [])], [])


# --- compare ---------------------------------------------------------------------------------


def test_compare_rows_and_cells() -> None:
    """One row per metric in registry order; every subject asked for has a cell, maybe empty."""
    base = base_of(
        fact("borduria.s", 10, "2025", metric="score"),
        fact("borduria.g", 2, "2024"),
        fact("arland.g", 3, "2025-02", source="s2", unit="points"),
        fact("carpania.g", 1, "2025"),  # not asked for
    )
    rows = rules.compare(base, ["arland", "borduria"])
    assert [(r.metric, {s: ids(fs) for s, fs in r.cells.items()}) for r in rows] == [
        ("growth", {"arland": ["arland.g"], "borduria": ["borduria.g"]}),
        ("score", {"arland": [], "borduria": ["borduria.s"]}),
    ]
    assert [r.mixed for r in rows] == [["dates", "units", "sources"], []]
    assert rules.compare(base, ["arland"], topic="governance") == []
    assert [r.metric for r in rules.compare(base, ["borduria"], metric="score")] == ["score"]


# --- disagreements ---------------------------------------------------------------------------


def groups(*facts: Fact) -> list[list[str]]:
    return [ids(g) for g in rules.conflicts(base_of(*facts))]


@pytest.mark.parametrize(
    ("a", "b", "disagree"),
    [
        (("2025", 1, "%"), ("2025", 2, "%"), True),  # same year
        (("2024", 1, "%"), ("2025-12-31", 2, "%"), True),  # a year apart
        (("2023", 1, "%"), ("2025", 2, "%"), False),  # two years apart
        (("2025", 1, "%"), ("2025", 1, "%"), False),  # same value
        (("2025", 1, "%"), ("2025", 1.0, "%"), False),  # 1 and 1.0 are one value
        (("2025", 1, "%"), ("2025", True, "%"), True),  # a boolean is not a number
        (("2025", 1, "%"), ("2025", 1, "points"), True),  # same value, other unit
        (("2022/2025-08-15", 1, "%"), ("2025", 2, "%"), False),  # a span dates by its start
        (("2024/2026", 1, "%"), ("2025", 2, "%"), True),
    ],
)
def test_what_counts_as_the_same_period(a: tuple, b: tuple, disagree: bool) -> None:
    """Two sources disagree with different values (or units) dated within a year (D6)."""
    first = fact("arland.a", a[1], a[0], unit=a[2])
    second = fact("arland.b", b[1], b[0], source="s2", unit=b[2])
    assert groups(first, second) == ([["arland.a", "arland.b"]] if disagree else [])


def test_only_other_sources_of_one_subject_and_metric_disagree() -> None:
    """One source's series, other subjects or metrics, facts without a metric: no conflict."""
    assert groups(fact("arland.a", 1, "2024"), fact("arland.b", 2, "2025")) == []
    assert groups(fact("arland.a", 1, "2025"), fact("borduria.b", 2, "2025", source="s2")) == []
    assert groups(fact("arland.a", 1, "2025"), fact("arland.b", 2, "2025", "s2", "score")) == []
    no_metric = [fact("arland.a", "x", "2025", metric=None)]
    no_metric.append(fact("arland.b", "y", "2025", "s2", None))
    assert groups(*no_metric) == []


def test_each_years_window_is_one_group() -> None:
    """2023, 2024, 2025 from two sources: one window per year that holds two sources."""
    facts = (
        fact("arland.a23", 1, "2023"),
        fact("arland.b25", 3, "2025", source="s2"),
        fact("arland.a24", 2, "2024"),
    )
    # windows in the order of each year's first fact: 2023 (one source), 2025, 2024
    assert groups(*facts) == [
        ["arland.b25", "arland.a24"],
        ["arland.a23", "arland.b25", "arland.a24"],
    ]
    got = rules.disagreements(base_of(*facts))
    assert [(k, ids(v)) for k, v in got.items()] == [
        ("arland.b25", ["arland.a24", "arland.a23"]),
        ("arland.a24", ["arland.b25", "arland.a23"]),
        ("arland.a23", ["arland.b25", "arland.a24"]),
    ]


def test_the_disagreements_of_some_facts_are_theirs_of_all() -> None:
    """Asked for some facts, disagreements_of lists exactly what it lists for them unasked, in
    the same order, and nothing for the others (D108)."""
    from c5lens.base.disagree import disagreements_of

    facts = (
        fact("arland.a23", 1, "2023"),
        fact("arland.b25", 3, "2025", source="s2"),
        fact("arland.a24", 2, "2024"),
        fact("arland.c24", 4, "2024", source="s3"),
    )
    groups_ = rules.conflicts(base_of(*facts))
    every = disagreements_of(groups_, key=lambda f: f.id)
    for asked in (["arland.a24"], ["arland.c24", "arland.a23"], [], ["arland.zz"]):
        got = disagreements_of(groups_, key=lambda f: f.id, wanted=asked)
        assert got == {k: v for k, v in every.items() if k in asked}


# --- timeline --------------------------------------------------------------------------------

DATED = base_of(
    fact("arland.y", 1, "2025"),
    fact("arland.m", 2, "2025-06"),
    fact("arland.d", 3, "2025-06-30"),
    fact("borduria.span", 4, "2022/2025-08-15"),
    fact("borduria.old", 5, "2021"),
    fact("carpania.e", 6, "2025-12-19/2025-12-20", related=("arland",)),
)


def line(since: str | None = None, until: str | None = None, subject: str | None = None):
    s = parse_partial_date(since) if since else None
    u = parse_partial_date(until) if until else None
    return ids(rules.timeline(DATED, subject, s, u))


def test_timeline_is_in_date_order() -> None:
    """By start date, then subject order and id."""
    assert line() == [
        "borduria.old",
        "borduria.span",
        "arland.y",
        "arland.m",
        "arland.d",
        "carpania.e",
    ]


@pytest.mark.parametrize(
    ("since", "until", "want"),
    [
        ("2025-07", None, ["borduria.span", "arland.y", "carpania.e"]),
        ("2025-08-16", None, ["arland.y", "carpania.e"]),
        ("2025-12-20", None, ["arland.y", "carpania.e"]),
        ("2025-12-21", None, ["arland.y"]),
        (None, "2024", ["borduria.old", "borduria.span"]),
        (None, "2025-06", ["borduria.old", "borduria.span", "arland.y", "arland.m", "arland.d"]),
        ("2025-06-30", "2025-06-30", ["borduria.span", "arland.y", "arland.m", "arland.d"]),
        ("2022-03", "2022-03", ["borduria.span"]),
        ("2026", None, []),
    ],
)
def test_timeline_keeps_dates_that_overlap(since, until, want: list[str]) -> None:
    """A date overlaps [since, until] at its own precision; a span by either end (D14)."""
    assert line(since, until) == want


def test_timeline_of_a_subject_includes_related_facts() -> None:
    """A subject's timeline holds its facts and those naming it as related."""
    assert line(subject="arland") == ["arland.y", "arland.m", "arland.d", "carpania.e"]
    assert line(subject="carpania") == ["carpania.e"]
    assert line(subject="zembla") == []


# --- search ----------------------------------------------------------------------------------

SEARCHED = base_of(
    fact("arland.g", "x", "2025", statement="Growth in Arland grew.", notes="growth note"),
    fact("borduria.g", 3, "2025", statement="Output rose", notes="Growthy", source="s2"),
    fact("carpania.s", 2, "2025", metric="score", statement="Scores of growth, growth again."),
)


def hits(query: str, fields: tuple[str, ...] = DEFAULT_FIELDS) -> list[tuple[str, float]]:
    return [(h.fact.id, h.score) for h in rules.search(SEARCHED, parse_query(query, fields))]


# SEARCHED's words in the default fields (statement, value, note, metric, subject), counted by
# hand: arland.g 4+1+2+1+1 = 9 (its metric's key and title fold to one name, "growth"),
# borduria.g 2+1+1+1+1 = 6, carpania.s 5+1+0+1+1 = 8; so N = 3 and the mean length 23/3.
def bm25(*terms: tuple[int, int], length: int, n: int = 3, mean: float = 23 / 3) -> float:
    """bm25 of (occurrences, facts holding the term) pairs, as D86 defines it."""
    norm = 1.2 * (1 - 0.75 + 0.75 * length / mean)
    return round(
        sum(math.log(1 + (n - df + 0.5) / (df + 0.5)) * tf * 2.2 / (tf + norm) for tf, df in terms),
        6,
    )


@pytest.mark.parametrize(
    ("query", "want"),
    [
        # a word is a whole word: growth is in every fact (statement, note, metric), not growthy
        (
            "growth",
            [
                ("arland.g", bm25((3, 3), length=9)),
                ("carpania.s", bm25((2, 3), length=8)),
                ("borduria.g", bm25((1, 3), length=6)),
            ],
        ),
        ("grow", []),
        # a prefix: growth and growthy (not grew); the same counts, the shorter fact first
        (
            "grow*",
            [
                ("arland.g", bm25((3, 3), length=9)),
                ("borduria.g", bm25((2, 3), length=6)),
                ("carpania.s", bm25((2, 3), length=8)),
            ],
        ),
        ('"growth growth"', [("carpania.s", bm25((1, 1), length=8))]),
        ('"growth ag"*', [("carpania.s", bm25((1, 1), length=8))]),
        ('"again growth"', []),
        ("Growth growth ARLAND", [("arland.g", bm25((3, 3), (2, 1), length=9))]),
        ("3", [("borduria.g", bm25((1, 1), length=6))]),
        ("borduria output", [("borduria.g", bm25((1, 1), (1, 1), length=6))]),
        ("score", [("carpania.s", bm25((1, 1), length=8))]),
        # source titles only when asked for
        ("annual", []),
        ("growth zzz", []),
        ("  ,. ", []),
    ],
)
def test_search_scores(query: str, want: list[tuple[str, float]]) -> None:
    """Every term must be in a field; best first by bm25, ties in reading order."""
    assert hits(query) == want


def test_search_in_chosen_fields() -> None:
    """--in narrows the fields (and the lengths bm25 weighs); source titles are one of them."""
    # source titles: s1's "Annual Growth Review" (3 words) for arland.g and carpania.s, s2's
    # "Second Look" for borduria.g: mean 8/3
    assert hits("annual", ("source",)) == [
        ("arland.g", bm25((1, 2), length=3, mean=8 / 3)),
        ("carpania.s", bm25((1, 2), length=3, mean=8 / 3)),
    ]
    # notes only: "growth note", "Growthy", none: mean 1
    assert hits("growth", ("note",)) == [("arland.g", bm25((1, 1), length=2, mean=1))]


def test_search_query_syntax() -> None:
    """Quotes make a phrase, a trailing * a prefix, a hyphenated word a phrase; repeats go."""
    from c5lens.index.words import Query, Term

    assert parse_query('Rare-Earth "middle  corridor" miner* "a b"* x x') == Query(
        (
            Term(("rare", "earth")),
            Term(("middle", "corridor")),
            Term(("miner",), prefix=True),
            Term(("a", "b"), prefix=True),
            Term(("x",)),
        )
    )
    assert parse_query('"unclosed phrase', ("source", "nothing")) == Query(
        (Term(("unclosed", "phrase")),), ("source",)
    )


def test_search_terms_are_folded_and_unique() -> None:
    """A hit carries the query's words folded, each once."""
    (hit,) = rules.search(SEARCHED, "Árland ARLAND grew")
    assert (hit.fact.id, hit.terms) == ("arland.g", ("arland", "grew"))
