"""Dates at the precision a source gives them: c5lens.base.dates."""

from __future__ import annotations

import pytest

from c5lens.base.dates import AsOf, InvalidDate, PartialDate, parse_as_of, parse_partial_date
from c5lens.base.model import Source


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2025", PartialDate(2025), "year"),
        ("2025-06", PartialDate(2025, 6), "month"),
        ("2025-06-19", PartialDate(2025, 6, 19), "day"),
        ("2024-02-29", PartialDate(2024, 2, 29), "day"),
        ("0001-01-01", PartialDate(1, 1, 1), "day"),
        ("9999-12-31", PartialDate(9999, 12, 31), "day"),
    ],
)
def test_partial_dates_parse_at_their_precision(
    text: str, date: PartialDate, precision: str
) -> None:
    parsed = parse_partial_date(text)
    assert parsed == date
    assert parsed.precision == precision
    assert parsed.iso() == text


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2025", "2025"),
        ("2025-06", "June 2025"),
        ("2025-01", "January 2025"),
        ("2025-12", "December 2025"),
        ("2025-06-19", "19 June 2025"),
        ("2025-06-01", "1 June 2025"),
    ],
)
def test_partial_date_human(text: str, human: str) -> None:
    assert parse_partial_date(text).human() == human


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2025", "2025"),
        ("2025-06", "June 2025"),
        ("2025-08-15", "15 August 2025"),
        ("2025-12-19/2025-12-20", "19–20 December 2025"),
        ("2025-11-30/2025-12-02", "30 November 2025 – 2 December 2025"),
        ("2025-12-31/2026-01-01", "31 December 2025 – 1 January 2026"),
        ("2024/2025", "2024 – 2025"),
        ("2025-06/2025-07", "June 2025 – July 2025"),
        ("2025-06/2025-07-03", "June 2025 – 3 July 2025"),
    ],
)
def test_as_of_human(text: str, human: str) -> None:
    assert parse_as_of(text).human() == human


def test_as_of_fields_and_iso() -> None:
    span = parse_as_of("2025-12-19/2025-12-20")
    assert span == AsOf(PartialDate(2025, 12, 19), PartialDate(2025, 12, 20))
    assert span.precision == "day"
    assert span.iso() == str(span) == "2025-12-19/2025-12-20"
    assert span.sort_key() == (2025, 12, 19)
    month = parse_as_of("2025-06")
    assert month == AsOf(PartialDate(2025, 6))
    assert month.end is None
    assert month.precision == "month"
    assert str(month) == "2025-06"
    assert month.sort_key() == (2025, 6, 0)
    assert parse_as_of("2025").precision == "year"


def test_sort_keys_order_coarser_dates_first() -> None:
    texts = ["2025-06-19", "2025", "2024-12-31", "2025-06", "2025-01-01"]
    ordered = sorted(texts, key=lambda t: parse_as_of(t).sort_key())
    assert ordered == ["2024-12-31", "2025", "2025-01-01", "2025-06", "2025-06-19"]


def test_one_day_span_is_allowed() -> None:
    assert parse_as_of("2025-06-19/2025-06-19").end == PartialDate(2025, 6, 19)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "invalid date '2025-13': month 13 is not 1-12"),
        ("2025-00", "invalid date '2025-00': month 0 is not 1-12"),
        ("2025-02-30", "invalid date '2025-02-30': day 30 is not in that month"),
        ("2023-02-29", "invalid date '2023-02-29': day 29 is not in that month"),
        ("2025-04-31", "invalid date '2025-04-31': day 31 is not in that month"),
        ("2025-06-00", "invalid date '2025-06-00': day 0 is not in that month"),
        ("0000", "invalid date '0000': year 0000 does not exist"),
        ("June 2025", "invalid date 'June 2025': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-6", "invalid date '2025-6': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-06-1", "invalid date '2025-06-1': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("25", "invalid date '25': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "invalid date '': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        (" 2025", "invalid date ' 2025': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            "2025-06-19T10:00",
            "invalid date '2025-06-19T10:00': expected YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        ("20250619", "invalid date '20250619': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        # Unicode digits match \d; a date is ASCII.
        ("２０２５", "invalid date '２０２５': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("٢٠٢٥", "invalid date '٢٠٢٥': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025/", "invalid date '': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("/2025", "invalid date '': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024/2025/2026", "invalid date '2025/2026': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-13/2026", "invalid date '2025-13': month 13 is not 1-12"),
        (
            "2025-12-20/2025-12-19",
            "invalid date span '2025-12-20/2025-12-19': it ends before it starts",
        ),
        ("2026/2025", "invalid date span '2026/2025': it ends before it starts"),
    ],
)
def test_invalid_dates(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as err:
        parse_as_of(text)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


def test_source_published_date() -> None:
    source = Source("s", "T", None, None, "2025-08-15", "brief", "s.txt")
    assert source.published_date == AsOf(PartialDate(2025, 8, 15))
    assert source.published_date.human() == "15 August 2025"
