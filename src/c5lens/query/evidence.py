"""What in a cited text backs a fact: where its figures and dates are printed, and what is not."""

from __future__ import annotations

import re
from decimal import Decimal

from c5lens.base.dates import MONTHS, PartialDate
from c5lens.base.documents import is_folder
from c5lens.base.model import Fact, Source
from c5lens.base.numbers import figures_in, number_spans
from c5lens.base.record import NamedTuple

# Words that move the year away from the publication year; anything else in `resolved_from` is
# read as present tense ("currently", "today", "remains", "is") and means the publication date.
RELATIVE_YEARS = {"last year": -1, "this year": 0, "next year": 1}


class Span(NamedTuple):
    """Where the evidence prints something the fact carries, and which field carries it."""

    start: int
    end: int
    field: str


class Miss(NamedTuple):
    """Something the fact carries that the evidence does not back, and the field that has it.

    `absent` says the text does not print `what` (a figure, a month, the words of
    `resolved_from`); otherwise `what` says what is wrong (a date its words do not give).
    """

    field: str
    what: str
    absent: bool = True


class Finding(NamedTuple):
    """What one text says about one fact: the spans that back it and what is missing."""

    spans: tuple[Span, ...]
    misses: tuple[Miss, ...]


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where `phrase` is in `text` as whole words ("is" is not in "this"), ignoring case,
    spacing and the kind of apostrophe."""
    words = [re.escape(w).replace("'", "['\u2019]") for w in _normalize(phrase).split()]
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def resolve(phrase: str, published: PartialDate) -> tuple[int, bool]:
    """The year `phrase` points to from `published`, and whether it is present tense."""
    words = _normalize(phrase)
    for relative, offset in RELATIVE_YEARS.items():
        if re.search(rf"\b{relative}\b", words):
            return published.year + offset, False
    return published.year, True


def at_publication(date: PartialDate, published: PartialDate) -> bool:
    """Whether `date` is the publication date, at no finer precision than it has."""
    return (
        date.year == published.year
        and (date.month is None or date.month == published.month)
        and (date.day is None or date.day == published.day)
    )


def _integer_spans(text: str, n: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\d){n}(?!\d)", text)]


def _month_spans(text: str, date: PartialDate) -> list[tuple[int, int]]:
    assert date.month is not None
    named = re.finditer(rf"\b{MONTHS[date.month]}\b", text, re.IGNORECASE)
    iso = re.finditer(rf"(?<!\d){date.year:04d}-{date.month:02d}(?!\d)", text)
    return [m.span() for m in (*named, *iso)]


class _Examiner:
    """Collects spans and misses for one fact against one text."""

    def __init__(self, fact: Fact, source: Source, text: str) -> None:
        self.fact, self.text = fact, text
        self.published = source.published_date.start
        self.folder = is_folder(source)
        self.spans: list[Span] = []
        self.misses: list[Miss] = []

    def found(self, field: str, spans: list[tuple[int, int]], what: str) -> bool:
        if not spans:
            self.misses.append(Miss(field, what))
            return False
        self.spans += [Span(a, b, field) for a, b in spans]
        return True

    def value(self) -> None:
        value = self.fact.value
        if not self.fact.is_numeric:
            return
        assert isinstance(value, int | float)
        spans = number_spans(self.text, value)
        if not spans and self.folder:
            spans = self._restated(value)
        self.found("value", spans, f"{_figure(value)}")

    def _restated(self, value: int | float) -> list[tuple[int, int]]:
        """A Factbook amount the importer restated in billions (D-importer): the printed figure
        in millions or trillions, next to its word."""
        if not (self.fact.unit or "").endswith("billion"):
            return []
        spans: list[tuple[int, int]] = []
        for word, factor in (("trillion", Decimal(1000)), ("million", Decimal("0.001"))):
            printed = (Decimal(repr(value)) / factor).normalize()
            as_number = int(printed) if printed == printed.to_integral_value() else float(printed)
            for a, b in number_spans(self.text, as_number):
                if self.text[b : b + len(word) + 1].strip().lower() == word:
                    spans.append((a, b))
        return spans

    def statement(self) -> None:
        years = {self.fact.as_of.start.year}
        if self.fact.as_of.end is not None:
            years.add(self.fact.as_of.end.year)
        for figure, _ in figures_in(self.fact.statement):
            if figure == self.fact.value:
                continue  # the value, found (or not) above
            if isinstance(figure, int) and figure in years:
                continue  # a year of as_of, which the date check accounts for
            self.found(
                "statement",
                number_spans(self.text, figure),
                f"{_figure(figure)} (in the statement)",
            )

    def dates(self) -> None:
        as_of = self.fact.as_of
        if self.fact.resolved_from:
            self.found(
                "resolved_from",
                phrase_spans(self.text, self.fact.resolved_from),
                f"resolved_from {self.fact.resolved_from!r}",
            )
        if as_of.end is None:
            self.date(as_of.start, "date")
        else:
            self.date(as_of.start, "start")
            self.date(as_of.end, "end")

    def date(self, date: PartialDate, role: str) -> None:
        fact, published = self.fact, self.published
        bounded = fact.as_of.end is not None and at_publication(fact.as_of.end, published)
        if role == "end" and bounded:
            return  # "no later than the publication date"
        if date == published:
            # The source's own date, which its record cites (a brief's dateline, the Factbook's
            # edition for its undated entries): the paragraph need not print it.
            return
        if role == "start" and bounded:
            self._lower_bound(date)
            self._month_and_day(date)
            return
        present = False
        if fact.resolved_from:
            year, present = resolve(fact.resolved_from, published)
            if date.year != year:
                self._resolution(date, year)
        else:
            self.found("as_of", _integer_spans(self.text, date.year), f"{date.year}")
        if present and at_publication(date, published):
            return  # the publication date itself, at no finer precision than it has
        self._month_and_day(date)

    def _lower_bound(self, date: PartialDate) -> None:
        # The lower bound must come from the words the date rests on: a year printed in them
        # ("in the wake of Russia's 2022 invasion") or a relative year ("July last year").
        words = self.fact.resolved_from or ""
        printed = re.findall(r"(?<!\d)\d{4}(?!\d)", words)
        if printed:
            if int(printed[0]) != date.year:
                self.misses.append(
                    Miss(
                        "as_of",
                        f"{date.iso()}: the span starts in {date.year}, but resolved_from"
                        f" {words!r} gives {printed[0]}",
                        absent=False,
                    )
                )
        elif words and resolve(words, self.published)[1] is False:
            year = resolve(words, self.published)[0]
            if date.year != year:
                self._resolution(date, year)
        else:
            self.misses.append(
                Miss(
                    "as_of",
                    f"{date.iso()}: a span up to the publication date needs its start's year in"
                    " resolved_from (a printed year or a relative one such as 'last year')",
                    absent=False,
                )
            )

    def _resolution(self, date: PartialDate, year: int) -> None:
        self.misses.append(
            Miss(
                "as_of",
                f"{date.iso()}: {self.fact.resolved_from!r} from a source published"
                f" {self.published.iso()} means {year}, not {date.year}",
                absent=False,
            )
        )

    def _month_and_day(self, date: PartialDate) -> None:
        if date.month is not None:
            self.found("as_of", _month_spans(self.text, date), f"{MONTHS[date.month]}")
        if date.day is not None:
            self.found("as_of", _integer_spans(self.text, date.day), f"day {date.day}")


def _figure(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def examine(fact: Fact, source: Source, text: str) -> Finding:
    """Where `text`, what the fact's locator names, prints the fact's figures and dates, and
    which of them it does not print."""
    ex = _Examiner(fact, source, text)
    ex.value()
    ex.dates()
    ex.statement()
    spans = sorted(set(ex.spans))
    return Finding(tuple(spans), tuple(dict.fromkeys(ex.misses)))
