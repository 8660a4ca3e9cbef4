"""Unit specs of render.cite: plain text, BibTeX and CSL-JSON citations, exact."""

from __future__ import annotations

import json

import pytest

from c5lens.base.dates import parse_as_of
from c5lens.base.model import Fact, Source
from c5lens.render import cite

BRIEF = Source(
    "imai-2025",
    "Japan & Central Asia: 100% of it_",
    "Kyoko Imai",
    "Atlantic Council",
    "2025-08-15",
    "issue brief",
    "a.txt",
    "https://x.example/a",
)
FACTBOOK = Source(
    "cia-wfb", "The World Factbook", "CIA", "CIA", "2026-01", "reference work", "b.txt",
    notes="Updated weekly #1.",
)  # fmt: skip
ANONYMOUS = Source("anon", "Untitled.", None, None, "2026", "opinion article", "c.txt")
ORG = Source("org", "Org report", "UNDP", "UN Press", "2024", "report", "d.txt")

FACT = Fact(
    "kazakhstan.capital",
    "kazakhstan",
    "governance",
    "Kazakhstan's capital is Astana.",
    "Astana",
    parse_as_of("2025-08-15"),
    "imai-2025",
    "Opening, para 1",
)
STATED = "Kazakhstan's capital is Astana."


@pytest.mark.parametrize(
    ("source", "want"),
    [
        (
            BRIEF,
            "Imai, Kyoko. “Japan & Central Asia: 100% of it_.” Issue brief, Atlantic Council, "
            "15 August 2025. https://x.example/a",
        ),
        (FACTBOOK, "CIA. “The World Factbook.” Reference work, January 2026."),
        (ANONYMOUS, "“Untitled.” Opinion article, publisher not stated, 2026."),
        (ORG, "UNDP. “Org report.” Report, UN Press, 2024."),
    ],
)
def test_text_citation_of_a_source(source: Source, want: str) -> None:
    """Author (family, given; or the organisation), title, kind, publisher, date, URL."""
    assert cite.text_citation(source) == want
    assert cite.cite(source, None, "text") == want + "\n"


def test_text_citation_of_a_fact() -> None:
    """The statement, the source with the fact's locator, and the fact's id."""
    assert cite.cite(BRIEF, FACT, "text") == (
        f"{STATED} Source: Imai, Kyoko. “Japan & Central Asia: 100% of it_.” Issue brief, "
        "Atlantic Council, 15 August 2025, Opening, para 1. https://x.example/a "
        "[c5lens fact kazakhstan.capital]\n"
    )
    assert cite.text_citation(ANONYMOUS, FACT) == (
        f"{STATED} Source: “Untitled.” Opinion article, publisher not stated, 2026, "
        "Opening, para 1. [c5lens fact kazakhstan.capital]"
    )


def test_text_citation_drops_a_trailing_period_of_the_author() -> None:
    """An author ending in a period gets one period, not two."""
    source = BRIEF._replace(author="Acme Inc.", publisher="Acme Inc.", url=None)
    assert cite.text_citation(source) == (
        "Acme Inc. “Japan & Central Asia: 100% of it_.” Issue brief, 15 August 2025."
    )


def test_bibtex_of_an_issue_brief() -> None:
    """A techreport: person's name as family, given; specials escaped; month a macro."""
    assert cite.cite(BRIEF, None, "bibtex") == (
        "@techreport{imai-2025,\n"
        "  author = {Imai, Kyoko},\n"
        "  title = {{Japan \\& Central Asia: 100\\% of it\\_}},\n"
        "  institution = {Atlantic Council},\n"
        "  type = {Issue brief},\n"
        "  year = {2025},\n"
        "  month = aug,\n"
        "  url = {https://x.example/a}\n"
        "}\n"
    )


def test_bibtex_of_a_fact() -> None:
    """The fact's id is the key; its locator and statement the note."""
    assert cite.bibtex_citation(BRIEF, FACT).splitlines()[0] == "@techreport{kazakhstan.capital,"
    assert cite.bibtex_citation(BRIEF, FACT).splitlines()[-2:] == [
        f"  note = {{Opening, para 1. {STATED}}}",
        "}",
    ]


@pytest.mark.parametrize(
    ("source", "want"),
    [
        (
            FACTBOOK,
            "@misc{cia-wfb,\n  author = {{CIA}},\n  title = {{The World Factbook}},\n"
            "  publisher = {CIA},\n  howpublished = {Reference work},\n  year = {2026},\n"
            "  month = jan,\n  note = {Updated weekly \\#1.}\n}",
        ),
        (
            ANONYMOUS,
            "@misc{anon,\n  title = {{Untitled.}},\n  howpublished = {Opinion article},\n"
            "  year = {2026}\n}",
        ),
        (
            ORG,
            "@misc{org,\n  author = {{UNDP}},\n  title = {{Org report}},\n"
            "  publisher = {UN Press},\n  howpublished = {Report},\n  year = {2024}\n}",
        ),
    ],
)
def test_bibtex_of_other_sources(source: Source, want: str) -> None:
    """A misc entry: an organisation braced whole, no author or month where none is known."""
    assert cite.bibtex_citation(source) == want


def test_bibtex_url_is_verbatim() -> None:
    """A URL is written as it is: BibTeX's url field is verbatim."""
    source = BRIEF._replace(url="https://x.example/a_b%20c#top")
    assert "  url = {https://x.example/a_b%20c#top}" in cite.bibtex_citation(source).splitlines()


def test_csl_json_of_a_source() -> None:
    """A one-item CSL-JSON list: type from the kind, a person's name split, date parts."""
    text = cite.cite(BRIEF, None, "csl-json")
    assert text.endswith("]\n")
    assert json.loads(text) == [
        {
            "id": "imai-2025",
            "type": "report",
            "title": "Japan & Central Asia: 100% of it_",
            "author": [{"family": "Imai", "given": "Kyoko"}],
            "publisher": "Atlantic Council",
            "issued": {"date-parts": [[2025, 8, 15]]},
            "genre": "issue brief",
            "URL": "https://x.example/a",
        }
    ]
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    ("source", "want"),
    [
        (
            FACTBOOK,
            {
                "id": "cia-wfb",
                "type": "book",
                "title": "The World Factbook",
                "author": [{"literal": "CIA"}],
                "publisher": "CIA",
                "issued": {"date-parts": [[2026, 1]]},
                "genre": "reference work",
            },
        ),
        (
            ANONYMOUS,
            {
                "id": "anon",
                "type": "article",
                "title": "Untitled.",
                "issued": {"date-parts": [[2026]]},
                "genre": "opinion article",
            },
        ),
        (
            ORG,
            {
                "id": "org",
                "type": "document",
                "title": "Org report",
                "author": [{"literal": "UNDP"}],
                "publisher": "UN Press",
                "issued": {"date-parts": [[2024]]},
                "genre": "report",
            },
        ),
    ],
)
def test_csl_items_of_other_sources(source: Source, want: dict) -> None:
    """Organisations as literal names; absent author, publisher and URL left out."""
    item = cite.csl_item(source)
    assert item == want
    assert list(item) == list(want)


def test_csl_item_of_a_fact() -> None:
    """The fact's id and a note of its locator and statement."""
    item = cite.csl_item(FACTBOOK, FACT._replace(source="cia-wfb"))
    assert (item["id"], list(item)[-1], item["note"]) == (
        "kazakhstan.capital",
        "note",
        f"Opening, para 1. {STATED}",
    )
    assert "URL" not in item


def test_csl_json_keeps_non_ascii() -> None:
    """Non-ASCII names are written as they are."""
    source = ORG._replace(author="Ğalym Äbdirov", publisher="Ortalyq")
    text = cite.cite(source, None, "csl-json")
    assert '"family": "Äbdirov"' in text and '"given": "Ğalym"' in text


def test_unknown_citation_format() -> None:
    """Only text, bibtex and csl-json are formats."""
    assert cite.CITE_FORMATS == ("text", "bibtex", "csl-json")
    with pytest.raises(ValueError):
        cite.cite(BRIEF, None, "ris")
