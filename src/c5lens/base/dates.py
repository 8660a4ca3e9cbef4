"""ISO 8601 dates at the precision a source gives them: a year, a month, a day, or a span."""

from __future__ import annotations

from c5lens.base.record import NamedTuple
from c5lens.base.text import excerpt

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

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
        import datetime as dt

        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day the date covers: 2025 is 31 December, 2024-02 is 29 February."""
        import datetime as dt

        month = self.month or 12
        return dt.date(self.year, month, self.day or days_in_month(self.year, month))


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


def days_in_month(year: int, month: int) -> int:
    """How many days a month of the (proleptic Gregorian) calendar has."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _digits(text: str, n: int) -> bool:
    return len(text) == n and text.isascii() and text.isdigit()


def parse_partial_date(text: str) -> PartialDate:
    """Parse `2025`, `2025-06` or `2025-06-19` into a PartialDate."""
    # Read by hand, not by a regular expression or datetime: a lookup parses dates and would
    # otherwise import both for it.
    parts = text.split("-")
    if not (len(parts) <= 3 and _digits(parts[0], 4) and all(_digits(p, 2) for p in parts[1:])):
        raise InvalidDate(f"invalid date {excerpt(text)}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"invalid date {excerpt(text)}: month {month} is not 1-12")
    if day is not None and (year == 0 or not 1 <= day <= days_in_month(year, month or 1)):
        raise InvalidDate(f"invalid date {excerpt(text)}: day {day} is not in that month")
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
