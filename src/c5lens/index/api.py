"""The questions c5lens asks of a fact base, by name: the interface of a fact store.

Two stores answer them: `sqlite.SqliteStore`, from the index in the user's cache (each answer
read through an SQL index, touching only its rows), and `memory.MemoryStore`, from the YAML
loaded whole (when the index is turned off or cannot be used). Both give the same answers; a
spec of tests holds them to it. `open_store` picks one.

Every filter of `facts` takes one value or a list (any of them); filters are all required.
Facts come in reading order (subject and topic as registered, then the files' order) unless
a method says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from c5lens.base.dates import PartialDate
from c5lens.base.model import Base, Fact, Problem, Source, Subject

Filter = str | Sequence[str] | None

ENV_OFF = "C5LENS_NO_CACHE"
COUNTABLE = ("subject", "topic", "source", "metric")


class RankInput(NamedTuple):
    """What ranking a metric needs: each subject's numeric facts of it dated within a year of
    its newest, and the subjects with any fact of a metric."""

    facts: list[Fact]
    comparable: set[str]


class FactStore(Protocol):
    def registries(self) -> Base:
        """Subjects, topics, sources and metrics, and the base's problems; no facts."""

    def problems(self) -> tuple[Problem, ...]:
        """Every problem with the data, in the order load_base reports them."""

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
        """The facts matching every filter given. since/until keep the facts whose dates
        overlap them at their precision; `about` those of those subjects or related to one."""

    def fact(self, fact_id: str) -> Fact | None: ...

    def ids(self) -> list[str]:
        """Every fact's id (for suggestions)."""

    def latest(
        self, subject: Filter = None, metric: Filter = None, topic: Filter = None
    ) -> list[Fact]:
        """Of each series (subject and metric) matching the filters, the facts dated within a
        year of its newest: those its latest value and its disagreeing values are among."""

    def series(self, subject: str, metric: str) -> list[Fact]:
        """A subject's facts of a metric, in date order (then reading order)."""

    def disputed(self, fact_ids: Sequence[str]) -> dict[str, list[Fact]]:
        """For each of those facts that disagrees with others, the facts it disagrees with."""

    def conflicts(self) -> list[list[Fact]]:
        """Every group of facts that disagree (see base.disagree), in reading order."""

    def rank(self, metric: str) -> RankInput: ...

    def search(self, terms: Sequence[str]) -> list[Fact]:
        """The facts with, for every (folded) term, a word starting with it."""

    def counts(self, by: str) -> dict[str, int]:
        """How many facts each subject, topic, source or metric has."""

    def metric_subjects(self) -> dict[str, list[str]]:
        """For each metric, the subjects with a fact of it."""

    def in_reading_order(self) -> Iterator[Fact]:
        """Every fact, in reading order, without holding them all."""


def as_list(value: Filter) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def matches(
    fact: Fact, terms: Sequence[str], subjects: dict[str, Subject], sources: dict[str, Source]
) -> bool:
    """Whether every term starts a word of what search looks through."""
    from c5lens.base.text import words
    from c5lens.index.build import search_text

    found = words(search_text(fact, subjects, sources))
    return all(any(w.startswith(t) for w in found) for t in terms)


def open_store(dirs: Sequence[Path]) -> FactStore:
    """The index of dirs, brought up to date; or, where it cannot be used, the YAML."""
    from c5lens.index.build import IndexUnavailable

    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        from c5lens.index.memory import MemoryStore

        return MemoryStore(dirs)
    try:
        from c5lens.index.sqlite import open_index

        return open_index(dirs)
    except IndexUnavailable:
        from c5lens.index.memory import MemoryStore

        return MemoryStore(dirs)
