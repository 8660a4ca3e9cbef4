"""ISO 8601 dates at the precision a source gives them: a year, a month, a day, or a span."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from c5lens.base.text import excerpt

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only
# Spelled out rather than taken from calendar.month_name, which follows the process locale.
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class InvalidDate(ValueError):
    """A string that is not an ISO 8601 date at year, month or day precision."""


class PartialDate(NamedTuple):
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """The date as people write it: 2025, June 2025, 19 June 2025."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def first_day(self) -> dt.date:
        """The first day the date covers: 2025 is 1 January 2025."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day the date covers: 2025 is 31 December, 2024-02 is 29 February."""
        month = self.month or 12
        if self.day:
            return dt.date(self.year, month, self.day)
        if month == 12:  # (and no 1 January 10000 to count back from)
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, month + 1, 1) - dt.timedelta(days=1)


class AsOf(NamedTuple):
    """The date a fact holds for: one partial date or a span of two."""

    start: PartialDate
    end: PartialDate | None = None

    @property
    def precision(self) -> str:
        return self.start.precision

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    def __str__(self) -> str:
        return self.iso()

    def human(self) -> str:
        """19–20 December 2025 for a span within a month, else both ends in full."""
        s, e = self.start, self.end
        if e is None:
            return s.human()
        if s.day and e.day and s.month and (s.year, s.month) == (e.year, e.month):
            return f"{s.day}–{e.day} {MONTHS[s.month]} {s.year}"
        return f"{s.human()} – {e.human()}"

    def sort_key(self) -> tuple[int, int, int]:
        return self.start.sort_key()


def parse_partial_date(text: str) -> PartialDate:
    """Parse `2025`, `2025-06` or `2025-06-19` into a PartialDate."""
    m = _DATE.fullmatch(text)
    if not m:
        raise InvalidDate(f"invalid date {excerpt(text)}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"invalid date {excerpt(text)}: month {month} is not 1-12")
    if day is not None:
        try:
            dt.date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise InvalidDate(
                f"invalid date {excerpt(text)}: day {day} is not in that month"
            ) from None
    if year == 0:
        raise InvalidDate(f"invalid date {excerpt(text)}: year 0000 does not exist")
    return PartialDate(year, month, day)


def parse_as_of(text: str) -> AsOf:
    """Parse a date or a `start/end` span."""
    if "/" in text:
        a, _, b = text.partition("/")
        start, end = parse_partial_date(a), parse_partial_date(b)
        if end.sort_key() < start.sort_key():
            raise InvalidDate(f"invalid date span {excerpt(text)}: it ends before it starts")
        return AsOf(start, end)
    return AsOf(parse_partial_date(text))
