"""The fact store read from the YAML, loaded whole: for when the index is turned off
(C5LENS_NO_CACHE=1) or cannot be used. The same answers as the index, worked out in Python."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from c5lens.base.dates import PartialDate
from c5lens.base.disagree import conflicts_in, disagreements_of
from c5lens.base.model import Base, Fact, Problem
from c5lens.index.api import (
    COUNTABLE,
    NEAR,
    Filter,
    RankInput,
    as_list,
    closest,
    narrowed,
    near_ranges,
)
from c5lens.index.schema import day_number
from c5lens.index.words import Query, Searched, Words, field_words, search_in


class MemoryStore:
    def __init__(self, dirs: Sequence[Path]) -> None:
        from c5lens.base.loading import load_base

        self._base = load_base(dirs)
        so = {k: i for i, k in enumerate(self._base.subjects)}
        to = {k: i for i, k in enumerate(self._base.topics)}
        self._reading = sorted(
            self._base.facts, key=lambda f: (so.get(f.subject, 1 << 30), to.get(f.topic, 1 << 30))
        )
        self._conflicts: list[list[Fact]] | None = None
        self._sorted_ids: list[str] | None = None
        self._words: list[tuple[Words, ...]] | None = None

    def registries(self) -> Base:
        return self._base._replace(facts=())

    def problems(self) -> tuple[Problem, ...]:
        return self._base.problems

    def base(self) -> Base:
        return self._base

    def facts(
        self,
        subject: Filter = None,
        topic: Filter = None,
        metric: Filter = None,
        source: Filter = None,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        about: Filter = None,
    ) -> list[Fact]:
        wanted = [
            (name, set(values))
            for name, values in (
                ("subject", as_list(subject)),
                ("topic", as_list(topic)),
                ("metric", as_list(metric)),
                ("source", as_list(source)),
            )
            if values is not None
        ]
        low = day_number(since.year, since.month, since.day, False) if since else None
        high = day_number(until.year, until.month, until.day, True) if until else None
        about_list = as_list(about)
        about_keys = set(about_list) if about_list is not None else None
        out = []
        for f in self._reading:
            if any(getattr(f, name) not in values for name, values in wanted):
                continue
            if (
                about_keys is not None
                and f.subject not in about_keys
                and not (about_keys & set(f.related))
            ):
                continue
            start, end = f.as_of.start, f.as_of.end or f.as_of.start
            if low is not None and day_number(end.year, end.month, end.day, True) < low:
                continue
            if high is not None and day_number(start.year, start.month, start.day, False) > high:
                continue
            out.append(f)
        return out

    def fact(self, fact_id: str) -> Fact | None:
        return self._base.fact(fact_id)

    def ids(self) -> list[str]:
        return [f.id for f in self._base.facts]

    def near_ids(self, fact_id: str, n: int = 3) -> list[str]:
        from bisect import bisect_left

        if self._sorted_ids is None:
            self._sorted_ids = sorted(self.ids())
        ids = self._sorted_ids
        probe, low, high = near_ranges(fact_id)
        place = bisect_left(ids, probe)
        around = ids[max(0, place - NEAR) : place + NEAR]

        def count(lo: str, hi: str) -> int:
            return bisect_left(ids, hi) - bisect_left(ids, lo)

        low, high = narrowed(probe, low, high, count)
        subject = ids[bisect_left(ids, low) : bisect_left(ids, high)]
        return closest(fact_id, sorted({*around, *subject}), n)

    def latest(
        self, subject: Filter = None, metric: Filter = None, topic: Filter = None
    ) -> list[Fact]:
        return self._latest(self.facts(subject=subject, metric=metric, topic=topic))

    @staticmethod
    def _latest(facts: list[Fact]) -> list[Fact]:
        newest: dict[tuple[str, str | None], int] = {}
        for f in facts:
            if f.metric is not None:
                key = (f.subject, f.metric)
                newest[key] = max(newest.get(key, f.as_of.start.year), f.as_of.start.year)
        return [
            f
            for f in facts
            if f.metric is not None and f.as_of.start.year >= newest[(f.subject, f.metric)] - 1
        ]

    def series(self, subject: str, metric: str) -> list[Fact]:
        return sorted(self.facts(subject=subject, metric=metric), key=lambda f: f.as_of.sort_key())

    def conflicts(self) -> list[list[Fact]]:
        if self._conflicts is None:
            self._conflicts = conflicts_in(self._reading)
        return self._conflicts

    def disputed(self, fact_ids: Sequence[str]) -> dict[str, list[Fact]]:
        asked = dict.fromkeys(fact_ids)
        found = disagreements_of(self.conflicts(), key=lambda f: f.id, wanted=asked)
        return {i: found[i] for i in asked if i in found}

    def rank(self, metric: str) -> RankInput:
        numeric = [f for f in self.facts(metric=metric) if f.is_numeric]
        comparable = {f.subject for f in self._base.facts if f.metric}
        return RankInput(self._latest(numeric), comparable)

    def search(self, query: Query) -> Searched:
        if not query.terms:
            return Searched([], 0, 0.0, (), [])
        if self._words is None:
            self._words = [field_words(f, self._base) for f in self._reading]
        return search_in(self._reading, self._words, query)

    def counts(self, by: str) -> dict[str, int]:
        if by not in COUNTABLE:
            raise ValueError(f"cannot count facts by {by!r}")
        counts: dict[str, int] = {}
        for f in self._base.facts:
            key = getattr(f, by)
            if key is not None:
                counts[key] = counts.get(key, 0) + 1
        return counts

    def metric_subjects(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for f in self._base.facts:
            if f.metric and f.subject not in out.setdefault(f.metric, []):
                out[f.metric].append(f.subject)
        return out

    def in_reading_order(self) -> Iterator[Fact]:
        return iter(self._reading)
