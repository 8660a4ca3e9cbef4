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


def c5(base: Path, *args: str, cache: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    variables = {"C5LENS_NO_BUNDLED": "1", "C5LENS_NO_CACHE": None if cache else "1"}
    env = Environment(out, err, {k: v for k, v in variables.items() if v}, stdout_isatty=False)
    code = run([*args, "--facts-dir", str(base)], env)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (
            ["compare", "--format", "csv"],
            "metric,unit,arland,borduria\nfreedom_score,points,40,40\ngrowth_rate,%,5.1; 4.5,\n",
        ),
        (
            ["compare", "arland", "syldavia", "--metric", "freedom_score", "--format", "tsv"],
            "metric\tunit\tarland\tsyldavia\nfreedom_score\tpoints\t40\t75\n",
        ),
        (
            ["compare", "--metric", "freedom_score", "--format", "markdown"],
            "| metric | unit | arland | borduria |\n| --- | --- | --- | --- |\n"
            "| freedom_score | points | 40 | 40 |\n",
        ),
        (
            ["compare", "--format", "csv", "--fields", "metric,borduria"],
            "metric,borduria\nfreedom_score,40\ngrowth_rate,\n",
        ),
        # nothing to compare: the header row still names the columns
        (["compare", "--since", "2099", "--format", "csv"], "metric,unit,arland,borduria\n"),
        (
            ["compare", "--metric", "freedom_score", "--format", "csv", "--long"],
            "metric,subject,value,unit,qualifier,scale,as_of,source,fact,differs,disagreement\n"
            "freedom_score,arland,40,points,,0-100,2025,alpha-2025,arland.freedom-score-2025,,false\n"
            "freedom_score,borduria,40,points,,0-100,2025,alpha-2025,borduria.freedom-score-2025,,false\n",
        ),
    ],
)
def test_compare_is_wide_in_csv_tsv_and_markdown(base: Path, args: list[str], want: str) -> None:
    """compare writes the metric-by-subject table in csv, tsv and markdown; --long the records."""
    for cache in (False, True):
        assert c5(base, *args, cache=cache)[:2] == (0, want)


def test_compare_json_stays_long(base: Path) -> None:
    """--long changes nothing in JSON, which is always one record per metric and subject."""
    _, plain, _ = c5(base, "compare", "--json")
    assert c5(base, "compare", "--json", "--long") == (0, plain, "")
    assert [r["subject"] for r in json.loads(plain)][:2] == ["arland", "borduria"]


def test_compare_wide_unknown_field(base: Path) -> None:
    """--fields picks among the wide columns: a long-only one exits 2, naming the valid ones."""
    code, out, err = c5(base, "compare", "--format", "csv", "--fields", "metric,as_of")
    assert (code, out) == (2, "")
    assert "as_of" in err and "borduria" in err and err.count("\n") == 1
