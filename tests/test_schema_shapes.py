"""Every command with JSON output has its shape in render/schema.json, and its real output on the
shipped base follows it: one case table, checked against the spec's command list."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from c5lens.base.paths import bundled_facts_dir
from c5lens.cli import spec
from c5lens.cli.environment import Environment
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.fast import run

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "src/c5lens/render/schema.json").read_text(encoding="utf-8"))
SOURCES = ROOT.parent / "shared" / "sources"  # documents/ and factbook/
# {docs}, {old} and {new} are filled in: the cited documents, and two copies of the shipped base
CASES: dict[str, list[list[str]]] = {
    "validate": [["validate"]],
    "facts": [["facts"], ["facts", "--involving", "japan", "--since", "2025"]],
    "country": [["country", "kz"], ["country", "central-asia", "--topic", "diplomacy"]],
    "countries": [["countries"]],
    "topics": [["topics"]],
    "metrics": [["metrics"]],
    "fact": [
        ["fact", "kazakhstan.fb-capital"],
        ["fact", "kazakhstan.freedom-house-score-2025", "--evidence", "--documents", "{docs}"],
    ],
    "compare": [["compare"], ["compare", "kz", "japan", "--long"]],
    "rank": [["rank", "freedom_house_score"], ["rank", "population", "--kind", "partner"]],
    "search": [
        ["search", "uranium"],
        ["search", '"middle corridor"'],
        ["search", "miner*", "--in", "statement,value", "-n", "3"],
        ["search", "Kirghizia"],
        ["search", "japanese", "--in", "source", "-n", "2"],
    ],
    "timeline": [["timeline", "--until", "2010"]],
    "sources": [["sources"]],
    "source": [["source", "imai-2025"]],
    "verify": [["verify", "--documents", "{docs}"]],
    "diff": [["diff", "{old}", "{new}"]],
    "conflicts": [["conflicts"]],
    "info": [["info"]],
    "history": [["history", "kazakhstan", "real_gdp_growth_rate"], ["history", "kz", "population"]],
    "index": [["index"], ["index", "--check"], ["index", "--rebuild"]],
}
OUTPUT_COMMANDS = [c.path for c in spec.COMMANDS if c.output]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The documents, and the shipped base twice, the second with one statement changed."""
    root = tmp_path_factory.mktemp("bases")
    old, new = root / "old", root / "new"
    shutil.copytree(bundled_facts_dir(), old)
    shutil.copytree(bundled_facts_dir(), new)
    path = new / "kazakhstan" / "governance.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Astana", "Astana (Nur-Sultan 2019-2022)", 1), encoding="utf-8")
    return {"{docs}": str(SOURCES), "{old}": str(old), "{new}": str(new)}


def c5(args: list[str], cache: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    variables = {"XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    return (
        run(args, Environment(out, err, variables, stdout_isatty=False)),
        out.getvalue(),
        err.getvalue(),
    )


def validator(command: str) -> jsonschema.Draft202012Validator:
    schema = {k: v for k, v in SCHEMA.items() if k != "anyOf"}
    return jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/commands/{command}"})


def test_every_command_with_json_output_has_a_shape_and_a_case() -> None:
    assert sorted(CASES) == sorted(OUTPUT_COMMANDS)
    assert sorted(SCHEMA["$defs"]["commands"]) == sorted(OUTPUT_COMMANDS)
    assert sorted(r["$ref"].rsplit("/", 1)[1] for r in SCHEMA["anyOf"]) == sorted(OUTPUT_COMMANDS)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    ("command", "args"), [(c, a) for c, cases in CASES.items() for a in cases], ids=str
)
def test_real_output_follows_its_shape(
    command: str, args: list[str], places: dict[str, str], tmp_path: Path
) -> None:
    if not SOURCES.is_dir() and "{docs}" in args:
        pytest.skip("the cited documents are not here")
    argv = [places.get(a, a) for a in args]
    code, out, err = c5([*argv, "--json"], tmp_path)
    # diff exits 0 with differences (only --exit-code makes it 1)
    assert code == ExitCode.OK, err
    data = json.loads(out)
    # no problems, and (since corrections are not disputes, D97) no disagreements: []
    assert data or command in ("validate", "verify", "conflicts")
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(command).iter_errors(data)]
    assert errors == []
    if isinstance(data, list):  # jsonl: the same records, one a line
        code, lines, _ = c5([*argv, "--format", "jsonl"], tmp_path)
        assert [json.loads(line) for line in lines.splitlines()] == data
