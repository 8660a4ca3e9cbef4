"""Turn The World Factbook's JSON country profiles into facts in c5lens's own format.

The Factbook prints each figure as one string that mixes the number, its unit, its date and an
estimate flag: ``"$739.385 billion (2024 est.)"``. `split_date` and `parse_figure` take such a
string apart into typed fields; `import_profile` picks the fields c5lens keeps (`FIELDS`, listed
with their metric keys in docs/factbook.md) and returns the facts it made together with every
value it could not read, each named by file and field. Nothing is guessed: a string that does not
fit the expected shape is reported, never coerced. `render_topic_file` writes the facts of one
subject and topic as YAML, byte for byte the same for the same input, and `write_import` puts the
files in place atomically.

This module never prints or exits; `c5lens import factbook` (importcmd.py) does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from c5lens.dates import MONTHS
from c5lens.model import Subject

SOURCE_ID = "world-factbook-2026"
EDITION = "2026-01"  # the edition's date: its files were last updated 21-22 January 2026
EDITION_HUMAN = "January 2026"
GENERATOR = "factbook"  # generated files are <subject>/<topic>.factbook.yaml
UNDATED_NOTE = (
    "The Factbook gives no date for this {what}; dated to the edition (" + EDITION_HUMAN + ")."
)
SEP = " › "


@dataclass(frozen=True)
class Remark:
    """A caution c5lens adds to one generated fact whose value it keeps as printed: `expect` is
    the part of the value the caution is about; if a profile's value no longer contains it, the
    remark is reported rather than attached to a value it does not describe."""

    expect: str
    text: str


# Cautions on values kept as the Factbook prints them, by profile file name and the locator's
# Category › Field › subfield. Data, not code: add a line here and run the import again.
REMARKS: dict[tuple[str, str], Remark] = {
    ("kz.json", "Economy › Imports - partners"): Remark(
        expect="Gambia, The 4%",
        text=(
            'c5lens caution: kept as printed. The Factbook puts The Gambia ("Gambia, The")'
            " among Kazakhstan's top five import partners at 4%, level with Turkey and the USA;"
            " no other source in the base confirms this share, and it may be an error in the"
            " Factbook's data, so check it elsewhere before using it."
        ),
    ),
}

# --- errors and results --------------------------------------------------------------------------


class FactbookError(Exception):
    """Base of the errors this module raises."""


class FigureError(FactbookError, ValueError):
    """A Factbook string that is not a figure c5lens can read without guessing."""


class NotAvailable(FigureError):
    """The Factbook prints NA: it has no figure for this field."""


class OutDirError(FactbookError):
    """The directory to write into does not exist or is not a directory."""


@dataclass(frozen=True, slots=True)
class Issue:
    """Something about one value of one profile: where it is, and what is wrong or was skipped."""

    file: str
    where: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        if not self.where:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {SEP.join(self.where)}: {self.message}"


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


@dataclass(frozen=True, slots=True)
class ImportedFact:
    """One fact made from a Factbook value, with the fields of the fact file format."""

    id: str
    subject: str
    topic: str
    statement: str
    metric: str
    value: int | float | str
    as_of: str
    locator: str
    unit: str | None = None
    qualifier: str | None = None
    notes: str | None = None
    source: str = SOURCE_ID

    def record(self) -> dict[str, Any]:
        """The fact as a mapping in the key order of docs/fact-format.md, without empty keys."""
        out: dict[str, Any] = {
            "id": self.id,
            "statement": self.statement,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "as_of": _Quoted(self.as_of),
            "source": self.source,
            "locator": self.locator,
            "notes": self.notes,
        }
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True, slots=True)
class ProfileImport:
    """What importing one profile gave: its facts, the values it could not read (`problems`),
    and the values it deliberately left out (`skipped`, e.g. a figure the Factbook gives as NA)."""

    file: str
    name: str  # the file's name, as locators and the generated files' header cite it
    subject: Subject | None
    facts: tuple[ImportedFact, ...] = ()
    problems: tuple[Issue, ...] = ()
    skipped: tuple[Issue, ...] = ()

    def topics(self) -> dict[str, list[ImportedFact]]:
        """The facts grouped by topic, topics in the order of `TOPIC_ORDER`."""
        out: dict[str, list[ImportedFact]] = {}
        for topic in TOPIC_ORDER:
            facts = [f for f in self.facts if f.topic == topic]
            if facts:
                out[topic] = facts
        return out


# --- reading the Factbook's strings --------------------------------------------------------------

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
_NA = re.compile(r"NA\b")


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
    if _NA.match(body):
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


# --- the fields c5lens keeps ---------------------------------------------------------------------

TOPIC_ORDER = (
    "geography",
    "society",
    "governance",
    "economy",
    "trade",
    "resources",
    "energy",
    "security",
)
USD_AMOUNTS = ("USD", "USD million", "USD billion", "USD trillion")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One Factbook field c5lens keeps, and how it becomes facts.

    kind: 'text' (a string fact), 'figure' (one number), 'latest' (the newest year of a
    series), 'series' (every year of a series, one fact each), 'shares' (one fact per
    subfield, each a percentage with its own metric).
    """

    metric: str
    topic: str
    category: str
    field: str
    kind: str
    sub: str | None = None  # the subfield; None for the field's own text
    units: tuple[str | None, ...] = ()  # the units a figure may have ('figure', 'latest', ...)
    of: str | None = None  # what a percentage must be of, as printed
    template: str = ""
    optional: bool = False  # absent in some profiles for a reason (no land borders)
    shares: tuple[str, ...] = ()  # for 'shares': the subfields known, in order


# Sentences are in our own words. {s} is the subject's name, {v} the figure as printed (with $
# and magnitude words), {d} the date phrase (' in 2025'); {est}, {gives} and {that} are the verb,
# 'estimates' for an estimate, else 'puts', 'gives' and 'reports'.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "capital", "governance", "Government", "Capital", "text", sub="name",
        template="The World Factbook names {value} as the capital of {s}.",
    ),
    FieldSpec(
        "population", "society", "People and Society", "Population", "figure", sub="total",
        units=(None,), template="The World Factbook {est} the population of {s} at {v}{d}.",
    ),
    FieldSpec(
        "area", "geography", "Geography", "Area", "figure", sub="total", units=("sq km",),
        template="The World Factbook {gives} the total area of {s} as {v} sq km{d}.",
    ),
    FieldSpec(
        "land_boundaries", "geography", "Geography", "Land boundaries", "figure", sub="total",
        units=("km",),
        template="The World Factbook {gives} the total length of the land borders of {s} as {v} "
        "km{d}.",
    ),
    FieldSpec(
        "border_countries", "geography", "Geography", "Land boundaries", "text",
        sub="border countries", optional=True,
        template="The World Factbook lists the countries bordering {s} and the length of each "
        "border{d}.",
    ),
    FieldSpec(
        "languages", "society", "People and Society", "Languages", "text", sub="Languages",
        template="The World Factbook lists the languages of {s}{d}.",
    ),
    FieldSpec(
        "ethnic_groups", "society", "People and Society", "Ethnic groups", "text",
        template="The World Factbook breaks down the population of {s} by ethnic group{d}.",
    ),
    FieldSpec(
        "religions", "society", "People and Society", "Religions", "text",
        template="The World Factbook breaks down the population of {s} by religion{d}.",
    ),
    FieldSpec(
        "median_age", "society", "People and Society", "Median age", "figure", sub="total",
        units=("years",), template="The World Factbook {est} the median age in {s} at {v} "
        "years{d}.",
    ),
    FieldSpec(
        "urban_population", "society", "People and Society", "Urbanization", "figure",
        sub="urban population", units=("%",), of="total population",
        template="The World Factbook {est} the share of the population of {s} living in towns "
        "and cities at {v}%{d}.",
    ),
    FieldSpec(
        "internet_users", "society", "Communications", "Internet users", "figure",
        sub="percent of population", units=("%",),
        template="The World Factbook {est} the share of the population of {s} using the "
        "internet at {v}%{d}.",
    ),
    FieldSpec(
        "real_gdp_ppp", "economy", "Economy", "Real GDP (purchasing power parity)", "latest",
        units=USD_AMOUNTS,
        template="The World Factbook {est} the real GDP of {s}, at purchasing power parity, at "
        "{v}{d}.",
    ),
    FieldSpec(
        "real_gdp_per_capita", "economy", "Economy", "Real GDP per capita", "latest",
        units=("USD",),
        template="The World Factbook {est} real GDP per person in {s}, at purchasing power "
        "parity, at {v}{d}.",
    ),
    FieldSpec(
        "real_gdp_growth_rate", "economy", "Economy", "Real GDP growth rate", "series",
        units=("%",), template="",  # see _growth_statement
    ),
    FieldSpec(
        "inflation_rate", "economy", "Economy", "Inflation rate (consumer prices)", "latest",
        units=("%",),
        template="The World Factbook {est} consumer price inflation in {s} at {v}%{d}.",
    ),
    FieldSpec(
        "unemployment_rate", "economy", "Economy", "Unemployment rate", "latest", units=("%",),
        template="The World Factbook {est} the unemployment rate of {s} at {v}%{d}.",
    ),
    FieldSpec(
        "exports", "trade", "Economy", "Exports", "latest", units=USD_AMOUNTS,
        template="The World Factbook {est} the exports of goods and services of {s} at "
        "{v}{d}.",
    ),
    FieldSpec(
        "imports", "trade", "Economy", "Imports", "latest", units=USD_AMOUNTS,
        template="The World Factbook {est} the imports of goods and services of {s} at "
        "{v}{d}.",
    ),
    FieldSpec(
        "exports_partners", "trade", "Economy", "Exports - partners", "text",
        template="The World Factbook lists the main buyers of the exports of {s} and the share "
        "of each{d}.",
    ),
    FieldSpec(
        "imports_partners", "trade", "Economy", "Imports - partners", "text",
        template="The World Factbook lists the main suppliers of the imports of {s} and the "
        "share of each{d}.",
    ),
    FieldSpec(
        "natural_resources", "resources", "Geography", "Natural resources", "text",
        template="The World Factbook lists the natural resources of {s}{d}.",
    ),
    FieldSpec(
        "electricity_share", "energy", "Energy", "Electricity generation sources", "shares",
        units=("%",), of="total installed capacity",
        shares=(
            "fossil fuels",
            "nuclear",
            "solar",
            "wind",
            "hydroelectricity",
            "tide and wave",
            "geothermal",
            "biomass and waste",
        ),
        template="The World Factbook {that} that {source} made up {v}% of the installed "
        "electricity generating capacity of {s}{d}.",
    ),
    FieldSpec(
        "military_expenditure", "security", "Military and Security", "Military expenditures",
        "latest", units=("%",), of="GDP",
        template="The World Factbook {est} the military spending of {s} at {v}% of GDP{d}.",
    ),
)  # fmt: skip


# How a sentence names each source of electricity the Factbook lists.
POWER_NAMES = {
    "nuclear": "nuclear power",
    "hydroelectricity": "hydroelectric power",
    "solar": "solar power",
    "wind": "wind power",
    "tide and wave": "tide and wave power",
    "geothermal": "geothermal power",
}


def share_metric(spec: FieldSpec, subfield: str) -> str:
    """The metric of one share of a 'shares' field: electricity_share_fossil_fuels."""
    return f"{spec.metric}_{re.sub(r'[^a-z0-9]+', '_', subfield.lower()).strip('_')}"


def metric_keys() -> list[str]:
    """Every metric key the importer can write, in the order of FIELDS."""
    out = []
    for spec in FIELDS:
        if spec.kind == "shares":
            out += [share_metric(spec, s) for s in spec.shares]
        else:
            out.append(spec.metric)
    return out


# --- importing one profile -----------------------------------------------------------------------


def _stripped(mapping: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The mapping with whitespace stripped from its keys, and the keys that then collide."""
    out: dict[str, Any] = {}
    clashes = []
    for k, v in mapping.items():
        key = k.strip() if isinstance(k, str) else k
        if key in out:
            clashes.append(key)
        out[key] = v
    return out, clashes


def _text_of(node: Any) -> str | None:
    if isinstance(node, dict):
        node = node.get("text")
    return node if isinstance(node, str) else None


def subject_name(subject: Subject) -> str:
    """The subject's name as it reads mid-sentence: 'Kazakhstan', 'the United States'."""
    name = subject.name
    if name.startswith(("United ", "European ")) or name.endswith((" Republic", " Islands")):
        return f"the {name}"
    return name


def _figure_words(fig: Figure) -> str:
    """The figure as a sentence shows it: 20,432,662; $739.385 billion; 4.8 (before a %)."""
    unit = fig.printed_unit or fig.unit
    if unit and unit.startswith("USD"):
        sign = "-" if fig.printed.startswith("-") else ""
        mag = unit[4:]
        return f"{sign}${fig.printed.lstrip('-')}" + (f" {mag}" if mag else "")
    return fig.printed


def _growth_statement(s: str, fig: Figure, d: str) -> str:
    est = "estimates" if fig.qualifier == "estimate" else "reports"
    if fig.value > 0:
        return f"The World Factbook {est} that the real GDP of {s} grew by {fig.printed}%{d}."
    if fig.value < 0:
        return (
            f"The World Factbook {est} that the real GDP of {s} shrank by "
            f"{fig.printed.lstrip('-')}%{d}."
        )
    return f"The World Factbook {est} that the real GDP of {s} did not grow (0%){d}."


@dataclass
class _Profile:
    file: str
    name: str
    subject: Subject
    data: dict[str, Any]
    facts: list[ImportedFact] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)

    def problem(self, where: tuple[str, ...], message: str) -> None:
        self.problems.append(Issue(self.file, where, message))

    def skip(self, where: tuple[str, ...], message: str) -> None:
        self.skipped.append(Issue(self.file, where, message))

    def lookup(self, spec: FieldSpec) -> dict[str, Any] | None:
        """The field's mapping (keys stripped), or None after reporting why there is none."""
        where = (spec.category, spec.field)
        categories, clashes = _stripped(self.data)
        if spec.category in clashes:
            self.problem(where[:1], "the category appears twice once spaces are stripped")
            return None
        category = categories.get(spec.category)
        if not isinstance(category, dict):
            if not spec.optional:
                self.skip(where[:1], "skipped: not in this profile")
            return None
        fields, clashes = _stripped(category)
        if spec.field in clashes:
            self.problem(where, "the field appears twice once spaces are stripped")
            return None
        node = fields.get(spec.field)
        if node is None:
            if not spec.optional:
                self.skip(where, "skipped: not in this profile")
            return None
        if not isinstance(node, dict):
            self.problem(where, f"expected a mapping of subfields, found {type(node).__name__}")
            return None
        subs, clashes = _stripped(node)
        if clashes:
            self.problem(where, f"subfield {clashes[0]!r} appears twice once spaces are stripped")
            return None
        return subs

    def add(
        self,
        spec: FieldSpec,
        where: tuple[str, ...],
        metric: str,
        value: int | float | str,
        dating: Dating | None,
        statement: str,
        unit: str | None = None,
        notes: str | None = None,
        id_suffix: str = "",
    ) -> None:
        extra = []
        if dating is None:
            extra.append(UNDATED_NOTE.format(what="entry" if isinstance(value, str) else "figure"))
        elif dating.fiscal:
            extra.append(f"The Factbook dates this figure to fiscal year {dating.fiscal}.")
        if notes:
            extra.append(notes)
        remark = REMARKS.get((self.name, SEP.join(where)))
        if remark is not None:
            if isinstance(value, str) and remark.expect in value:
                extra.append(remark.text)
            else:
                self.problem(
                    where, f"the remark about {remark.expect!r} no longer matches the value"
                )
        self.facts.append(
            ImportedFact(
                id=f"{self.subject.key}.fb-{metric.replace('_', '-')}{id_suffix}",
                subject=self.subject.key,
                topic=spec.topic,
                statement=statement,
                metric=metric,
                value=value,
                as_of=dating.as_of if dating else EDITION,
                locator=f"{self.name}: {SEP.join(where)}",
                unit=unit,
                qualifier="estimate" if dating and dating.estimate else None,
                notes=" ".join(extra) or None,
            )
        )

    def figure(self, spec: FieldSpec, where: tuple[str, ...], raw: Any) -> Figure | None:
        """Parse a figure and check its unit; report and return None if it will not do."""
        text = _text_of(raw)
        if text is None:
            self.problem(where, "expected a string (or a mapping with 'text')")
            return None
        try:
            fig = parse_figure(text)
        except NotAvailable as e:
            self.skip(where, f"skipped: {e}")
            return None
        except FigureError as e:
            self.problem(where, str(e))
            return None
        if fig.unit not in spec.units:
            want = " or ".join(u or "no unit" for u in spec.units)
            self.problem(where, f"expected a figure in {want}, found {clean(text)!r}")
            return None
        if fig.of != spec.of:
            want = f"a percentage of {spec.of}" if spec.of else "no 'of ...' after the figure"
            self.problem(where, f"expected {want}, found {clean(text)!r}")
            return None
        return in_billions(fig)

    def statement(self, spec: FieldSpec, fig: Figure | None, d: str, **extra: str) -> str:
        s = subject_name(self.subject)
        if fig is None:
            return spec.template.format(s=s, d=d, **extra)
        if spec.kind == "series":
            return _growth_statement(s, fig, d)
        if spec.metric == "land_boundaries" and fig.value == 0:
            return f"The World Factbook gives {s} no land borders (0 km){d}."
        est = fig.qualifier == "estimate"
        return spec.template.format(
            s=s,
            v=_figure_words(fig),
            d=d,
            est="estimates" if est else "puts",
            gives="estimates" if est else "gives",
            that="estimates" if est else "reports",
            **extra,
        )


def _import_text(p: _Profile, spec: FieldSpec, subs: dict[str, Any]) -> None:
    key = spec.sub
    if key is None or (key not in subs and "text" in subs):
        key = "text"  # 'Languages' is a subfield in most profiles, the field's text in some
    where = (spec.category, spec.field) + ((key,) if key != "text" else ())
    if key not in subs:
        if not spec.optional:
            p.skip(where, "skipped: not in this profile")
        return
    raw = _text_of(subs[key])
    if raw is None:
        p.problem(where, "expected a string (or a mapping with 'text')")
        return
    cleaned = clean(raw)
    try:
        value, dating = split_date(cleaned)
    except FigureError as e:
        p.problem(where, str(e))
        return
    if _NA.fullmatch(value):
        p.skip(where, "skipped: the Factbook gives NA (not available)")
        return
    if not value:
        p.problem(where, "empty value")
        return
    d = dating.phrase(as_of=True) if dating else ""
    statement = p.statement(spec, None, d, value=value)
    p.add(spec, where, spec.metric, value, dating, statement, notes=note_text(subs.get("note")))


def _import_figure(p: _Profile, spec: FieldSpec, subs: dict[str, Any]) -> None:
    where = (spec.category, spec.field, spec.sub or "text")
    if spec.sub is None:
        where = where[:2]
    key = spec.sub or "text"
    if key not in subs:
        if not spec.optional:
            p.skip(where, "skipped: not in this profile")
        return
    fig = p.figure(spec, where, subs[key])
    if fig is None:
        return
    d = fig.dating.phrase() if fig.dating else ""
    p.add(
        spec,
        where,
        spec.metric,
        fig.value,
        fig.dating,
        p.statement(spec, fig, d),
        unit=fig.unit,
        notes=note_text(subs.get("note")),
    )


_YEAR_KEY = re.compile(r"(?P<label>.*?)\s*(?P<year>\d{4})")


def _import_series(p: _Profile, spec: FieldSpec, subs: dict[str, Any]) -> None:
    base = (spec.category, spec.field)
    years: list[tuple[int, str]] = []
    for key in subs:
        if key == "note":
            continue
        m = _YEAR_KEY.fullmatch(key)
        if not m:
            p.problem((*base, key), "expected a subfield named for a year, e.g. 'Exports 2024'")
            continue
        years.append((int(m.group("year")), key))
    if not years:
        p.skip(base, "skipped: the field gives no year")
        return
    years.sort(reverse=True)
    if spec.kind == "latest":
        years = years[:1]
    note = note_text(subs.get("note"))
    for year, key in years:
        where = (*base, key)
        fig = p.figure(spec, where, subs[key])
        if fig is None:
            continue
        if fig.dating is None or fig.dating.as_of[:4] != f"{year:04d}":
            dated = fig.dating.as_of if fig.dating else "undated"
            p.problem(where, f"the subfield is for {year} but the figure is dated {dated}")
            continue
        d = fig.dating.phrase()
        suffix = f"-{year}" if spec.kind == "series" else ""
        p.add(
            spec,
            where,
            spec.metric,
            fig.value,
            fig.dating,
            p.statement(spec, fig, d),
            unit=fig.unit,
            notes=note,
            id_suffix=suffix,
        )


def _import_shares(p: _Profile, spec: FieldSpec, subs: dict[str, Any]) -> None:
    base = (spec.category, spec.field)
    for key in subs:
        if key == "note":
            continue
        if key not in spec.shares:
            p.problem((*base, key), f"unknown source of electricity {key!r}")
    note = note_text(subs.get("note"))
    for key in spec.shares:
        if key not in subs:
            continue
        where = (*base, key)
        fig = p.figure(spec, where, subs[key])
        if fig is None:
            continue
        d = fig.dating.phrase() if fig.dating else ""
        p.add(
            spec,
            where,
            share_metric(spec, key),
            fig.value,
            fig.dating,
            p.statement(spec, fig, d, source=POWER_NAMES.get(key, key)),
            unit=fig.unit,
            notes=note,
        )


_IMPORTERS = {
    "text": _import_text,
    "figure": _import_figure,
    "latest": _import_series,
    "series": _import_series,
    "shares": _import_shares,
}


def subject_for(path: Path, subjects: Iterable[Subject]) -> Subject | None:
    """The subject whose Factbook code is the file's name: kz.json -> kazakhstan."""
    code = path.name.split(".")[0].lower()
    for s in subjects:
        if s.factbook and s.factbook.lower() == code:
            return s
    return None


def import_profile(
    path: Path, subjects: Iterable[Subject], display: str | None = None
) -> ProfileImport:
    """Read one Factbook JSON profile and make facts of the fields in FIELDS.

    `display` is how problems name the file (the path as the user gave it). Raises OSError when
    the file cannot be read; everything wrong inside it comes back as problems.
    """
    file = display if display is not None else str(path)
    name = path.name
    subject = subject_for(path, subjects)
    if subject is None:
        code = name.split(".")[0]
        return ProfileImport(
            file,
            name,
            None,
            problems=(Issue(file, (), f"no subject has the Factbook code {code!r}"),),
        )
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        msg = f"not UTF-8 (byte {e.start})"
        return ProfileImport(file, name, subject, problems=(Issue(file, (), msg),))
    except json.JSONDecodeError as e:
        msg = f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        return ProfileImport(file, name, subject, problems=(Issue(file, (), msg),))
    if not isinstance(data, dict):
        msg = "not a Factbook profile: expected a JSON object of categories"
        return ProfileImport(file, name, subject, problems=(Issue(file, (), msg),))
    p = _Profile(file, name, subject, data)
    for spec in FIELDS:
        subs = p.lookup(spec)
        if subs is not None:
            _IMPORTERS[spec.kind](p, spec, subs)
    seen: set[str] = set()
    for f in p.facts:
        if f.id in seen:  # two subfields that read as the same year, say
            p.problem((), f"two values would make the fact {f.id!r}")
        seen.add(f.id)
    return ProfileImport(file, name, subject, tuple(p.facts), tuple(p.problems), tuple(p.skipped))


# --- writing -------------------------------------------------------------------------------------


class _Quoted(str):
    """A string always written in single quotes (as_of: '2025')."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the hand-written fact files do.
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style="'")
)


def generated_name(topic: str) -> str:
    return f"{topic}.{GENERATOR}.yaml"


def render_topic_file(name: str, subject: str, topic: str, facts: Iterable[ImportedFact]) -> str:
    """The YAML text of one generated fact file: a header comment, subject, topic, facts."""
    doc = {"subject": subject, "topic": topic, "facts": [f.record() for f in facts]}
    body = yaml.dump(
        doc,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 30,
        default_flow_style=False,
    )
    return f"# Generated by c5lens import factbook from {name}; do not edit.\n{body}"


@dataclass(frozen=True, slots=True)
class Written:
    """One generated file: where, how many facts, and whether its content changed."""

    path: Path
    facts: int
    changed: bool


def write_import(result: ProfileImport, out_dir: Path) -> list[Written]:
    """Write the profile's facts to <out_dir>/<subject>/<topic>.factbook.yaml, each file
    replaced atomically and only when its content differs. Touches no other file."""
    if not out_dir.is_dir():
        raise OutDirError(f"{out_dir} is not an existing directory")
    if result.subject is None:
        return []
    written = []
    folder = out_dir / result.subject.key
    for topic, facts in result.topics().items():
        text = render_topic_file(result.name, result.subject.key, topic, facts).encode("utf-8")
        path = folder / generated_name(topic)
        try:
            changed = path.read_bytes() != text
        except FileNotFoundError:
            changed = True
        if changed:
            folder.mkdir(exist_ok=True)
            _atomic_write(path, text)
        written.append(Written(path, len(facts), changed))
    return written


def _atomic_write(path: Path, data: bytes) -> None:
    # A dot-name temp file in the same directory: the loader ignores it, and os.replace is
    # atomic within one file system, so a reader sees the old file or the new one, never half.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
