"""`verify` and its parts on conftest's fixture base, with documents written beside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import KAZAKHSTAN_GOVERNANCE_YAML, SOURCES_YAML

from c5lens.base.documents import (
    DocumentChanged,
    DocumentNotFound,
    Documents,
    LocatorError,
    documents_dirs,
    sha256_of,
)
from c5lens.base.loading import load_base
from c5lens.base.paragraphs import split, well_formed
from c5lens.query.evidence import Span, examine, phrase_spans
from c5lens.query.verify import verify

# The fixture base's two documents, by the plain layout: headings are short lines on their own.
A_TXT = """\
Kazakhstan's capital is currently Astana.

Challenges

Landlocked.

Second.

Third.

Fourth.

Freedom House scored Kazakhstan 23 and Uzbekistan 11 out of 100 in 2025.

Opportunities

First.

Uzbekistan's economy grew by an estimated 6.5 percent in 2024.
"""
B_TXT = """\
Introduction

On 19-20 December last year, Tokyo hosted the Central Asia + Japan summit.

Economy

The official figure is 6.5 percent.
"""

Setup = Callable[..., tuple[Path, Path]]


@pytest.fixture
def setup(write_base: Callable[..., Path], tmp_path: Path) -> Setup:
    """Write the fixture base (with `files` changed) and its documents; (facts, documents)."""

    def make(files: dict[str, str | None] | None = None, a: str = A_TXT) -> tuple[Path, Path]:
        docs = tmp_path / "docs"
        (docs / "documents").mkdir(parents=True, exist_ok=True)
        (docs / "documents" / "a.txt").write_text(a, encoding="utf-8")
        (docs / "b.txt").write_text(B_TXT, encoding="utf-8")  # DIR/name is found too
        return write_base(files=files), docs

    return make


def run(facts: Path, docs: Path, *paths: Path) -> list[str]:
    base = load_base([facts])
    assert base.problems == ()
    return [str(p) for p in verify(base, [facts], Documents([docs]), list(paths))]


def test_the_fixture_base_verifies(setup: Setup) -> None:
    assert run(*setup()) == []


def test_a_wrong_figure_is_caught_at_its_exact_position(setup: Setup) -> None:
    wrong = KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 54.6")
    facts, docs = setup({"kazakhstan/governance.yaml": wrong})
    assert run(facts, docs) == [
        f"{facts}/kazakhstan/governance.yaml:7:12: fact kazakhstan.freedom-house-score-2025:"
        ' 54.6 not in "Challenges, para 5" of a.txt'
    ]


def test_each_field_is_reported_where_it_is_written(setup: Setup) -> None:
    wrong = (
        KAZAKHSTAN_GOVERNANCE_YAML.replace("23 of 100", "23 of 90")
        .replace("as_of: '2025'", "as_of: '2024'")
        .replace("resolved_from: currently", "resolved_from: at present")
        .replace("locator: Opening, para 1", "locator: Opening, paragraph 1")
    )
    facts, docs = setup({"kazakhstan/governance.yaml": wrong})
    g = f"{facts}/kazakhstan/governance.yaml"
    assert run(facts, docs) == [
        f"{g}:5:16: fact kazakhstan.freedom-house-score-2025: 90 (in the statement) not in"
        ' "Challenges, para 5" of a.txt',
        f'{g}:10:12: fact kazakhstan.freedom-house-score-2025: 2024 not in "Challenges, para 5"'
        " of a.txt",
        f'{g}:21:14: fact kazakhstan.capital: locator "Opening, paragraph 1" names no paragraph'
        ' (expected "<section>, para N" or "Caption N")',
    ]


def test_a_locator_naming_no_paragraph(setup: Setup) -> None:
    moved = KAZAKHSTAN_GOVERNANCE_YAML.replace("Challenges, para 5", "Challenges, para 6")
    facts, docs = setup({"kazakhstan/governance.yaml": moved})
    assert run(facts, docs) == [
        f"{facts}/kazakhstan/governance.yaml:12:14: fact kazakhstan.freedom-house-score-2025:"
        ' locator "Challenges, para 6" names no paragraph of a.txt'
    ]


def test_a_correction_whose_locator_names_nothing(setup: Setup) -> None:
    facts, docs = setup()
    economy = (facts / "uzbekistan" / "economy.yaml").read_text()
    (facts / "uzbekistan" / "economy.yaml").write_text(
        economy.replace("Economy, para 1", "Economy, para 2")
    )
    assert run(facts, docs) == [
        f"{facts}/uzbekistan/economy.yaml:16:16: fact uzbekistan.gdp-growth-2024: correction's"
        ' locator "Economy, para 2" names no paragraph of b.txt'
    ]


def test_a_document_not_found_is_one_problem_at_its_source(setup: Setup, tmp_path: Path) -> None:
    facts, _docs = setup()
    assert run(facts, tmp_path / "nowhere") == [
        f"{facts}/sources.yaml:8:15: source src-a: document a.txt not found: looked in"
        f" {tmp_path / 'nowhere'}",
        f"{facts}/sources.yaml:17:15: source src-b: document b.txt not found: looked in"
        f" {tmp_path / 'nowhere'}",
    ]


def test_a_different_text_is_refused_by_its_sha256(setup: Setup) -> None:
    digest = "ab" * 32
    sources = SOURCES_YAML.replace("document: a.txt\n", f"document: a.txt\n    sha256: {digest}\n")
    facts, docs = setup({"sources.yaml": sources})
    actual = sha256_of(docs / "documents" / "a.txt")
    assert run(facts, docs) == [
        f"{facts}/sources.yaml:9:13: source src-a: {docs}/documents/a.txt is not the document"
        f" the source cites: its SHA-256 is {actual[:12]}…, sources.yaml records abababababab…"
    ]
    with pytest.raises(DocumentChanged):
        Documents([docs]).checked(load_base([facts]).sources["src-a"])
    right = SOURCES_YAML.replace("document: a.txt\n", f"document: a.txt\n    sha256: {actual}\n")
    assert run(*setup({"sources.yaml": right})) == []


def test_sha256_is_checked_by_the_loader(write_base: Callable[..., Path]) -> None:
    for value, message in [
        ("ABC", "sha256 must be 64 lowercase hexadecimal digits"),
        ("{a.txt: " + "ab" * 32 + "}", "sha256 of a file must be one SHA-256, not a mapping"),
    ]:
        sources = SOURCES_YAML.replace(
            "document: a.txt\n", f"document: a.txt\n    sha256: {value}\n"
        )
        base = load_base([write_base(files={"sources.yaml": sources})])
        assert [p.message for p in base.problems if "sha256" in p.message] == [message]


def test_paths_limit_the_facts_checked(setup: Setup) -> None:
    wrong = KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 24")
    facts, docs = setup({"kazakhstan/governance.yaml": wrong})
    assert len(run(facts, docs, facts / "kazakhstan")) == 1
    assert len(run(facts, docs, facts / "kazakhstan" / "governance.yaml")) == 1
    assert run(facts, docs, facts / "uzbekistan") == []


def test_documents_search_path() -> None:
    assert documents_dirs([Path("x")], env=f"a{__import__('os').pathsep}b") == [
        Path("x"),
        Path("a"),
        Path("b"),
    ]
    with pytest.raises(DocumentNotFound, match=r"no documents directory given"):
        Documents([]).find("a.txt")


def factbook_source_yaml(digest: str | None = None) -> str:
    pinned = f"    sha256:\n      kz.json: {digest}\n" if digest else ""
    return (
        SOURCES_YAML
        + """\
  - id: fb
    title: The World Factbook
    author: null
    publisher: null
    published: '2026-01'
    kind: reference work
    document: factbook/
"""
        + pinned
    )


FB_FACT = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.fb-population
    statement: The World Factbook estimates Kazakhstan's population at 20,432,662 in 2025.
    value: 20432662
    qualifier: estimate
    as_of: '2025'
    source: fb
    locator: 'kz.json: People and Society › Population › total'
  - id: kazakhstan.fb-gdp
    statement: The World Factbook gives $1.2 trillion.
    value: 1200
    unit: USD billion
    as_of: '2026-01'
    source: fb
    locator: 'kz.json: Economy › GDP'
"""
KZ_JSON = {
    "People and Society": {"Population": {"total ": {"text": "20,432,662 (2025 est.)"}}},
    "Economy": {"GDP": {"text": "<b>$1.2 trillion</b>"}},
}


def test_factbook_fields(setup: Setup) -> None:
    facts, docs = setup(
        {"sources.yaml": factbook_source_yaml(), "kazakhstan/economy.yaml": FB_FACT}
    )
    (docs / "factbook").mkdir()
    (docs / "factbook" / "kz.json").write_text(json.dumps(KZ_JSON))
    assert run(facts, docs) == []
    source = load_base([facts]).sources["fb"]
    ev = Documents([docs]).evidence(source, "kz.json: Economy › GDP")
    assert ev.text == "$1.2 trillion"
    with pytest.raises(LocatorError, match="no 'Geography'"):
        Documents([docs]).evidence(source, "kz.json: Geography › Area")
    with pytest.raises(LocatorError, match="names no file"):
        Documents([docs]).evidence(source, "Geography › Area")
    wrong = FB_FACT.replace("value: 20432662", "value: 20432663")
    facts, docs = setup(
        {"sources.yaml": factbook_source_yaml("ab" * 32), "kazakhstan/economy.yaml": wrong}
    )
    found = run(facts, docs)
    assert len(found) == 1 and "source fb: " in found[0] and "sha256" not in found[0]
    assert found[0].startswith(f"{facts}/sources.yaml:26:16: ")  # at kz.json's digest


def test_examine_gives_the_spans_of_every_figure(setup: Setup) -> None:
    facts, _docs = setup()
    base = load_base([facts])
    fact = base.fact("kazakhstan.freedom-house-score-2025")
    assert fact is not None
    text = split(A_TXT)["Challenges, para 5"]
    found = examine(fact, base.sources[fact.source], text)
    assert found.misses == ()
    assert [(text[s.start : s.end], s.field) for s in found.spans] == [
        ("23", "value"),
        ("100", "statement"),
        ("2025", "as_of"),
    ]
    assert found.spans[0] == Span(32, 34, "value")


def test_locator_grammar_and_phrases() -> None:
    assert well_formed("Challenges, para 4")
    assert well_formed("Opportunities › Central Asian context, para 2")
    assert well_formed("Caption 3")
    assert not well_formed("Challenges, para 0")
    assert not well_formed("Challenges")
    assert phrase_spans("It is  Last year’s", "last year's") == [(7, 18)]
    assert phrase_spans("this", "is") == []


def test_evidence_renders_with_its_spans(setup: Setup) -> None:
    from rich.console import Console

    from c5lens.render.evidence import evidence_record, highlighted, print_evidence

    facts, docs = setup()
    base = load_base([facts])
    fact = base.fact("kazakhstan.freedom-house-score-2025")
    assert fact is not None
    source = base.sources[fact.source]
    ev = Documents([docs]).evidence(source, fact.locator)
    found = examine(fact, source, ev.text)
    assert evidence_record("a.txt", ev, found) == {
        "document": "a.txt",
        "locator": "Challenges, para 5",
        "text": "Freedom House scored Kazakhstan 23 and Uzbekistan 11 out of 100 in 2025.",
        "spans": [
            {"start": 32, "end": 34, "field": "value"},
            {"start": 60, "end": 63, "field": "statement"},
            {"start": 67, "end": 71, "field": "as_of"},
        ],
    }
    styled = highlighted(ev.text, found)
    assert [(ev.text[s.start : s.end], str(s.style)) for s in styled.spans] == [
        ("23", "bold reverse"),
        ("100", "bold reverse"),
        ("2025", "bold reverse"),
    ]
    console = Console(width=80, record=True, color_system=None)
    print_evidence(console, "a.txt", ev, examine(fact._replace(value=24), source, ev.text))
    assert console.export_text() == (
        "Challenges, para 5 · a.txt\n"
        "Freedom House scored Kazakhstan 23 and Uzbekistan 11 out of 100 in 2025.\n"
        "! value: 24 not in the text\n\n"
    )
