"""When sources disagree, worked out in one sweep over each subject's series of a metric.

The rule (docs/decisions.md): facts with the same subject and metric, from different sources,
none of them corrected (D97),
with different values (or units), dated within a year of each other. Each fact's year makes a
window of the facts dated a year either side of it; a window holding two sources and two
values is a conflict. A window depends only on its year, so a series is swept once per year
it has, not once per pair of facts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence

from c5lens.base.model import Fact

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")


def is_reading(fact: Fact) -> bool:
    """Whether a fact is a reading of its metric: a corrected fact records a source's mistake,
    which is never a side of a disagreement (D97)."""
    return fact.metric is not None and fact.correction is None


def value_key(fact: Fact) -> tuple[object, ...]:
    return (type(fact.value) is bool, fact.value, fact.unit)


def series_conflicts(
    items: Sequence[T],
    year: Callable[[T], int],
    source: Callable[[T], Hashable],
    value: Callable[[T], Hashable],
) -> list[list[int]]:
    """The conflicts of one subject's series of one metric, given in reading order: each a
    list of positions in `items`, in reading order; conflicts in the order of the first item
    whose year makes them."""
    if len(items) < 2:
        return []
    by_year: dict[int, list[int]] = {}
    for i, item in enumerate(items):
        by_year.setdefault(year(item), []).append(i)
    seen: set[tuple[int, ...]] = set()
    out: list[list[int]] = []
    for y in by_year:  # in order of each year's first item
        window = tuple(sorted(i for near in (y - 1, y, y + 1) for i in by_year.get(near, ())))
        if window in seen:
            continue
        seen.add(window)
        if len({source(items[i]) for i in window}) > 1 and (
            len({value(items[i]) for i in window}) > 1
        ):
            out.append(list(window))
    return out


def fact_conflicts(facts: Sequence[Fact]) -> list[list[Fact]]:
    """The conflicts of one subject's series of one metric, given in reading order."""
    groups = series_conflicts(facts, lambda f: f.as_of.start.year, lambda f: f.source, value_key)
    return [[facts[i] for i in group] for group in groups]


def conflicts_in(facts: Iterable[Fact]) -> list[list[Fact]]:
    """Every conflict among facts given in reading order, series by series in the order of
    each series' first fact."""
    by_key: dict[tuple[str, str], list[Fact]] = {}
    for f in facts:
        if f.metric and is_reading(f):
            by_key.setdefault((f.subject, f.metric), []).append(f)
    return [group for series in by_key.values() for group in fact_conflicts(series)]


def disagreements_of(
    groups: Iterable[Sequence[T]],
    key: Callable[[T], Hashable],
    wanted: Iterable[Hashable] | None = None,
) -> dict:
    """For each item of the groups (by key), or of those `wanted`, the other items it is in a
    conflict with, in the order they are first met.

    Each group is looked at once, and only a wanted item's others are listed: a series with
    hundreds of facts a year makes groups of hundreds, and every item's others would be
    their square (D108)."""
    want = None if wanted is None else set(wanted)
    out: dict[Hashable, dict[Hashable, T]] = {}
    for group in groups:
        keys = [key(g) for g in group]
        for k in keys:
            if want is not None and k not in want:
                continue
            mine = out.setdefault(k, {})
            for j, other in enumerate(keys):
                if other != k and other not in mine:
                    mine[other] = group[j]
    return {k: list(v.values()) for k, v in out.items()}
