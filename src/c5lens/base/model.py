"""The typed, immutable records of a fact base."""

from __future__ import annotations

from c5lens.base.dates import AsOf, parse_as_of
from c5lens.base.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

Value: TypeAlias = int | float | str | bool

SUBJECT_KINDS = ("country", "region", "partner")
QUALIFIERS = (
    "estimate",
    "forecast",
    "approximate",
    "more-than",
    "less-than",
    "at-least",
    "at-most",
)


# Control characters and line breaks, which a path or a directory's name may hold.
_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u2028\u2029]"


def one_line(text: str) -> str:
    """Text with each control character and line break written as its escape (`\\n`, `\\x1b`):
    a problem prints as one line, and a file's name cannot steer the terminal."""
    if text.isprintable():  # none of those characters is printable: nothing to escape
        return text
    import re

    return re.sub(_UNPRINTABLE, lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Problem(NamedTuple):
    """One thing wrong with the data, at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # a problem with a path as a whole (unreadable, missing, ...)
            return one_line(f"{self.path}: {self.message}")
        return one_line(f"{self.path}:{self.line}:{self.col}: {self.message}")

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "col": self.col, "message": self.message}


class Subject(NamedTuple):
    """A country, the region, or an outside power facts can be about."""

    key: str
    name: str
    kind: str
    iso_alpha2: str | None = None
    iso_alpha3: str | None = None
    iso_numeric: str | None = None
    factbook: str | None = None
    names: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The subject's ISO 3166-1 codes, those it has."""
        return tuple(c for c in (self.iso_alpha2, self.iso_alpha3, self.iso_numeric) if c)


class Topic(NamedTuple):
    """One entry of the fixed topic vocabulary."""

    key: str
    description: str


class Source(NamedTuple):
    """A source document, with its bibliographic record."""

    id: str
    title: str
    author: str | None
    publisher: str | None
    published: str
    kind: str
    document: str
    url: str | None = None
    notes: str | None = None
    # the document's SHA-256; for a folder (the Factbook), (file name, SHA-256) for each file
    sha256: str | tuple[tuple[str, str], ...] | None = None

    @property
    def published_date(self) -> AsOf:
        return parse_as_of(self.published)


class Metric(NamedTuple):
    """A key shared by comparable facts of different subjects."""

    key: str
    unit: str | None
    topic: str
    description: str
    # other metrics' keys: measures that contain this one, measures this one contains, and
    # overlapping measures (neither contains the other)
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # what people read in place of the key: "Real GDP (PPP)", and a short form for narrow columns
    label: str = ""
    short_label: str = ""

    @property
    def title(self) -> str:
        """The display label, or one derived from the key when the registry gives none."""
        return self.label or self.key.replace("_", " ").capitalize()

    @property
    def short_title(self) -> str:
        """The short label for narrow columns, or the display label."""
        return self.short_label or self.title

    def links(self) -> list[tuple[str, str]]:
        """(relation, other metric's key) for each metric this one is linked to."""
        return [(rel, k) for rel in RELATIONS for k in getattr(self, rel)]


# How a metric relates to the ones it names, and what the other one is then to it.
RELATIONS = {"broader": "narrower", "narrower": "broader", "related": "related"}


class Correction(NamedTuple):
    """What is right where a source states something wrong, with its own citation."""

    statement: str
    source: str
    locator: str


class Fact(NamedTuple):
    """One typed, dated and cited fact."""

    id: str
    subject: str
    topic: str
    statement: str
    value: Value | None  # None for a claim that names nothing (D96)
    as_of: AsOf
    source: str
    locator: str
    metric: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    scale: str | None = None
    resolved_from: str | None = None
    related: tuple[str, ...] = ()
    notes: str | None = None
    correction: Correction | None = None
    file: str = ""
    line: int = 0

    @property
    def is_numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def number(self) -> float:
        """The value as a float, for a numeric fact."""
        assert isinstance(self.value, int | float)
        return float(self.value)

    @property
    def kind(self) -> str:
        """`measurement` (a fact with a metric) or `claim` (a dated statement without one)."""
        return "measurement" if self.metric else "claim"

    @property
    def shows_value(self) -> bool:
        """Whether views show the value beside the statement: a measurement's always, a
        claim's only where it names something (D96)."""
        return self.metric is not None or self.value is not None


class Base(NamedTuple):
    """Everything loaded from one or more facts directories, and what was wrong with it."""

    subjects: dict[str, Subject]
    topics: dict[str, Topic]
    sources: dict[str, Source]
    metrics: dict[str, Metric]
    facts: tuple[Fact, ...]
    problems: tuple[Problem, ...] = ()

    def fact(self, fact_id: str) -> Fact | None:
        for f in self.facts:
            if f.id == fact_id:
                return f
        return None
