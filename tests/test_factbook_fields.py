"""importers.factbook.fields: the field table against facts/metrics.yaml, and the sentence words."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from c5lens.base.model import Subject
from c5lens.importers.factbook.fields import (
    FIELDS,
    POWER_NAMES,
    TOPIC_ORDER,
    USD_AMOUNTS,
    FieldSpec,
    figure_words,
    growth_statement,
    metric_keys,
    share_metric,
    subject_name,
)
from c5lens.importers.factbook.figures import Dating, Figure

METRICS_YAML = Path(__file__).resolve().parents[1] / "facts" / "metrics.yaml"
KINDS = {"text", "figure", "latest", "series", "shares"}


@pytest.fixture(scope="module")
def metrics() -> dict[str, dict]:
    doc = yaml.safe_load(METRICS_YAML.read_text(encoding="utf-8"))
    return {m["key"]: m for m in doc["metrics"]}


def _spec_of(key: str) -> FieldSpec:
    for spec in FIELDS:
        if spec.metric == key or (spec.kind == "shares" and key.startswith(spec.metric + "_")):
            return spec
    raise AssertionError(key)


@pytest.mark.parametrize("key", metric_keys())
def test_every_metric_is_in_metrics_yaml_with_its_topic_and_unit(key: str, metrics) -> None:
    assert key in metrics, f"{key} is not in facts/metrics.yaml"
    spec = _spec_of(key)
    assert metrics[key]["topic"] == spec.topic
    if spec.kind == "text":
        assert metrics[key]["unit"] is None
    else:
        # amounts in USD million or trillion are restated in billions (figures.in_billions)
        units = {"USD billion" if u in ("USD million", "USD trillion") else u for u in spec.units}
        assert metrics[key]["unit"] in units


def test_metric_keys() -> None:
    keys = metric_keys()
    assert len(keys) == len(set(keys)) == 30
    assert keys[:3] == ["capital", "population", "area"]
    assert keys[-9:] == [
        "electricity_share_fossil_fuels",
        "electricity_share_nuclear",
        "electricity_share_solar",
        "electricity_share_wind",
        "electricity_share_hydroelectricity",
        "electricity_share_tide_and_wave",
        "electricity_share_geothermal",
        "electricity_share_biomass_and_waste",
        "military_expenditure",
    ]


def test_share_metric() -> None:
    spec = FieldSpec("electricity_share", "energy", "Energy", "X", "shares")
    assert share_metric(spec, "tide and wave") == "electricity_share_tide_and_wave"
    assert share_metric(spec, " Biomass & Waste ") == "electricity_share_biomass_waste"


@pytest.mark.parametrize("spec", FIELDS, ids=lambda s: s.metric)
def test_field_specs_are_consistent(spec: FieldSpec) -> None:
    assert spec.kind in KINDS
    assert spec.topic in TOPIC_ORDER
    names = {n for _, n, _, _ in string.Formatter().parse(spec.template) if n}
    if spec.kind == "text":
        assert spec.units == ()
        assert names <= {"s", "d", "value"}
    else:
        assert spec.units
        assert names <= {"s", "v", "d", "est", "gives", "that", "source"}
    if spec.kind == "series":
        assert spec.template == ""  # growth_statement words it
    elif spec.kind == "shares":
        assert spec.shares and "source" in names
        assert set(POWER_NAMES) <= set(spec.shares)
    else:
        assert spec.shares == ()
        assert "s" in names
        assert spec.kind == "text" or {"v", "d"} <= names
    assert set(spec.units) <= {None, "%", "sq km", "km", "years", *USD_AMOUNTS}


@pytest.mark.parametrize(
    "name,reads",
    [
        ("Kazakhstan", "Kazakhstan"),
        ("United States", "the United States"),
        ("European Union", "the European Union"),
        ("Kyrgyz Republic", "the Kyrgyz Republic"),
        ("Marshall Islands", "the Marshall Islands"),
        ("Republic of Korea", "Republic of Korea"),
    ],
)
def test_subject_name(name: str, reads: str) -> None:
    assert subject_name(Subject("x", name, "country")) == reads


@pytest.mark.parametrize(
    "fig,words",
    [
        (Figure(739.385, "USD billion", "739.385"), "$739.385 billion"),
        (Figure(-1.2, "USD billion", "-1.2"), "-$1.2 billion"),
        (Figure(35900, "USD", "35,900"), "$35,900"),
        (Figure(0.0125, "USD billion", "12.5", printed_unit="USD million"), "$12.5 million"),
        (Figure(4.8, "%", "4.8"), "4.8"),
        (Figure(20432662, None, "20,432,662"), "20,432,662"),
    ],
)
def test_figure_words(fig: Figure, words: str) -> None:
    assert figure_words(fig) == words


def test_growth_statement() -> None:
    est = Dating("2024", True)
    assert growth_statement("Kazakhstan", Figure(4.8, "%", "4.8", dating=est), " in 2024") == (
        "The World Factbook estimates that the real GDP of Kazakhstan grew by 4.8% in 2024."
    )
    assert growth_statement("Russia", Figure(-1.4, "%", "-1.4"), " in 2022") == (
        "The World Factbook reports that the real GDP of Russia shrank by 1.4% in 2022."
    )
    assert growth_statement("Japan", Figure(0, "%", "0", dating=est), " in 2024") == (
        "The World Factbook estimates that the real GDP of Japan did not grow (0%) in 2024."
    )
