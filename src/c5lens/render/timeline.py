"""The timeline for people: a heading for each year, then that year's facts in date order."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console

from c5lens.base.model import Base, Fact
from c5lens.render.profile import Group, print_findings


def by_year(facts: Sequence[Fact]) -> list[tuple[int, list[Fact]]]:
    """The facts, already in date order, grouped by the year their date starts in."""
    groups: dict[int, list[Fact]] = {}
    for f in facts:
        groups.setdefault(f.as_of.start.year, []).append(f)
    return list(groups.items())


def print_timeline(
    console: Console, base: Base, facts: Sequence[Fact], disagreements: dict[str, list[Fact]]
) -> None:
    """One table a year, headed by the year: date, subject, value where a fact shows one,
    statement, source (stacked where the table would not fit)."""
    groups = [Group(str(year), group, subjects=True) for year, group in by_year(facts)]
    if groups:
        print_findings(console, groups, disagreements)
