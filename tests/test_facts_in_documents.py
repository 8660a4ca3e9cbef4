"""Every figure and date of a shipped fact can be found in the document the fact cites.

For each fact whose source is one of the files in ``../shared/sources/documents/``:

* a numeric value appears in the document, in digits (with or without thousands separators, a
  whole number also as ``52.0``) or as English words (``fifty``, ``eighty-seven``), as a whole
  number only: 5 does not match inside ``25``, ``5.5`` or ``seventy-five``;
* the paragraph the locator names exists (paragraphs counted as fact-format.md says), and a
  numeric value appears in that paragraph, not only somewhere in the document;
* each end of ``as_of`` is backed by the document: its year is printed there as four digits,
  and a month or day is printed too (``June`` or ``2025-06``; ``19``). Where the fact has
  ``resolved_from``, those words are in the document and the year is what they resolve to from
  the source's publication date ("last year" is the year before it, "this year" and present-tense
  words such as "currently", "today", "remains", "is" are its year); present-tense words also
  account for a month and day equal to the publication date's.

The World Factbook facts cite a different folder and are not checked here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from c5lens.base.dates import MONTHS, PartialDate
from c5lens.base.loading import facts_dirs, load_base
from c5lens.base.model import Fact, Source

DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "sources" / "documents"

if not DOCS.is_dir():
    pytest.skip(
        f"the source documents are not available (no folder {DOCS})", allow_module_level=True
    )

BASE = load_base(facts_dirs())
DOCUMENT_FILES = {p.name for p in DOCS.iterdir() if p.is_file()}
FACTS = [
    f
    for f in BASE.facts
    if f.source in BASE.sources and BASE.sources[f.source].document in DOCUMENT_FILES
]

# --- numbers as words -------------------------------------------------------------------------

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> list[str]:
    """English words for 0-999: 87 -> ['eighty-seven'], 384 -> ['three hundred eighty-four',
    'three hundred and eighty-four']; [] outside that range."""
    if not 0 <= n <= 999:
        return []
    if n < 20:
        return [ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [TENS[tens] + (f"-{ONES[ones]}" if ones else "")]
    hundreds, rest = divmod(n, 100)
    head = f"{ONES[hundreds]} hundred"
    if not rest:
        return [head]
    return [f"{head} {w}" for w in number_words(rest)] + [
        f"{head} and {w}" for w in number_words(rest)
    ]


_NUMBER_WORD = "|".join([*ONES, *TENS[2:], "hundred", "thousand"])
# A number word must stand alone: not the end of "seventy-five" or "twenty-five", and not the
# start of a longer number ("seventy-five", "two hundred"). "fifty-item" is fifty.
_WORD_BEFORE = r"(?<![\w-])"
_WORD_AFTER = rf"(?!\w)(?![-\s]+(?:and\s+)?(?:{_NUMBER_WORD})\b)"
# Digits must stand alone too: 5 is not in "25", "3,5xx", "5.5" or "2.5".
_DIGITS_BEFORE = r"(?<!\d)(?<!\d[.,])"
_DIGITS_AFTER = r"(?![.,]?\d)"


def _grouped(digits: str) -> str:
    """A regex for an integer's digits, with or without thousands separators: 3,319 or 3319."""
    if len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",?".join(groups)


def number_patterns(value: int | float) -> list[re.Pattern[str]]:
    """The ways a document may print the number `value`."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = repr(abs(value)).partition(".")
        if "e" in frac or "e" in whole:  # too large or small for this test's purposes
            whole, _, frac = f"{abs(value):f}".rstrip("0").partition(".")
        sign = "-" if value < 0 else ""
        digits = rf"{sign}{_grouped(whole)}\.{frac}0*"
        return [re.compile(_DIGITS_BEFORE + digits + _DIGITS_AFTER)]
    n = int(value)
    sign = "-" if n < 0 else ""
    digits = rf"{sign}{_grouped(str(abs(n)))}(?:\.0+)?"
    patterns = [re.compile(_DIGITS_BEFORE + digits + _DIGITS_AFTER)]
    for words in number_words(n):
        spaced = re.escape(words).replace(r"\-", r"[-\s]").replace(r"\ ", r"\s+")
        patterns.append(re.compile(_WORD_BEFORE + spaced + _WORD_AFTER, re.IGNORECASE))
    return patterns


def number_in(text: str, value: int | float) -> bool:
    return any(p.search(text) for p in number_patterns(value))


# --- dates ------------------------------------------------------------------------------------

# Words that move the year away from the publication year; anything else in `resolved_from` is
# read as present tense ("currently", "today", "remains", "is") and means the publication date.
RELATIVE_YEARS = {"last year": -1, "this year": 0, "next year": 1}


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def _words_in(text: str, phrase: str) -> bool:
    """Whether `phrase` is in `text` as whole words ("is" is not in "this"), ignoring case."""
    pattern = rf"(?<!\w){re.escape(_normalize(phrase))}(?!\w)"
    return re.search(pattern, _normalize(text)) is not None


def resolve(phrase: str, published: PartialDate) -> tuple[int, bool]:
    """The year `phrase` points to from `published`, and whether it is present tense."""
    words = _normalize(phrase)
    for relative, offset in RELATIVE_YEARS.items():
        if re.search(rf"\b{relative}\b", words):
            return published.year + offset, False
    return published.year, True


def _integer_in(text: str, n: int) -> bool:
    return re.search(rf"(?<!\d){n}(?!\d)", text) is not None


def _month_in(text: str, date: PartialDate) -> bool:
    name = re.search(rf"\b{MONTHS[date.month]}\b", text, re.IGNORECASE)
    return name is not None or f"{date.year:04d}-{date.month:02d}" in text


def at_publication(date: PartialDate, published: PartialDate) -> bool:
    """Whether `date` is the publication date, at no finer precision than it has."""
    return (
        date.year == published.year
        and (date.month is None or date.month == published.month)
        and (date.day is None or date.day == published.day)
    )


def bounded_span(fact: Fact, published: PartialDate) -> bool:
    """A loosely dated event: a span from a bound the text gives to the publication date."""
    end = fact.as_of.end
    return end is not None and at_publication(end, published)


def date_problems(
    fact: Fact, date: PartialDate, published: PartialDate, text: str, role: str = "date"
) -> list[str]:
    problems: list[str] = []
    present_tense = False
    if role == "end" and bounded_span(fact, published):
        return problems  # "no later than the publication date"
    if role == "start" and bounded_span(fact, published):
        # The lower bound must come from the words the date rests on: a year printed in them
        # ("in the wake of Russia's 2022 invasion") or a relative year ("July last year").
        printed = re.findall(r"(?<!\d)\d{4}(?!\d)", fact.resolved_from or "")
        if printed:
            if int(printed[0]) != date.year:
                problems.append(
                    f"{date.iso()}: the span starts in {date.year}, but resolved_from "
                    f"{fact.resolved_from!r} gives {printed[0]}"
                )
        elif fact.resolved_from and resolve(fact.resolved_from, published)[1] is False:
            year = resolve(fact.resolved_from, published)[0]
            if date.year != year:
                problems.append(
                    f"{date.iso()}: {fact.resolved_from!r} from a source published "
                    f"{published.iso()} means {year}, not {date.year}"
                )
        else:
            problems.append(
                f"{date.iso()}: a span up to the publication date needs its start's year in"
                " resolved_from (a printed year or a relative one such as 'last year')"
            )
        if date.month is not None and not _month_in(text, date):
            problems.append(f"{date.iso()}: the month {MONTHS[date.month]} is not in the document")
        if date.day is not None and not _integer_in(text, date.day):
            problems.append(f"{date.iso()}: the day {date.day} is not in the document")
        return problems
    if fact.resolved_from:
        year, present_tense = resolve(fact.resolved_from, published)
        if date.year != year:
            problems.append(
                f"{date.iso()}: {fact.resolved_from!r} from a source published "
                f"{published.iso()} means {year}, not {date.year}"
            )
    elif not _integer_in(text, date.year) or len(str(date.year)) != 4:
        problems.append(f"{date.iso()}: the year {date.year} is not in the document")
    if present_tense and at_publication(date, published):
        return problems  # the publication date itself, at no finer precision than it has
    if date.month is not None and not _month_in(text, date):
        problems.append(f"{date.iso()}: the month {MONTHS[date.month]} is not in the document")
    if date.day is not None and not _integer_in(text, date.day):
        problems.append(f"{date.iso()}: the day {date.day} is not in the document")
    return problems


# --- paragraphs -------------------------------------------------------------------------------

# How each document is laid out, for finding the paragraph a locator names (fact-format.md,
# Locators): its headings (a subsection names its section), where its text starts, and how its
# captions and pull quotes begin. Lines starting with "●" are picture credits, not text.
LAYOUT = {
    "000_e1c3ff2bcb818716.txt": {
        "start": "Bottom lines up front",
        "headings": {
            "Bottom lines up front": None,
            "Challenges": None,
            "Opportunities": None,
            "Central Asian context": "Opportunities",
            "Japanese strategic advantages": "Opportunities",
            "US strategic advantages": "Opportunities",
            "Conclusion": None,
            "Acknowledgements": None,
            "About the author": None,
            "Related content": None,
            "Explore the program": None,
        },
        "captions": ["Image: "],
    },
    "004_570836fd479a5f54.txt": {
        "start": "On 19",
        "headings": {
            "Int'l environment, Japan's role": None,
            "Why Central Asia may be of interest to Tokyo": None,
        },
        "captions": [
            "The illustration shows",
            "Japan's new prime minister, Sanae Takaichi, is",
            "From left to right",
        ],
    },
}


@cache
def paragraphs(name: str) -> dict[str, str]:
    """Every locator of the document `name` and the text of what it names."""
    layout = LAYOUT[name]
    text = document_text(name).replace("\u2019", "'")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    while blocks and not blocks[0].startswith(layout["start"]):
        blocks.pop(0)
    out: dict[str, str] = {}
    section, counts, captions = "Opening", {}, 0
    pending = ""  # a paragraph the text extraction split across a page break
    in_section = section
    for block in blocks:
        if block.startswith("●"):
            continue
        if block in layout["headings"]:
            parent = layout["headings"][block]
            section = f"{parent} › {block}" if parent else block
            continue
        if any(block.startswith(c) for c in layout["captions"]):
            captions += 1
            out[f"Caption {captions}"] = block
            continue
        if section == "Bottom lines up front" and "•" in block:
            for item in block.split("•")[1:]:
                counts[section] = counts.get(section, 0) + 1
                out[f"{section}, para {counts[section]}"] = item.strip()
            section = "Introduction"  # the unheaded paragraphs after the bullets
            continue
        if pending:
            block, section_of = pending + " " + block, in_section
        else:
            section_of = section
        if not re.search(r"[.?!:\"”)]$", block):
            pending, in_section = block, section_of
            continue
        pending = ""
        counts[section_of] = counts.get(section_of, 0) + 1
        out[f"{section_of}, para {counts[section_of]}"] = block
    if pending:
        counts[in_section] = counts.get(in_section, 0) + 1
        out[f"{in_section}, para {counts[in_section]}"] = pending
    return out


# --- the checker ------------------------------------------------------------------------------


@cache
def document_text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def fact_problems(fact: Fact, source: Source, text: str) -> list[str]:
    """Everything in `fact` that `text`, the document of `source`, does not back up."""
    problems: list[str] = []
    if fact.is_numeric and not number_in(text, fact.value):  # type: ignore[arg-type]
        problems.append(f"the value {fact.value!r} is not in the document")
    if source.document in LAYOUT:
        para = paragraphs(source.document).get(fact.locator)
        if para is None:
            problems.append(f"the locator {fact.locator!r} names no paragraph of the document")
        elif fact.is_numeric and not number_in(para, fact.value):  # type: ignore[arg-type]
            problems.append(f"the value {fact.value!r} is not in {fact.locator}")
    if fact.resolved_from and not _words_in(text, fact.resolved_from):
        problems.append(f"resolved_from {fact.resolved_from!r} is not in the document")
    published = source.published_date.start
    if fact.as_of.end is None:
        problems += date_problems(fact, fact.as_of.start, published, text)
    else:
        problems += date_problems(fact, fact.as_of.start, published, text, "start")
        problems += date_problems(fact, fact.as_of.end, published, text, "end")
    return problems


def check(fact: Fact) -> list[str]:
    source = BASE.sources[fact.source]
    return fact_problems(fact, source, document_text(source.document))


# --- the tests --------------------------------------------------------------------------------


def test_both_documents_have_facts() -> None:
    assert BASE.problems == ()
    assert {BASE.sources[f.source].document for f in FACTS} == DOCUMENT_FILES


@pytest.mark.parametrize("fact", [pytest.param(f, id=f.id) for f in FACTS])
def test_fact_is_in_its_document(fact: Fact) -> None:
    problems = check(fact)
    assert not problems, f"{fact.id} ({fact.source}, {fact.locator}): " + "; ".join(problems)


def test_a_wrong_figure_is_rejected() -> None:
    real = BASE.fact("japan.distance-tokyo-to-almaty")
    assert real is not None and real.value == 3319
    assert check(real) == []
    wrong = real._replace(value=3318)
    assert check(wrong) == [
        "the value 3318 is not in the document",
        "the value 3318 is not in Challenges, para 1",
    ]
    # In the document, but not in the paragraph cited.
    assert check(real._replace(locator="Challenges, para 2")) == [
        "the value 3319 is not in Challenges, para 2"
    ]
    assert check(real._replace(locator="Challenges, para 9")) == [
        "the locator 'Challenges, para 9' names no paragraph of the document"
    ]


def test_paragraphs_are_counted_as_fact_format_says() -> None:
    imai = paragraphs("000_e1c3ff2bcb818716.txt")
    assert imai["Bottom lines up front, para 3"].startswith("Central Asia can offer")
    assert imai["Introduction, para 2"].startswith("Russia and China will always")
    assert imai["Challenges, para 4"].startswith("Chinese and Russian dominance")
    assert imai["Opportunities › US strategic advantages, para 4"].startswith("As the strongest")
    assert imai["Caption 1"].startswith("Image: Kazakhstan's President")
    article = paragraphs("004_570836fd479a5f54.txt")
    assert article["Opening, para 1"].startswith("On 19–20 December last year")
    # Split across a page break, counted once.
    para4 = article["Why Central Asia may be of interest to Tokyo, para 4"]
    assert "are essential for the development" in para4 and para4.endswith("in the region.")
    assert article["Why Central Asia may be of interest to Tokyo, para 8"].endswith(
        "the CSTO and the"
    )
    assert [k for k in article if k.startswith("Caption")] == [
        "Caption 1",
        "Caption 2",
        "Caption 3",
    ]


def test_wrong_dates_are_rejected() -> None:
    real = BASE.fact("central-asia.first-central-asia-japan-dialogue-summit-tokyo-2025")
    assert real is not None and check(real) == []
    as_of = real.as_of
    # "last year" in a 2026 article is 2025, not 2026.
    later = as_of._replace(start=as_of.start._replace(year=2026), end=None)
    assert check(real._replace(as_of=later))
    # The summit was in December; November is printed nowhere in the article.
    november = as_of._replace(start=as_of.start._replace(month=11))
    assert check(real._replace(as_of=november))
    # A printed year that the article does not have.
    printed = as_of._replace(start=PartialDate(2019), end=None)
    assert check(real._replace(as_of=printed, resolved_from=None))
    # resolved_from words that the article does not use.
    assert check(real._replace(resolved_from="the year before"))
    # Whole words only: "las" is inside "last" but is not a word of the article.
    assert "resolved_from 'las' is not in the document" in check(real._replace(resolved_from="las"))


def test_loose_spans_need_their_bound_in_the_words() -> None:
    real = BASE.fact("russia.chpl-item-count")
    assert real is not None and str(real.as_of) == "2022/2025-08-15"
    assert check(real) == []
    as_of = real.as_of
    # A start year the words do not give.
    earlier = as_of._replace(start=PartialDate(2021))
    assert check(real._replace(as_of=earlier))
    # Without words for the lower bound, a span up to the publication date is refused.
    assert check(real._replace(resolved_from=None))
    # The end must be the publication date, or be printed like any other date.
    assert check(real._replace(as_of=as_of._replace(end=PartialDate(2024, 3))))


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (2, "two"),
        (15, "fifteen"),
        (50, "fifty"),
        (60, "sixty"),
        (75, "seventy-five"),
        (87, "eighty-seven"),
        (100, "one hundred"),
        (384, "three hundred eighty-four"),
        (999, "nine hundred ninety-nine"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n)[0] == words


@pytest.mark.parametrize(
    ("text", "value", "found"),
    [
        ("3,319 miles", 3319, True),
        ("3319 miles", 3319, True),
        ("3,319 miles", 319, False),
        ("3,319 miles", 3, False),
        ("Uzbekistan at 52, Tajikistan", 52, True),
        ("Uzbekistan at 52, Tajikistan", 52.0, True),
        ("scored 52.0", 52, True),
        ("scored 52.5", 52, False),
        ("Kazakhstan at 25", 5, False),
        ("Tajikistan at 5 on", 5, True),
        ("a combined 4.7 percent", 4.7, True),
        ("a combined 4.7 percent", 4, False),
        ("a combined 4.7 percent", 7, False),
        ("the fifty-item list", 50, True),
        ("seventy-five in Kyrgyzstan", 75, True),
        ("seventy-five in Kyrgyzstan", 70, False),
        ("seventy-five in Kyrgyzstan", 5, False),
        ("Seventy-five sites", 75, True),
        ("five out of seven", 5, True),
        ("five out of seven", 7, True),
        ("twenty-five states", 20, False),
        ("two hundred sites", 2, False),
    ],
)
def test_number_matching(text: str, value: int | float, found: bool) -> None:
    assert number_in(text, value) is found
