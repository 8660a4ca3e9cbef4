"""info: the version, each facts directory with its facts, files and problems, the sources, the
newest date and the index, in every format; over the fixture base of test_cli.py."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from test_cli import write_fixture_base

from c5lens import version
from c5lens.cli.environment import Environment
from c5lens.cli.fast import run
from c5lens.index.sqlite import index_path

SCHEMA = json.loads((Path(__file__).parents[1] / "src/c5lens/render/schema.json").read_text())


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write_fixture_base(tmp_path / "facts")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("C5LENS_NO_CACHE", raising=False)
    return tmp_path / "cache"


def c5(*args: str, dirs: tuple[Path, ...] = ()) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    # The variables the fixtures set, passed in as a shell would pass them.
    passed = {
        k: os.environ[k] for k in ("XDG_CACHE_HOME", "C5LENS_NO_CACHE", "HOME") if k in os.environ
    }
    env = Environment(out, err, {**passed, "C5LENS_NO_BUNDLED": "1"}, stdout_isatty=False)
    more = [a for d in dirs for a in ("--facts-dir", str(d))]
    code = run([*args, *more], env)
    return code, out.getvalue(), err.getvalue()


def _valid(data: object) -> None:
    schema = {k: v for k, v in SCHEMA.items() if k != "anyOf"}
    check = jsonschema.Draft202012Validator({**schema, "$ref": "#/$defs/commands/info"})
    assert [e.message for e in check.iter_errors(data)] == []
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)) == []


def _dir(path: Path, facts: int, files: int, problems: int = 0) -> dict[str, object]:
    return {"path": str(path), "kind": "user", "facts": facts, "files": files,
            "problems": problems}  # fmt: skip


# A second directory: the same arland/economy.yaml, whose arland.growth-2025 replaces the first
# directory's and whose arland.growth-2024 is new, and a file of its own.
_GROWTH = """\
  - id: arland.growth-{year}
    statement: Arland's economy grew by {value}% in {year}.
    metric: growth_rate
    value: {value}
    unit: '%'
    as_of: '{year}'
    source: alpha-2025
    locator: Economy, para 1
"""
SECOND = {
    "arland/economy.yaml": "subject: arland\ntopic: economy\nfacts:\n"
    + _GROWTH.format(year=2025, value=4.6)
    + _GROWTH.format(year=2024, value=3.9),
    "borduria/economy.yaml": "subject: borduria\ntopic: economy\nfacts:\n"
    + _GROWTH.format(year=2025, value=2.0).replace("arland", "borduria").replace("Arland", "B"),
}

OFF = {"state": "off", "path": None, "size": None, "refreshed": None}


def test_info_json_without_the_index(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("C5LENS_NO_CACHE", "1")
    code, out, err = c5("info", "--json", dirs=(base,))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == {
        "version": version(),
        "directories": [_dir(base, 10, 7)],
        "sources": 2,
        "newest_as_of": "2026",
        "index": OFF,
    }
    assert list(data) == ["version", "directories", "sources", "newest_as_of", "index"]
    _valid(data)


def test_info_table_is_a_block_of_keys(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("C5LENS_NO_CACHE", "1")
    assert c5("info", dirs=(base,)) == (
        0,
        f"version        {version()}\n"
        f"facts          {base} (user): 10 facts in 7 files, no problems\n"
        "sources        2\n"
        "newest as_of   2026\n"
        "index          off\n",
        "",
    )


def test_the_index_is_rebuilt_then_fresh(base: Path, cache: Path) -> None:
    path = index_path([base])
    states = []
    for touch in (False, False, True, False):
        if touch:  # a changed file: the run brings the index up to date
            f = base / "arland" / "economy.yaml"
            f.write_text(f.read_text() + "\n")
        code, out, err = c5("info", "--json", dirs=(base,))
        assert (code, err) == (0, "")
        data = json.loads(out)
        _valid(data)
        index = data["index"]
        st = path.stat()
        assert index == {"state": index["state"], "path": str(path), "size": st.st_size,
                         "refreshed": index["refreshed"]}  # fmt: skip
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", index["refreshed"])
        # The last write, to the file or its WAL; the file's own time moves when the WAL is
        # written back into it as the run ends.
        written = datetime.strptime(index["refreshed"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert abs(written.timestamp() - st.st_mtime) < 3
        assert data["directories"] == [_dir(base, 10, 7)]
        states.append(index["state"])
    assert states == ["rebuilt", "fresh", "rebuilt", "fresh"]
    code, out, _ = c5("info", dirs=(base,))
    assert out.splitlines()[-1].startswith(f"index          fresh · {path} · ")


def test_problems_are_counted_where_they_are(tmp_path: Path, cache: Path) -> None:
    broken = write_fixture_base(tmp_path / "broken", broken=True)
    code, out, err = c5("info", "--json", dirs=(broken,))
    assert code == 4  # as every command over a base with problems, which it warns of
    assert err.count("c5lens: warning: ") == 2
    assert json.loads(out)["directories"] == [_dir(broken, 10, 8, problems=2)]


def test_a_later_directory_overrides_and_adds(tmp_path: Path, cache: Path) -> None:
    first = write_fixture_base(tmp_path / "first")
    # the same file in a second directory: one fact replaced (by id), one added; and a new file
    second = tmp_path / "second"
    for rel, text in SECOND.items():
        (second / rel).parent.mkdir(parents=True, exist_ok=True)
        (second / rel).write_text(text, encoding="utf-8")
    code, out, err = c5("info", "--json", dirs=(first, second))
    assert (code, err) == (0, "")
    data = json.loads(out)
    # first: 10 facts, less arland.growth-2025 (replaced); second: it, growth-2024, borduria's
    assert data["directories"] == [_dir(first, 9, 7), _dir(second, 3, 2)]
    assert sum(d["facts"] for d in data["directories"]) == 12


@pytest.mark.parametrize(
    ("fmt", "first_line"),
    [
        ("csv", "version,directories,sources,newest_as_of,index.state,index.path,index.size,"
                "index.refreshed"),
        ("yaml", f"version: {version()}"),
        ("jsonl", None),
        ("markdown", "| version | directories | sources | newest_as_of | index.state |"
                     " index.path | index.size | index.refreshed |"),
    ],
)  # fmt: skip
def test_info_in_every_format(
    base: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, first_line: str | None
) -> None:
    monkeypatch.setenv("C5LENS_NO_CACHE", "1")
    code, out, err = c5("info", "--format", fmt, dirs=(base,))
    assert (code, err) == (0, "")
    if first_line is None:
        (line,) = out.splitlines()
        _valid(json.loads(line))
    else:
        assert out.splitlines()[0] == first_line
    code, out, _ = c5("info", "--json", "--fields", "version,sources", dirs=(base,))
    assert json.loads(out) == [{"version": version(), "sources": 2}]


def test_the_bundled_directory_is_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from c5lens.base.paths import bundled_facts_dir

    monkeypatch.setenv("C5LENS_NO_CACHE", "1")
    out, err = io.StringIO(), io.StringIO()
    assert run(["info", "--json"], Environment(out, err, {}, stdout_isatty=False)) == 0
    (bundled,) = json.loads(out.getvalue())["directories"]
    assert (bundled["path"], bundled["kind"]) == (str(bundled_facts_dir()), "bundled")
    assert bundled["files"] == len(list(bundled_facts_dir().glob("*/*.yaml")))
    assert bundled["facts"] > 0 and os.path.isdir(bundled["path"])


def test_info_takes_the_fast_path() -> None:
    from c5lens.cli.argv import parse

    assert parse(["info", "--json", "--facts-dir", "x"]) is not None
