"""render.wide: compare's long records as one row per metric and one column per subject."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_cli import write_fixture_base

from c5lens.cli.environment import Environment
from c5lens.cli.fast import run
from c5lens.render.formats import render
from c5lens.render.wide import wide_compare


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_base(tmp_path_factory.mktemp("fixture") / "facts")


def compare(base: Path, *names: str) -> list[dict]:
    out = io.StringIO()
    env = Environment(out, io.StringIO(), {"C5LENS_NO_BUNDLED": "1"}, stdout_isatty=False)
    assert run(["compare", *names, "--json", "--facts-dir", str(base)], env) == 0
    return json.loads(out.getvalue())


def test_compare_as_a_wide_csv(base: Path) -> None:
    assert render(wide_compare(compare(base)), "csv") == (
        "metric,unit,arland,borduria\n"
        "freedom_score,points,40,40\n"
        "growth_rate,%,5.1; 4.5,\n"  # two sources disagree for arland; borduria has none
    )
    wide = wide_compare(compare(base, "arland", "borduria", "syldavia", "steppe"))
    assert wide == [
        {"metric": "freedom_score", "unit": "points", "arland": 40, "borduria": 40,
         "syldavia": 75, "steppe": None},
        {"metric": "growth_rate", "unit": "%", "arland": [5.1, 4.5], "borduria": None,
         "syldavia": None, "steppe": None},
        {"metric": "mine_sites", "unit": "sites", "arland": None, "borduria": None,
         "syldavia": None, "steppe": 300},
    ]  # fmt: skip
    assert render(wide, "tsv").splitlines()[0] == "metric\tunit\tarland\tborduria\tsyldavia\tsteppe"


def _cell(metric: str, subject: str, value: object, unit: str | None) -> dict:
    return {"metric": metric, "subject": subject, "value": value, "unit": unit, "qualifier": None,
            "scale": None, "as_of": None if value is None else "2025", "source": None,
            "fact": None, "differs": [], "disagreement": False}  # fmt: skip


def test_mixed_units_go_into_the_cells() -> None:
    records = [
        _cell("gdp", "a", 12, "billion USD"),
        _cell("gdp", "b", 900, "million USD"),
        _cell("gdp", "c", None, None),
        _cell("flag", "a", True, None),
        _cell("flag", "b", False, None),
        _cell("flag", "c", None, None),
    ]
    assert wide_compare(records) == [
        {"metric": "gdp", "unit": None, "a": "12 billion USD", "b": "900 million USD", "c": None},
        {"metric": "flag", "unit": None, "a": True, "b": False, "c": None},
    ]
    assert render(wide_compare(records), "csv").splitlines()[2] == "flag,,true,false,"


def test_no_records_no_rows_and_a_clashing_subject_is_refused() -> None:
    assert wide_compare([]) == []
    with pytest.raises(ValueError, match="'unit'"):
        wide_compare([_cell("gdp", "unit", 1, None)])
