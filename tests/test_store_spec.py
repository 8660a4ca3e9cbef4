"""One spec for both fact stores: the index (SqliteStore) and the YAML (MemoryStore) give the
same, exact answers to every question, and the answers are those of the rules over the whole
loaded base (query.rules), on small bases written here, a generated one and the shipped one."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_FILES

from c5lens.base.dates import parse_partial_date
from c5lens.base.loading import load_base
from c5lens.base.model import Base, Fact
from c5lens.base.paths import bundled_facts_dir
from c5lens.index.memory import MemoryStore
from c5lens.index.sqlite import SqliteStore, open_index
from c5lens.index.words import (
    DEFAULT_FIELDS,
    FIELDS,
    Searched,
    field_words,
    parse_query,
    search_in,
)
from c5lens.query import rules

ROOT = Path(__file__).resolve().parent.parent


def _series_yaml(rng: random.Random) -> str:
    """A series of a metric from two sources over the years: some values agree, some not."""
    lines = ["subject: kazakhstan", "topic: economy", "facts:"]
    for i in range(60):
        year = rng.randint(2000, 2012)
        as_of = rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}/{year + 1}"))
        lines += [
            f"  - id: kazakhstan.growth-{i:02d}",
            f"    statement: Growth was {i % 4} percent in {year}.",
            "    metric: gdp_growth",
            f"    value: {rng.choice((1, 1.0, 2, 2.5))}",
            "    unit: " + rng.choice(("'%'", "'%'", "points")),
            f"    as_of: '{as_of}'",
            f"    source: {rng.choice(('src-a', 'src-a', 'src-b'))}",
            "    locator: Table 1",
            f"    related: [{rng.choice(('uzbekistan', 'china'))}]",
        ]
    return "\n".join(lines) + "\n"


OVERRIDE_YAML = """\
subject: uzbekistan
topic: governance
facts:
  - id: uzbekistan.freedom-house-score-2025
    statement: Freedom House scored Uzbekistan 12 of 100 in 2025.
    metric: freedom_house_score
    value: 12
    unit: points
    as_of: '2025'
    source: src-b
    locator: Report
  - id: uzbekistan.freedom-house-score-2025
    statement: A repeated id, a problem.
    metric: freedom_house_score
    value: 13
    unit: points
    as_of: '2024'
    source: src-b
    locator: Report
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _generated(root: Path) -> Path:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module.generate(root, 1200)


def _bases(tmp: Path) -> dict[str, list[Path]]:
    tiny = _write(tmp / "tiny", dict(BASE_FILES))
    series = _write(
        tmp / "series",
        {**BASE_FILES, "kazakhstan/economy.yaml": _series_yaml(random.Random(5))},
    )
    override = _write(tmp / "override", {"uzbekistan/governance.yaml": OVERRIDE_YAML})
    return {
        "tiny": [tiny],
        "series+override": [series, override],
        "generated": [_generated(tmp / "generated")],
        "shipped": [bundled_facts_dir()],
    }


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Any, Base]]:
    tmp = tmp_path_factory.mktemp("spec")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp / "cache"))
        mp.delenv("C5LENS_NO_CACHE", raising=False)
        for name, dirs in _bases(tmp).items():
            out[name] = (open_index(dirs), MemoryStore(dirs), load_base(dirs))
    return out


BASES = ["tiny", "series+override", "generated", "shipped"]
KINDS = ["sqlite", "memory"]


@pytest.fixture(params=[(b, k) for b in BASES for k in KINDS], ids=lambda p: f"{p[0]}-{p[1]}")
def case(request: pytest.FixtureRequest, stores: dict) -> tuple[Any, Base]:
    base_name, kind = request.param
    sqlite, memory, base = stores[base_name]
    store = sqlite if kind == "sqlite" else memory
    assert isinstance(store, SqliteStore if kind == "sqlite" else MemoryStore)
    return store, base


def _reading(base: Base) -> list[Fact]:
    return rules.sort_facts(base.facts, base)


# --- the rule of disagreement as it was first written: every pair within a series ------------


def _pairwise_conflicts(base: Base) -> list[list[Fact]]:
    by_key: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in _reading(base):
        if f.metric and f.correction is None:  # a corrected fact is no side (D97)
            by_key[(f.subject, f.metric)].append(f)
    groups: list[list[Fact]] = []
    for facts in by_key.values():
        seen: set[tuple[str, ...]] = set()
        for f in facts:
            group = [g for g in facts if abs(f.as_of.start.year - g.as_of.start.year) <= 1]
            ids = tuple(g.id for g in group)
            if (
                ids not in seen
                and len({g.source for g in group}) > 1
                and len({(type(g.value) is bool, g.value, g.unit) for g in group}) > 1
            ):
                groups.append(group)
            seen.add(ids)
    return groups


def _pairwise_disagreements(base: Base) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for group in _pairwise_conflicts(base):
        for f in group:
            mine = out.setdefault(f.id, [])
            mine += [g for g in group if g.id != f.id and g not in mine]
    return out


# --- the spec --------------------------------------------------------------------------------


def test_registries_and_problems(case: tuple[Any, Base]) -> None:
    store, base = case
    assert store.registries() == base._replace(facts=())
    assert store.problems() == base.problems


def test_facts_unfiltered_and_in_reading_order(case: tuple[Any, Base]) -> None:
    store, base = case
    assert store.facts() == _reading(base)
    assert list(store.in_reading_order()) == _reading(base)
    assert sorted(store.ids()) == sorted(f.id for f in base.facts)


@pytest.mark.parametrize("column", ["subject", "topic", "metric", "source"])
def test_facts_by_each_filter_one_value_or_a_list(case: tuple[Any, Base], column: str) -> None:
    store, base = case
    values = sorted({v for f in base.facts if (v := getattr(f, column)) is not None})
    for value in [*values, "no-such-key"]:
        want = [f for f in _reading(base) if getattr(f, column) == value]
        assert store.facts(**{column: value}) == want, value
        assert store.facts(**{column: [value]}) == want, value
    some = values[::2]
    assert store.facts(**{column: some}) == [
        f for f in _reading(base) if getattr(f, column) in some
    ]
    assert store.facts(**{column: []}) == []


def test_filters_are_all_required(case: tuple[Any, Base]) -> None:
    store, base = case
    for f in base.facts[:: max(1, len(base.facts) // 20)]:
        want = [
            g
            for g in _reading(base)
            if g.subject == f.subject and g.topic == f.topic and g.source == f.source
        ]
        assert store.facts(subject=f.subject, topic=[f.topic, "x"], source=f.source) == want


@pytest.mark.parametrize(
    ("since", "until"), [("2025", None), (None, "2019-06"), ("2024-12", "2025-08-15")]
)
def test_facts_by_date_and_about(case: tuple[Any, Base], since: str | None, until: str | None):
    store, base = case
    s = parse_partial_date(since) if since else None
    u = parse_partial_date(until) if until else None
    for about in [None, *list(base.subjects)[:4]]:
        got = store.facts(since=s, until=u, about=about)
        assert rules.timeline(base._replace(facts=tuple(got)), about, s, u) == rules.timeline(
            base, about, s, u
        )
        assert len(got) == len(rules.timeline(base, about, s, u))


def test_fact(case: tuple[Any, Base]) -> None:
    store, base = case
    for f in base.facts:
        assert store.fact(f.id) == f
    assert store.fact("no.such-fact") is None
    assert store.fact("bad\udcff") is None


def _near_ids(base: Base, fact_id: str, n: int = 3) -> list[str]:
    """near_ids as its docstring says, over every id."""
    from bisect import bisect_left

    from c5lens.index.api import NEAR, SUBJECT_MAX, closest, near_ranges

    ids = sorted(f.id for f in base.facts)
    probe, low, _high = near_ranges(fact_id)
    place = bisect_left(ids, probe)
    near = set(ids[max(0, place - NEAR) : place + NEAR])
    prefix = low
    # the subject's ids, or those sharing ever more of the probe's start, SUBJECT_MAX at most
    while sum(i.startswith(prefix) for i in ids) > SUBJECT_MAX and len(prefix) < len(probe):
        prefix = probe[: len(prefix) + 1]
    near |= {i for i in ids if i.startswith(prefix)}
    return closest(fact_id, sorted(near), n)


@pytest.mark.parametrize("subject_max", [400, 3])
def test_near_ids(
    case: tuple[Any, Base], subject_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from c5lens.index import api

    monkeypatch.setattr(api, "SUBJECT_MAX", subject_max)  # 3: a subject's range is narrowed
    store, base = case
    rng = random.Random(3)
    probes = ["", "no.such-fact", "bad\udcff.x", "kazakhstan", "kazakhstan.", "zzz.zzz", "a/b"]
    for f in rng.sample(base.facts, min(40, len(base.facts))):
        i = rng.randrange(len(f.id))
        probes += [f.id, f.id[:i] + f.id[i + 1 :], f.id[:i] + "x" + f.id[i:], f.id.upper()]
        probes.append("q" + f.id[1:])  # a mistyped subject
    for probe in probes:
        want = _near_ids(base, probe)
        assert store.near_ids(probe) == want, probe
        assert store.near_ids(probe, 1) == want[:1]
    ids = {f.id for f in base.facts}
    some = next(iter(ids))
    assert store.near_ids(some)[0] == some
    # What suggestions were before: difflib over every id. Near ids find the same best guess
    # for a typo within its subject.
    for f in base.facts[:: max(1, len(base.facts) // 20)]:
        typo = f.id[:-1] + ("x" if f.id[-1] != "x" else "y")
        assert store.near_ids(typo)[:1] == rules.close_matches(typo, sorted(ids))[:1]


def test_disagreements_are_those_of_every_pair(case: tuple[Any, Base]) -> None:
    store, base = case
    assert store.conflicts() == _pairwise_conflicts(base) == rules.conflicts(base)
    want = _pairwise_disagreements(base)
    assert rules.disagreements(base) == want
    assert store.disputed([f.id for f in base.facts]) == want
    for fact_id in list(want)[:10]:
        assert store.disputed([fact_id, fact_id, "no.such"]) == {fact_id: want[fact_id]}


def test_latest_and_series(case: tuple[Any, Base]) -> None:
    store, base = case
    pairs = sorted({(f.subject, f.metric) for f in base.facts if f.metric})
    for subject, metric in pairs:
        series = [f for f in _reading(base) if f.subject == subject and f.metric == metric]
        assert store.series(subject, metric) == sorted(series, key=lambda f: f.as_of.sort_key())
        latest = store.latest(subject, metric)
        assert rules.latest_per_subject(latest) == rules.latest_per_subject(series)
        assert set(latest) <= set(series)
    subjects = list(base.subjects)
    for topic in [None, *base.topics]:
        got = base._replace(facts=tuple(store.latest(subjects, None, topic)))
        assert rules.compare(got, subjects, topic=topic) == rules.compare(
            base, subjects, topic=topic
        )
    assert store.latest(subjects) == store.latest(subjects, [m for _, m in pairs])


def test_rank(case: tuple[Any, Base]) -> None:
    store, base = case
    for metric in base.metrics:
        facts, comparable = store.rank(metric)
        got = base._replace(facts=tuple(facts))
        for descending in (True, False):
            assert rules.rank(got, metric, descending, comparable) == rules.rank(
                base, metric, descending
            )


SEARCHES = [
    "freedom", "rare earth", "uranium", "kaz", "kaz*", "growth 2005", "a", "zzzz", "b_c", "é",
    '"rare earth"', '"middle corridor"', "miner*", '"percent in"*', "Kirghizia", "KZ",
    "Қазақстан", "Republic of Kazakhstan", "gdp*", "points",
]  # fmt: skip
FIELD_CHOICES = [("source",), ("statement",), ("metric", "subject"), FIELDS]


def test_search(case: tuple[Any, Base]) -> None:
    """Both stores find the facts every fact's words hold, in reading order, with the same
    counts, so the same scores in the same order; in every choice of fields."""
    store, base = case
    reading = _reading(base)
    every = [field_words(f, base) for f in reading]
    queries = SEARCHES + [
        f.statement.split()[0] for f in base.facts[:: max(1, len(base.facts) // 10)]
    ]
    for text in queries:
        for fields in [DEFAULT_FIELDS, *FIELD_CHOICES]:
            query = parse_query(text, fields)
            found = store.search(query)
            assert found == search_in(reading, every, query), (text, fields)
    assert rules.search(base, "freedom") == rules.ranked_hits(
        store.search(parse_query("freedom")), parse_query("freedom")
    )
    assert store.search(parse_query("")) == Searched([], 0, 0.0, (), [])


@pytest.mark.parametrize("by", ["subject", "topic", "source", "metric"])
def test_counts(case: tuple[Any, Base], by: str) -> None:
    store, base = case
    want: dict[str, int] = {}
    for f in base.facts:
        if (key := getattr(f, by)) is not None:
            want[key] = want.get(key, 0) + 1
    assert store.counts(by) == want
    with pytest.raises(ValueError):
        store.counts("statement")


def test_metric_subjects(case: tuple[Any, Base]) -> None:
    store, base = case
    want: dict[str, set[str]] = defaultdict(set)
    for f in base.facts:
        if f.metric:
            want[f.metric].add(f.subject)
    got = store.metric_subjects()
    assert {m: set(s) for m, s in got.items()} == want
    assert all(len(s) == len(set(s)) for s in got.values())
