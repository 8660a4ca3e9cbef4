"""The one set of filters every command that lists facts takes, and what each one keeps.

Values within one filter are alternatives (`--country kz,uz` is either); different filters all
apply. Names are resolved against the registries first, so a filter never silently matches
nothing because of a typo: an unknown subject, topic, source or metric is `NotFound` (with
suggestions), a value that cannot be one is `BadFilter`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from c5lens.base.dates import PartialDate
from c5lens.base.model import Base, Fact
from c5lens.base.record import NamedTuple
from c5lens.query.rules import NotFound, close_matches

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

KINDS = ("country", "region", "partner")
# A named group: `--country c5` is the five Central Asian states, the subjects of kind country.
GROUPS = {"c5": "country"}


class BadFilter(ValueError):
    """A filter's value that cannot be one (a kind that does not exist, a date that is not)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option, self.message = option, message


def split_values(values: Iterable[str] | str | None) -> list[str]:
    """The values of a repeatable option, each of which may be a comma-separated list."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


class Filters(NamedTuple):
    """Resolved filters: keys as the registries spell them; an empty tuple filters nothing."""

    subjects: tuple[str, ...] = ()
    involving: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    locators: tuple[str, ...] = ()

    def store_query(self) -> dict[str, Any]:
        """The part of the filters a store answers by its indexes (`FactStore.facts`)."""
        return {
            "subject": list(self.subjects) or None,
            "topic": list(self.topics) or None,
            "metric": list(self.metrics) or None,
            "source": list(self.sources) or None,
            "since": self.since,
            "until": self.until,
            "about": list(self.involving) or None,
        }

    @property
    def narrows_time_or_origin(self) -> bool:
        """Whether the filters go beyond subject, topic and metric (the latest-value shortcut)."""
        return bool(
            self.sources or self.since or self.until or self.locators or self.involving
            or self.kinds
        )  # fmt: skip

    def keeps_subject(self, key: str, base: Base) -> bool:
        """Whether a subject passes the subject and kind filters."""
        if self.subjects and key not in self.subjects:
            return False
        subject = base.subjects.get(key)
        return not self.kinds or (subject is not None and subject.kind in self.kinds)

    def keeps(self, fact: Fact, base: Base) -> bool:
        """Whether `fact` passes every filter."""
        if self.subjects and fact.subject not in self.subjects:
            return False
        if (
            self.involving
            and fact.subject not in self.involving
            and not set(self.involving) & set(fact.related)
        ):
            return False
        if self.kinds:
            subject = base.subjects.get(fact.subject)
            if subject is None or subject.kind not in self.kinds:
                return False
        if self.topics and fact.topic not in self.topics:
            return False
        if self.sources and fact.source not in self.sources:
            return False
        if self.metrics and fact.metric not in self.metrics:
            return False
        if self.since is not None or self.until is not None:
            first = _start(fact.as_of.start)
            last = _end(fact.as_of.end or fact.as_of.start)
            if self.since is not None and last < _start(self.since):
                return False
            if self.until is not None and first > _end(self.until):
                return False
        if self.locators:
            where = (fact.locator or "").casefold()
            if not any(text.casefold() in where for text in self.locators):
                return False
        return True

    def apply(self, facts: Iterable[Fact], base: Base) -> list[Fact]:
        return [f for f in facts if self.keeps(f, base)]


def _start(d: PartialDate) -> tuple[int, int, int]:
    return (d.year, d.month or 1, d.day or 1)


def _end(d: PartialDate) -> tuple[int, int, int]:
    return (d.year, d.month or 12, d.day or 31)


def canonical(kind: str, key: str, known: Iterable[str]) -> str:
    """`key` as the registry spells it, ignoring case; NotFound with suggestions otherwise."""
    known = list(known)
    if key in known:
        return key
    folded = {k.casefold(): k for k in known}
    if key.casefold() in folded:
        return folded[key.casefold()]
    raise NotFound(kind, key, close_matches(key, known))


def subject_keys(base: Base, names: Sequence[str]) -> tuple[str, ...]:
    """The subjects named (by any name, or a group such as `c5`), in the order given."""
    from c5lens.base.names import name_index

    index = name_index(base.subjects)
    keys: list[str] = []
    for name in names:
        group = GROUPS.get(name.casefold())
        if group is not None:
            keys += [s.key for s in base.subjects.values() if s.kind == group]
        else:
            keys.append(index.resolve(name).key)
    return tuple(dict.fromkeys(keys))


def resolve(
    base: Base,
    subject: Iterable[str] | None = None,
    involving: Iterable[str] | None = None,
    kind: Iterable[str] | None = None,
    topic: Iterable[str] | None = None,
    source: Iterable[str] | None = None,
    metric: Iterable[str] | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    locator: Iterable[str] | None = None,
) -> Filters:
    """Filters from the values the command line gave, checked against the registries."""
    kinds = split_values(kind)
    for k in kinds:
        if k not in KINDS:
            raise BadFilter("--kind", f"{k!r} is not one of {', '.join(KINDS)}")
    return Filters(
        subjects=subject_keys(base, split_values(subject)),
        involving=subject_keys(base, split_values(involving)),
        kinds=tuple(dict.fromkeys(kinds)),
        topics=tuple(canonical("topic", t, base.topics) for t in split_values(topic)),
        sources=tuple(canonical("source", s, base.sources) for s in split_values(source)),
        metrics=tuple(canonical("metric", m, base.metrics) for m in split_values(metric)),
        since=since,
        until=until,
        # A locator may hold commas (`Challenges, para 4`): repeat the option instead.
        locators=tuple(v for v in (locator or ()) if v.strip()),
    )
