"""importers.factbook.profile: tiny profiles written here, imported into exact facts and issues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from c5lens.base.model import Subject
from c5lens.importers.factbook.profile import (
    EDITION,
    ImportedFact,
    Issue,
    ProfileImport,
    import_profile,
    subject_for,
)

KZ = Subject("kazakhstan", "Kazakhstan", "country", factbook="kz")
US = Subject("united_states", "United States", "partner", factbook="US")
SUBJECTS = [US, KZ, Subject("region", "Central Asia", "region")]

GOOD = {
    "Government": {
        "Capital": {"name": {"text": "Astana"}, "note": {"text": "note: moved in 1997; renamed"}}
    },
    "People and Society": {
        "Population": {"total": {"text": "20,432,662 (2025 est.)"}},
        " Median age ": {"total": {"text": "NA"}},  # keys are stripped; NA is skipped
    },
    "Economy": {
        "Real GDP growth rate": {
            "Real GDP growth rate 2023": {"text": "5.1% (2023 est.)"},
            "Real GDP growth rate 2024": {"text": "-0.5% (2024 est.)"},
        },
        "Exports": {  # 'latest': only the newest year, restated in billions
            "Exports 2023": {"text": "$70 billion (2023 est.)"},
            "Exports 2024": {"text": "$12.5 million (2024 est.)"},
        },
    },
    "Energy": {
        "Electricity generation sources": {  # facts come in the order of the field's shares
            "hydroelectricity": {"text": "20% of total installed capacity (2023 est.)"},
            "fossil fuels": {"text": "80% of total installed capacity (2023 est.)"},
        }
    },
}


def _import(tmp_path: Path, profile: Any, name: str = "kz.json") -> ProfileImport:
    path = tmp_path / name
    path.write_text(json.dumps(profile), encoding="utf-8")
    return import_profile(path, SUBJECTS, display=f"in/{name}")


def _fact(id: str, topic: str, statement: str, metric: str, value, as_of: str, locator: str,
          unit: str | None = "%", qualifier: str | None = "estimate",
          notes: str | None = None) -> ImportedFact:  # fmt: skip
    return ImportedFact(
        f"kazakhstan.{id}", "kazakhstan", topic, statement, metric, value, as_of,
        f"kz.json: {locator}", unit, qualifier, notes,
    )  # fmt: skip


def test_a_tiny_profile_gives_exact_facts(tmp_path: Path) -> None:
    result = _import(tmp_path, GOOD)
    assert (result.file, result.name, result.subject) == ("in/kz.json", "kz.json", KZ)
    assert list(result.facts) == [
        _fact(
            "fb-capital", "governance",
            "The World Factbook names Astana as the capital of Kazakhstan.",
            "capital", "Astana", EDITION, "Government › Capital › name", None, None,
            "The Factbook gives no date for this entry; dated to the edition (January 2026). "
            "Factbook note (first sentence): moved in 1997.",
        ),
        _fact(
            "fb-population", "society",
            "The World Factbook estimates the population of Kazakhstan at 20,432,662 in 2025.",
            "population", 20432662, "2025", "People and Society › Population › total", None,
        ),
        _fact(
            "fb-real-gdp-growth-rate-2024", "economy",
            "The World Factbook estimates that the real GDP of Kazakhstan shrank by 0.5% in 2024.",
            "real_gdp_growth_rate", -0.5, "2024",
            "Economy › Real GDP growth rate › Real GDP growth rate 2024",
        ),
        _fact(
            "fb-real-gdp-growth-rate-2023", "economy",
            "The World Factbook estimates that the real GDP of Kazakhstan grew by 5.1% in 2023.",
            "real_gdp_growth_rate", 5.1, "2023",
            "Economy › Real GDP growth rate › Real GDP growth rate 2023",
        ),
        _fact(
            "fb-exports", "trade",
            "The World Factbook estimates the exports of goods and services of Kazakhstan at "
            "$12.5 million in 2024.",
            "exports", 0.0125, "2024", "Economy › Exports › Exports 2024", "USD billion",
        ),
        _fact(
            "fb-electricity-share-fossil-fuels", "energy",
            "The World Factbook estimates that fossil fuels made up 80% of the installed "
            "electricity generating capacity of Kazakhstan in 2023.",
            "electricity_share_fossil_fuels", 80, "2023",
            "Energy › Electricity generation sources › fossil fuels",
        ),
        _fact(
            "fb-electricity-share-hydroelectricity", "energy",
            "The World Factbook estimates that hydroelectric power made up 20% of the installed "
            "electricity generating capacity of Kazakhstan in 2023.",
            "electricity_share_hydroelectricity", 20, "2023",
            "Energy › Electricity generation sources › hydroelectricity",
        ),
    ]  # fmt: skip
    assert result.problems == ()
    assert [str(s) for s in result.skipped] == [
        "in/kz.json: Geography: skipped: not in this profile",  # Area
        "in/kz.json: Geography: skipped: not in this profile",  # Land boundaries
        "in/kz.json: People and Society › Languages: skipped: not in this profile",
        "in/kz.json: People and Society › Ethnic groups: skipped: not in this profile",
        "in/kz.json: People and Society › Religions: skipped: not in this profile",
        "in/kz.json: People and Society › Median age › total: skipped: the Factbook gives NA "
        "(not available)",
        "in/kz.json: People and Society › Urbanization: skipped: not in this profile",
        "in/kz.json: Communications: skipped: not in this profile",
        "in/kz.json: Economy › Real GDP (purchasing power parity): skipped: not in this profile",
        "in/kz.json: Economy › Real GDP per capita: skipped: not in this profile",
        "in/kz.json: Economy › Inflation rate (consumer prices): skipped: not in this profile",
        "in/kz.json: Economy › Unemployment rate: skipped: not in this profile",
        "in/kz.json: Economy › Imports: skipped: not in this profile",
        "in/kz.json: Economy › Exports - partners: skipped: not in this profile",
        "in/kz.json: Economy › Imports - partners: skipped: not in this profile",
        "in/kz.json: Geography: skipped: not in this profile",  # Natural resources
        "in/kz.json: Military and Security: skipped: not in this profile",
    ]
    topics = result.topics()
    assert list(topics) == ["society", "governance", "economy", "trade", "energy"]
    assert [f.id for f in topics["economy"]] == [
        "kazakhstan.fb-real-gdp-growth-rate-2024",
        "kazakhstan.fb-real-gdp-growth-rate-2023",
    ]


def test_unreadable_values_are_problems_named_by_field(tmp_path: Path) -> None:
    bad = {
        "Government": {"Capital": {"name": 7}},
        "People and Society": {
            "Population": {"total": {"text": "about 20 million (2025 est.)"}},
            "Urbanization": {"urban population": "58.2% (2023)"},
            "Languages": "Kazakh",
        },
        "Geography": {"Area": {"total ": "2,724,900 km"}},
        "Economy": {
            "Real GDP growth rate": {
                "Real GDP growth rate 2024": {"text": "4.8% (2024 est.)"},
                "Growth 2024": {"text": "5% (2024 est.)"},
            },
            "Exports": {
                "Exports last year": "$1 billion",
                "Exports 2024": "$1 billion (2023 est.)",
            },
        },
        "Energy": {"Electricity generation sources": {"coal": "5% of total installed capacity"}},
    }
    result = _import(tmp_path, bad)
    gdp = "kazakhstan.fb-real-gdp-growth-rate-2024"
    assert [f.id for f in result.facts] == [gdp, gdp]
    assert list(result.problems) == [
        Issue("in/kz.json", ("Government", "Capital", "name"),
              "expected a string (or a mapping with 'text')"),
        Issue("in/kz.json", ("People and Society", "Population", "total"),
              "'about 20 million (2025 est.)' is not a figure c5lens can read"),
        Issue("in/kz.json", ("Geography", "Area", "total"),
              "expected a figure in sq km, found '2,724,900 km'"),
        Issue("in/kz.json", ("People and Society", "Languages"),
              "expected a mapping of subfields, found str"),
        Issue("in/kz.json", ("People and Society", "Urbanization", "urban population"),
              "expected a percentage of total population, found '58.2% (2023)'"),
        Issue("in/kz.json", ("Economy", "Exports", "Exports last year"),
              "expected a subfield named for a year, e.g. 'Exports 2024'"),
        Issue("in/kz.json", ("Economy", "Exports", "Exports 2024"),
              "the subfield is for 2024 but the figure is dated 2023"),
        Issue("in/kz.json", ("Energy", "Electricity generation sources", "coal"),
              "unknown source of electricity 'coal'"),
        Issue("in/kz.json", (), f"two values would make the fact {gdp!r}"),
    ]  # fmt: skip


def test_keys_that_clash_once_stripped_are_problems(tmp_path: Path) -> None:
    result = _import(tmp_path, {"Government": {"Capital": {"name": "A", " name": "B"}}})
    assert result.facts == ()
    assert result.problems[0] == Issue(
        "in/kz.json", ("Government", "Capital"), "subfield 'name' appears twice once spaces are "
        "stripped"
    )  # fmt: skip
    result = _import(tmp_path, {"Geography": {}, " Geography": {}})
    assert [str(p) for p in result.problems] == [
        "in/kz.json: Geography: the category appears twice once spaces are stripped"
    ] * 4  # Area, Land boundaries, border countries (optional, but a clash is still one), Natural
    # resources


@pytest.mark.parametrize(
    "name,data,problem",
    [
        ("zz.json", b"{}", "zz.json: no subject has the Factbook code 'zz'"),
        ("kz.json", b"{\n  oops", "kz.json: not valid JSON: Expecting property name enclosed in "
         "double quotes at line 2, column 3"),
        ("kz.json", b"[1]",
         "kz.json: not a Factbook profile: expected a JSON object of categories"),
        ("kz.json", b"\xff{}", "kz.json: not UTF-8 (byte 0)"),
    ],
)  # fmt: skip
def test_whole_file_problems(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    (tmp_path / name).write_bytes(data)
    result = import_profile(tmp_path / name, SUBJECTS, display=name)
    assert [str(p) for p in result.problems] == [problem]
    assert (result.facts, result.skipped) == ((), ())
    assert result.subject == (None if name == "zz.json" else KZ)


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "kz.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert len(import_profile(tmp_path / "kz.json", SUBJECTS).facts) == 7


def test_subject_for() -> None:
    assert subject_for(Path("some/dir/KZ.json"), SUBJECTS) == KZ
    assert subject_for(Path("us.json"), SUBJECTS) == US  # codes compare case-insensitively
    assert subject_for(Path("kz.2026.json"), SUBJECTS) == KZ
    assert subject_for(Path("uz.json"), SUBJECTS) is None


def test_record_is_in_format_order_without_empty_keys() -> None:
    fact = _fact("fb-x", "economy", "S.", "m", 1, "2024", "A › B", notes="N.")
    assert list(fact.record().items()) == [
        ("id", "kazakhstan.fb-x"),
        ("statement", "S."),
        ("metric", "m"),
        ("value", 1),
        ("unit", "%"),
        ("qualifier", "estimate"),
        ("as_of", "2024"),
        ("source", "world-factbook-2026"),
        ("locator", "kz.json: A › B"),
        ("notes", "N."),
    ]
    assert "unit" not in _fact("fb-y", "e", "S.", "m", "v", "2024", "A", None, None).record()
