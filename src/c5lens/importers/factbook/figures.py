"""Reading the Factbook's printed strings (figures, units, dates, notes) without guessing."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from c5lens.base.dates import MONTHS
from c5lens.importers.factbook.errors import FigureError, NotAvailable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True, slots=True)
class Dating:
    """The date trailer of a Factbook string, e.g. ``(2025 est.)``, read into ISO 8601."""

    as_of: str  # '2025', '2017-12', '2017-12-31', or a span '2020/2025'
    estimate: bool
    fiscal: str | None = None  # the fiscal year as printed ('2023/24'), where the date is one

    def phrase(self, as_of: bool = False) -> str:
        """The date for a sentence: ' in 2025', ' on 31 December 2017', ' in fiscal year ...';
        with `as_of`, ' as of 2025' (for lists and names, which hold at a date)."""
        if self.fiscal:
            when = f"fiscal year {self.fiscal}"
        elif "/" in self.as_of:
            start, _, end = self.as_of.partition("/")
            when = f"{start}–{end}"
        else:
            parts = self.as_of.split("-")
            words = [parts[0]]
            if len(parts) >= 2:
                words.insert(0, MONTHS[int(parts[1])])
            if len(parts) == 3:
                words.insert(0, str(int(parts[2])))
            when = " ".join(words)
            if len(parts) == 3 and not as_of:
                return f" on {when}"
        return f" {'as of' if as_of else 'in'} {when}"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the Factbook printed, with its unit and date.

    `unit` is c5lens's unit ('sq km', '%', 'USD', 'USD billion', 'years', ...); for a
    percentage, `of` says what it is a share of as printed ('GDP', 'total population').
    `printed` is the number exactly as the Factbook wrote it, for sentences.
    """

    value: int | float
    unit: str | None
    printed: str
    of: str | None = None
    dating: Dating | None = None
    printed_unit: str | None = None  # the unit as printed, where `unit` was normalised

    @property
    def qualifier(self) -> str | None:
        return "estimate" if self.dating and self.dating.estimate else None


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """The text of a Factbook string: HTML tags removed, entities decoded, spaces collapsed."""
    text = _BREAK.sub(" ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return _SPACE.sub(" ", text).strip()


_MONTH_NAMES = "|".join(MONTHS[1:])
_EST = r"(?P<est>\s+est\.?)?"
_DATE_SHAPES = (
    ("year", re.compile(rf"(?P<y>\d{{4}}){_EST}")),
    ("span", re.compile(rf"(?P<y>\d{{4}})\s*[-–]\s*(?P<y2>\d{{4}}|\d{{2}}){_EST}")),
    (
        "date",
        re.compile(rf"(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{_MONTH_NAMES})\s+(?P<y>\d{{4}}){_EST}"),
    ),
    ("fiscal", re.compile(rf"FY\s*(?P<y>\d{{4}})(?:/(?P<y2>\d{{4}}|\d{{2}}))?{_EST}")),
    ("fiscal2", re.compile(rf"FY\s*(?P<y>\d{{2}})/(?P<y2>\d{{2}}){_EST}")),
)
_TRAILER = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*$")
_FY_ALONE = re.compile(rf"^(?P<inner>FY\s*\d{{2,4}}(?:/\d{{2,4}})?{_EST})\s+(?P<rest>.*)$")


def _end_year(start: int, end: str) -> int:
    """The end of a span printed as 2020-25 or 2020-2025."""
    if len(end) == 4:
        return int(end)
    year = start // 100 * 100 + int(end)
    return year if year >= start else year + 100


def parse_date(inner: str) -> Dating | None:
    """Read the inside of a date trailer ('2025 est.', '31 December 2017 est.', 'FY2023/24').

    Returns None when it is not a date at all (a parenthesis such as '(Ashkhabad)'); raises
    FigureError when it is a date c5lens will not read without guessing.
    """
    text = inner.strip()
    for shape, pattern in _DATE_SHAPES:
        m = pattern.fullmatch(text)
        if not m:
            continue
        est = m.group("est") is not None
        year = int(m.group("y"))
        if shape == "year":
            return Dating(f"{year:04d}", est)
        if shape == "span":
            end = _end_year(year, m.group("y2"))
            if end < year:
                raise FigureError(f"date span {text!r} ends before it starts")
            return Dating(f"{year:04d}/{end:04d}", est)
        if shape == "date":
            month = MONTHS.index(m.group("m"))
            if m.group("d") is None:
                return Dating(f"{year:04d}-{month:02d}", est)
            day = int(m.group("d"))
            try:
                dt.date(year, month, day)
            except ValueError:
                raise FigureError(f"date {text!r} does not exist") from None
            return Dating(f"{year:04d}-{month:02d}-{day:02d}", est)
        if shape == "fiscal":
            y2 = m.group("y2")
            if y2 is None:
                return Dating(f"{year:04d}", est, fiscal=str(year))
            end = _end_year(year, y2)
            if end < year:
                raise FigureError(f"fiscal year {text!r} ends before it starts")
            return Dating(f"{year:04d}/{end:04d}", est, fiscal=f"{year}/{y2}")
        raise FigureError(
            f"fiscal year {text!r} has a two-digit start year; c5lens does not guess the century"
        )
    if re.search(r"\b\d{4}\b|\best\b|\bFY\d", text):
        raise FigureError(f"unreadable date {text!r}")
    return None


def split_date(text: str) -> tuple[str, Dating | None]:
    """Split a cleaned string into what precedes its date and the date: '4.8% (2024 est.)' ->
    ('4.8%', Dating('2024', estimate=True)). A trailing parenthesis that is no date stays."""
    m = _TRAILER.search(text)
    if m:
        dating = parse_date(m.group("inner"))
        if dating is not None:
            return text[: m.start()].rstrip(), dating
        return text, None
    m = _FY_ALONE.match(text)  # 'FY2023/24 est. ...' printed before the figure
    if m:
        return m.group("rest").strip(), parse_date(m.group("inner"))
    return text, None


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MAGNITUDES = ("million", "billion", "trillion")
_FIGURE = re.compile(
    rf"(?P<sign>[-−])?(?P<dollar>\$)?(?P<sign2>[-−])?(?P<num>{_NUM})"
    rf"(?:\s+(?P<mag>{'|'.join(_MAGNITUDES)}))?(?P<pct>\s*%)?(?:\s+(?P<rest>.*))?"
)
_RANGE = re.compile(rf"[-−]?\$?(?:{_NUM})\s*%?\s*(?:[-–]|to)\s*\$?(?:{_NUM})")
_UNIT = re.compile(r"[A-Za-z][A-Za-z .,/0-9-]*")
NA = re.compile(r"NA\b")


def parse_figure(text: str) -> Figure:
    """Read one Factbook figure: '20,432,662 (2025 est.)', '$739.385 billion (2024 est.)',
    '-1.4% (2022 est.)', '0.9% of GDP (2024 est.)', '2,724,900 sq km', '32.1 years (2025 est.)'.

    Raises NotAvailable for 'NA' and FigureError for anything else that is not one figure
    (a range, a figure with words before it, text after it that is no unit).
    """
    cleaned = clean(text)
    if not cleaned:
        raise FigureError("empty value")
    body, dating = split_date(cleaned)
    if NA.match(body):
        raise NotAvailable("the Factbook gives NA (not available)")
    if _RANGE.match(body):
        raise FigureError(f"{body!r} is a range, not one figure")
    m = _FIGURE.fullmatch(body)
    if not m:
        raise FigureError(f"{cleaned!r} is not a figure c5lens can read")
    if m.group("sign") and m.group("sign2"):
        raise FigureError(f"{cleaned!r} has two minus signs")
    printed = m.group("num")
    digits = printed.replace(",", "")
    negative = bool(m.group("sign") or m.group("sign2"))
    value: int | float = float(digits) if "." in digits else int(digits)
    if negative:
        value = -value
    rest = (m.group("rest") or "").strip()
    if rest and not _UNIT.fullmatch(rest):
        raise FigureError(f"unexpected text {rest!r} after the figure in {cleaned!r}")
    rest = re.sub(r"/(?=\d)", " per ", rest)  # births/1,000 population
    of = None
    words = [w for w in ("USD" if m.group("dollar") else None, m.group("mag")) if w]
    if m.group("pct"):
        if rest.startswith("of "):
            of, rest = rest[3:], ""
        words = [*words, "%"]
    if rest:
        words.append(rest)
    unit = " ".join(words) or None
    return Figure(value, unit, ("-" if negative else "") + printed, of, dating)


_PER_BILLION = {"USD million": Decimal("0.001"), "USD trillion": Decimal(1000)}


def in_billions(fig: Figure) -> Figure:
    """A dollar amount in millions or trillions restated, exactly, in billions.

    Countries' GDP and trade are printed in billions or trillions; one unit per metric is what
    lets `rank` and `compare` put them side by side. Decimal arithmetic moves the decimal point
    without rounding, and the sentence still shows the figure as printed.
    """
    factor = _PER_BILLION.get(fig.unit or "")
    if factor is None:
        return fig
    exact = Decimal(fig.printed.replace(",", "")) * factor
    value: int | float = int(exact) if exact == exact.to_integral_value() else float(exact)
    return replace(fig, value=value, unit="USD billion", printed_unit=fig.unit)


def first_sentence(text: str) -> tuple[str, bool]:
    """The first sentence of a note, and whether anything was cut. The Factbook separates the
    sentences of a note with semicolons as often as with full stops."""
    m = re.search(r";\s+|\.\s+(?=[A-Z])", text)
    if not m:
        return text.rstrip(" ."), False
    return text[: m.start()].rstrip(" ."), True


def note_text(raw: Any) -> str | None:
    """A field's note as a fact's note: HTML removed, 'note:' dropped, first sentence only."""
    if isinstance(raw, dict):
        raw = raw.get("text")
    if not isinstance(raw, str):
        return None
    text = re.sub(r"^note\s*[:-]\s*", "", clean(raw), flags=re.I)
    if not text:
        return None
    sentence, cut = first_sentence(text)
    head = "Factbook note (first sentence)" if cut else "Factbook note"
    return f"{head}: {sentence}."
