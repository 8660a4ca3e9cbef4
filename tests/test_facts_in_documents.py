"""Every figure and date of a shipped fact is printed in the paragraph (or Factbook field) its
locator names: `c5lens verify` finds nothing in the shipped base against ``../shared/sources/``.

The rules are `c5lens.query.evidence`'s; this module holds the shipped base to them, pins the
paragraph counting of docs/fact-format.md on the two documents, and shows that wrong figures and
dates are caught. `test_verify.py` tests the same code on small fixture bases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from c5lens.base.dates import PartialDate
from c5lens.base.documents import Documents, sha256_of
from c5lens.base.loading import facts_dirs, load_base
from c5lens.base.model import Fact
from c5lens.base.numbers import number_in, number_words
from c5lens.query.evidence import Miss, examine
from c5lens.query.verify import verify

SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"
DOCS = SOURCES / "documents"

if not DOCS.is_dir():
    pytest.skip(
        f"the source documents are not available (no folder {DOCS})", allow_module_level=True
    )

DIRS = facts_dirs()
BASE = load_base(DIRS)
DOCUMENTS = Documents([SOURCES])


def misses(fact: Fact) -> list[Miss]:
    source = BASE.sources[fact.source]
    return list(examine(fact, source, DOCUMENTS.evidence(source, fact.locator).text).misses)


def absent(fact: Fact) -> list[str]:
    return [m.what for m in misses(fact) if m.absent]


def test_the_shipped_base_verifies_with_no_problem() -> None:
    assert BASE.problems == ()
    assert verify(BASE, DIRS, DOCUMENTS) == []


def test_every_source_records_the_sha256_of_its_documents() -> None:
    for source in BASE.sources.values():
        if source.document.endswith("/"):
            assert isinstance(source.sha256, tuple)
            for name, digest in source.sha256:
                assert sha256_of(SOURCES / source.document / name) == digest
        else:
            assert source.sha256 == sha256_of(DOCS / source.document)


def test_both_documents_and_the_factbook_have_facts() -> None:
    cited = {BASE.sources[f.source].document for f in BASE.facts}
    assert cited == {p.name for p in DOCS.iterdir()} | {"factbook/"}


def test_a_wrong_figure_is_rejected() -> None:
    real = BASE.fact("japan.distance-tokyo-to-almaty")
    assert real is not None and real.value == 3319
    assert misses(real) == []
    assert absent(real._replace(value=3318)) == ["3318"]
    # In the document, but not in the paragraph cited.
    assert absent(real._replace(locator="Challenges, para 2")) == ["3319"]


def test_a_wrong_factbook_figure_is_rejected() -> None:
    real = BASE.fact("kazakhstan.fb-real-gdp-growth-rate-2024")
    assert real is not None and misses(real) == []
    assert absent(real._replace(value=4.9)) == ["4.9"]
    assert absent(real._replace(locator=real.locator.replace("2024", "2023"))) == ["4.8", "2024"]


def test_paragraphs_are_counted_as_fact_format_says() -> None:
    def para(source: str, locator: str) -> str:
        return DOCUMENTS.evidence(BASE.sources[source], locator).text

    assert para("imai-2025", "Bottom lines up front, para 3").startswith("Central Asia can offer")
    assert para("imai-2025", "Introduction, para 2").startswith("Russia and China will always")
    assert para("imai-2025", "Challenges, para 4").startswith("Chinese and Russian dominance")
    assert para("imai-2025", "Opportunities › US strategic advantages, para 4").startswith(
        "As the strongest"
    )
    assert para("imai-2025", "Caption 1").startswith("Image: Kazakhstan's President")
    assert para("shamsuddinov-2026", "Opening, para 1").startswith("On 19–20 December last year")
    # Split across a page break, counted once.
    para4 = para("shamsuddinov-2026", "Why Central Asia may be of interest to Tokyo, para 4")
    assert "are essential for the development" in para4 and para4.endswith("in the region.")
    last = para("shamsuddinov-2026", "Why Central Asia may be of interest to Tokyo, para 8")
    assert last.endswith("the CSTO and the")
    assert para("shamsuddinov-2026", "Caption 3").startswith("From left to right")


def test_wrong_dates_are_rejected() -> None:
    real = BASE.fact("central-asia.first-central-asia-japan-dialogue-summit-tokyo-2025")
    assert real is not None and misses(real) == []
    as_of = real.as_of
    # "last year" in a 2026 article is 2025, not 2026.
    later = as_of._replace(start=as_of.start._replace(year=2026), end=None)
    assert [m.what for m in misses(real._replace(as_of=later))] == [
        "2026-12-19: 'last year' from a source published 2026 means 2025, not 2026",
        "2025 (in the statement)",  # the statement's year is no longer the fact's
    ]
    # The summit was in December; November is printed nowhere in the paragraph.
    november = as_of._replace(start=as_of.start._replace(month=11))
    assert absent(real._replace(as_of=november)) == ["November"]
    # A printed year that the paragraph does not have.
    printed = as_of._replace(start=PartialDate(2019), end=None)
    assert absent(real._replace(as_of=printed, resolved_from=None)) == [
        "2019",
        "2025 (in the statement)",
    ]
    # resolved_from words that the paragraph does not use; whole words only ("las" in "last").
    assert absent(real._replace(resolved_from="the year before")) == [
        "resolved_from 'the year before'"
    ]
    assert "resolved_from 'las'" in absent(real._replace(resolved_from="las"))


def test_loose_spans_need_their_bound_in_the_words() -> None:
    real = BASE.fact("russia.chpl-item-count")
    assert real is not None and str(real.as_of) == "2022/2025-08-15"
    assert misses(real) == []
    as_of = real.as_of
    # A start year the words do not give.
    assert misses(real._replace(as_of=as_of._replace(start=PartialDate(2021))))
    # Without words for the lower bound, a span up to the publication date is refused.
    assert misses(real._replace(resolved_from=None))
    # The end must be the publication date, or be printed like any other date.
    assert misses(real._replace(as_of=as_of._replace(end=PartialDate(2024, 3))))


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
