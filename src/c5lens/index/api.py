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
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import EllipsisType

from c5lens.base.dates import PartialDate
from c5lens.base.model import Base, Fact, Problem
from c5lens.base.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object

if TYPE_CHECKING:
    from c5lens.index.words import Query, Searched

Filter = str | Sequence[str] | None
# Called with (files done, files in all) while an index is built or refreshed.
Progress = Callable[[int, int], None]

ENV_OFF = "C5LENS_NO_CACHE"
ENV_CACHE = "XDG_CACHE_HOME"
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
        """Every fact's id, in the loader's order."""

    def near_ids(self, fact_id: str, n: int = 3) -> list[str]:
        """Up to n ids like fact_id, the closest first (see near_candidates), for a suggestion;
        reads a few thousand ids at most, not all of them."""

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

    def search(self, query: Query) -> Searched:
        """The facts holding every term of the query in its fields, in reading order, and
        the counts over every fact that bm25 needs (index.words, D86)."""

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


# How many ids on either side of the place a mistyped id would take are compared with it, and
# at most how many of its subject's: difflib takes about 0.1 ms an id of this shape.
NEAR = 100
SUBJECT_MAX = 400


def near_ranges(fact_id: str) -> tuple[str, str, str]:
    """Where near_ids looks: the place fact_id takes among the ids sorted, and the range of
    its subject's ids (those from `<subject>.` up to, not including, `<subject>/`).

    near_ids compares fact_id with the ids of its subject (the text before the first `.`)
    and with the NEAR ids on either side of its place, which a mistyped subject sorts among.
    Text that is not UTF-8 takes the place its replacement characters take.
    """
    probe = fact_id.encode("utf-8", "replace").decode("utf-8")
    subject = probe.split(".", 1)[0]
    return probe, subject + ".", subject + "/"


def narrowed(probe: str, low: str, high: str, count: Callable[[str, str], int]) -> tuple[str, str]:
    """The subject's range [low, high), narrowed while it holds more than SUBJECT_MAX ids to
    the ids that share ever more of probe's first characters (`count` counts a range)."""
    prefix = low
    while count(low, high) > SUBJECT_MAX and len(prefix) < len(probe):
        prefix = probe[: len(prefix) + 1]
        if ord(prefix[-1]) >= 0x10FFFF:
            break
        low, high = prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return low, high


def closest(fact_id: str, candidates: Sequence[str], n: int) -> list[str]:
    """The n candidates most like fact_id (a ratio of at least 0.6, as difflib scores it)."""
    import difflib

    return difflib.get_close_matches(fact_id, list(candidates), n=n, cutoff=0.6)


def cache_settings(environ: Mapping[str, str]) -> tuple[Path | None, bool]:
    """Where the index lives (`$XDG_CACHE_HOME/c5lens`, else `~/.cache/c5lens`; None when
    there is no home to put it in) and whether it is used (not under C5LENS_NO_CACHE=1).

    A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory spec says.
    """
    use = environ.get(ENV_OFF, "") in ("", "0")
    xdg = environ.get(ENV_CACHE, "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "c5lens", use
    home = environ.get("HOME") or os.path.expanduser("~")
    if not home or not os.path.isabs(home):
        return None, use
    return Path(home) / ".cache" / "c5lens", use


def open_store(
    dirs: Sequence[Path],
    *,
    cache_dir: Path | EllipsisType | None = ...,
    use_cache: bool | None = None,
    progress: Progress | None = None,
) -> FactStore:
    """The index of dirs in cache_dir, brought up to date; or, where it cannot be used (no
    cache_dir, not use_cache, an unwritable or corrupt index), the YAML.

    cache_dir `...` and use_cache None read them from os.environ (cache_settings); a caller
    that has read its environment once passes them. `progress` is called as files are read
    into the index (files done, files in all), never for the YAML.
    """
    from c5lens.index.build import IndexUnavailable

    if cache_dir is ... or use_cache is None:
        env_dir, env_use = cache_settings(os.environ)
        cache_dir = env_dir if cache_dir is ... else cache_dir
        use_cache = env_use if use_cache is None else use_cache
    if use_cache and cache_dir is not None:
        try:
            from c5lens.index.sqlite import open_index

            return open_index(dirs, cache_dir=cache_dir, use_cache=True, progress=progress)
        except IndexUnavailable:
            pass
    from c5lens.index.memory import MemoryStore

    return MemoryStore(dirs)
