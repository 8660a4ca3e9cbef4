"""Measurements and claims (D96): a claim may name nothing; shipped claims name only names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from c5lens.base.documents import Documents
from c5lens.base.loading import load_base
from c5lens.base.paths import bundled_facts_dir
from tests.test_loading import ECON, ECONOMY, load_econ

CLAIM = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.open-markets
    statement: Kazakhstan's markets are increasingly open.
    as_of: '2025'
    source: src-a
    locator: Economy, para 1
"""
# Where the paragraph names the thing jointly with another, the words it prints.
PRINTED = {"tajikistan.dushanbe-cis-summit-2023": "CIS and Central Asia–Russia summits"}
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def test_a_claim_without_a_value_loads(write_base) -> None:  # type: ignore[no-untyped-def]
    problems, ids = load_econ(write_base, CLAIM)
    assert problems == []
    assert "kazakhstan.open-markets" in ids
    base = load_base([write_base(files={ECON: CLAIM})])
    fact = base.fact("kazakhstan.open-markets")
    assert fact is not None and fact.value is None
    assert (fact.kind, fact.shows_value) == ("claim", False)


def test_a_measurement_needs_its_value(write_base) -> None:  # type: ignore[no-untyped-def]
    text = ECONOMY.replace("    value: 4.8\n", "")
    problems, ids = load_econ(write_base, text)
    # reported where the metric is: line 6, column 13
    assert problems == [f"{ECON}:6:13: a fact with a metric needs a value"]
    assert "kazakhstan.gdp-growth-2024" not in ids


@pytest.mark.parametrize(
    ("line", "where"), [("    unit: '%'\n", "6:11"), ("    qualifier: estimate\n", "6:16")]
)
def test_a_claim_has_no_unit_or_qualifier_without_a_value(  # type: ignore[no-untyped-def]
    write_base, line: str, where: str
) -> None:
    text = CLAIM.replace("    as_of:", line + "    as_of:")
    problems, _ = load_econ(write_base, text)
    key = line.split(":")[0].strip()
    assert problems == [f"{ECON}:{where}: {key} describes a value, and the fact has none"]


def test_json_gives_a_claim_value_null(write_base) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli import run

    result = run(
        write_base(files={ECON: CLAIM}),
        "facts",
        "--json",
        "--topic",
        "economy",
        "--country",
        "kazakhstan",
    )
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert [(r["id"], r["value"], r["metric"]) for r in out] == [
        ("kazakhstan.open-markets", None, None)
    ]


def test_shipped_claims_name_only_names() -> None:
    """A shipped claim's value, where it has one, is a name printed in its cited paragraph."""
    if not SOURCES.is_dir():
        pytest.skip(f"no source material at {SOURCES}")
    base = load_base([bundled_facts_dir()])
    docs = Documents([SOURCES])
    named = [f for f in base.facts if f.metric is None and f.value is not None]
    assert all(isinstance(f.value, str) for f in named), [f.id for f in named]
    missing = [
        f.id
        for f in named
        if PRINTED.get(f.id, str(f.value)).lower()
        not in docs.evidence(base.sources[f.source], f.locator).text.lower()
    ]
    assert missing == []
    assert len(named) == 37
    # The issue's examples of fragments shown as values; a metric's own readings ("to a
    # greater extent" on seeks_diversified_foreign_engagement) are measurements, kept.
    fragments = {"ongoing", "quadrupled", "investors deterred", "China and Russia", "no", 3}
    claims = [f for f in base.facts if f.metric is None]
    assert not [f.id for f in claims if f.value in fragments or isinstance(f.value, bool)]
    assert base.problems == ()
