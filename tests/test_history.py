"""history SUBJECT METRIC, and compare's long text lists: exact JSON, tables, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import BASE_FILES

from c5lens.cli.environment import Environment
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.fast import run

# Kazakhstan's growth over three years, and a long text list of its languages.
KAZAKHSTAN_ECONOMY_YAML = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.gdp-growth-2022
    statement: Kazakhstan's economy grew 3.2% in 2022.
    metric: gdp_growth
    value: 3.2
    unit: '%'
    as_of: '2022'
    source: src-a
    locator: Table 1
  - id: kazakhstan.gdp-growth-2023
    statement: Kazakhstan's economy grew 5.1% in 2023.
    metric: gdp_growth
    value: 5.1
    unit: '%'
    as_of: '2023'
    source: src-a
    locator: Table 1
  - id: kazakhstan.gdp-growth-2024
    statement: Kazakhstan's economy grew 4.8% in 2024.
    metric: gdp_growth
    value: 4.8
    unit: '%'
    as_of: '2024'
    source: src-b
    locator: Economy, para 2
"""
LANGUAGES = "Kazakh (official, Qazaq) 83.1%, Russian (official) 94.4%, English 22.3%"
LANGUAGES_YAML = f"""\
  - id: kazakhstan.languages
    statement: Languages of Kazakhstan.
    metric: languages
    value: {LANGUAGES}
    as_of: '2025'
    source: src-a
    locator: Table 2
"""
METRICS_YAML = (
    BASE_FILES["metrics.yaml"]
    + "  - key: languages\n    unit: null\n    topic: economy\n    description: Languages.\n"
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "facts"
    files = {
        **BASE_FILES,
        "metrics.yaml": METRICS_YAML,
        "kazakhstan/economy.yaml": KAZAKHSTAN_ECONOMY_YAML + LANGUAGES_YAML,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def c5(root: Path, *args: str, tty: bool = False, columns: int = 80) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {
        "COLUMNS": str(columns),
        "NO_COLOR": "1",
        "C5LENS_NO_BUNDLED": "1",
        "C5LENS_NO_CACHE": "1",
        "HOME": str(root.parent),
    }
    code = run([*args, "--facts-dir", str(root)], Environment(out, err, environ, stdout_isatty=tty))
    return code, out.getvalue(), err.getvalue()


def _row(year: str, value: float, source: str) -> dict[str, object]:
    return {
        "subject": "kazakhstan",
        "metric": "gdp_growth",
        "as_of": year,
        "value": value,
        "unit": "%",
        "qualifier": None,
        "scale": None,
        "source": source,
        "fact": f"kazakhstan.gdp-growth-{year}",
    }


def test_history_json_is_every_value_oldest_first(root: Path) -> None:
    code, out, err = c5(root, "history", "KZ", "gdp_growth", "--json")
    assert (code, err) == (ExitCode.OK, "")
    assert json.loads(out) == [
        _row("2022", 3.2, "src-a"),
        _row("2023", 5.1, "src-a"),
        _row("2024", 4.8, "src-b"),
    ]


def test_history_filters_narrow_the_values(root: Path) -> None:
    code, out, _ = c5(root, "history", "kazakhstan", "gdp_growth", "--since", "2023", "--json")
    assert code == ExitCode.OK
    assert [r["as_of"] for r in json.loads(out)] == ["2023", "2024"]
    code, out, _ = c5(root, "history", "kazakhstan", "gdp_growth", "--source", "src-b", "--json")
    assert [r["fact"] for r in json.loads(out)] == ["kazakhstan.gdp-growth-2024"]


def test_history_on_a_terminal_has_a_sparkline(root: Path) -> None:
    code, out, _ = c5(root, "history", "kazakhstan", "gdp_growth", tty=True)
    assert code == ExitCode.OK
    assert out.splitlines()[:2] == [
        "Kazakhstan: Gdp growth (gdp_growth)",
        "▁█▇  2022 to 2024",
    ]
    assert "2024     4.8%   src-b" in out


def test_history_in_a_pipe_has_no_glyphs(root: Path) -> None:
    code, out, _ = c5(root, "history", "kazakhstan", "gdp_growth")
    assert code == ExitCode.OK
    assert not set(out) & set("▁▂▃▄▅▆▇█")
    code, out, _ = c5(root, "history", "kazakhstan", "gdp_growth", "--format", "csv")
    assert (
        out.splitlines()[1] == "kazakhstan,gdp_growth,2022,3.2,%,,,src-a,kazakhstan.gdp-growth-2022"
    )


def test_history_with_no_values_says_so(root: Path) -> None:
    code, out, err = c5(root, "history", "china", "gdp_growth")
    assert (code, out, err) == (ExitCode.OK, "", "c5lens: no values of gdp_growth for China\n")
    code, out, err = c5(root, "history", "china", "gdp_growth", "--json")
    assert (code, out, err) == (ExitCode.OK, "[]\n", "")


@pytest.mark.parametrize(
    ("args", "exit"),
    [
        (["history", "atlantis", "gdp_growth"], ExitCode.NOT_FOUND),
        (["history", "kazakhstan", "gdp"], ExitCode.NOT_FOUND),
        (["history", "kazakhstan"], ExitCode.USAGE),
        (["history", "kazakhstan", "gdp_growth", "--since", "someday"], ExitCode.USAGE),
    ],
)
def test_history_bad_input_is_one_line_and_its_exit_code(
    root: Path, args: list[str], exit: ExitCode
) -> None:
    code, out, err = c5(root, *args)
    assert (code, out) == (exit, "")
    assert err.startswith("c5lens: error: ") and err.count("\n") == 1


def test_rank_draws_bars_on_a_terminal_only(root: Path) -> None:
    _, tty, _ = c5(root, "rank", "freedom_house_score", tty=True)
    _, pipe, _ = c5(root, "rank", "freedom_house_score")
    assert "█" in tty
    assert "█" not in pipe
    assert [line[:40].rstrip() for line in pipe.splitlines()[1:]] == [
        "#   Subject       Value   As of   Source",
        "─" * 40,
        "1   Kazakhstan   23/100   2025    src-a",
        "2   Uzbekistan   11/100   2025    src-a",
    ]


def test_compare_leaves_long_lists_out_of_the_table_but_not_the_json(root: Path) -> None:
    code, out, err = c5(root, "compare", "kazakhstan", "uzbekistan")
    assert code == ExitCode.OK
    assert "Kazakh (official" not in out
    assert err == ("c5lens: 1 long text lists left out (Languages); --all or --metric shows them\n")
    _, doc, _ = c5(root, "compare", "kazakhstan", "uzbekistan", "--json")
    assert "languages" in {r["metric"] for r in json.loads(doc)}


@pytest.mark.parametrize("asked", [["--all"], ["--metric", "languages"]])
def test_compare_shows_long_lists_stacked_when_asked(root: Path, asked: list[str]) -> None:
    code, out, err = c5(root, "compare", "kazakhstan", "uzbekistan", *asked, columns=60)
    assert (code, err) == (ExitCode.OK, "")
    block = out[out.index("Languages\n") :].splitlines()
    assert block[:4] == [
        "Languages",
        "Subject   Kazakhstan",
        "Value     Kazakh (official, Qazaq) 83.1%, Russian (official)",
        "          94.4%, English 22.3%",
    ]
