"""Every listing command takes every filter: each keeps only what it says, through both stores,
and a value that cannot be one exits 2 with one line naming the option."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from c5lens.cli import spec
from c5lens.cli.environment import Environment
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.fast import run

LISTING = [c.name for c in spec.COMMANDS if c.filters]
NEEDS = {
    "country": ["kazakhstan"],
    "rank": ["population"],
    "history": ["kazakhstan", "population"],
    "search": ["population"],
}
FIVE = {"kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}


def _years(as_of: str) -> list[int]:
    return [int(y) for y in re.findall(r"\d{4}", as_of)]


def _locator(f: dict) -> bool:
    return "people and society" in f["source"]["locator"].lower()


NOT_FOUND, USAGE = ExitCode.NOT_FOUND, ExitCode.USAGE
# flag -> (a value the shipped base has, what every fact kept must satisfy, a value that cannot
# be one and its exit code: a name the registries lack is not found, a kind or date is misused)
FILTERS: dict[str, tuple[str, Any, tuple[str, ExitCode] | None]] = {
    "--country": ("kazakhstan,uz", lambda f: f["country"] in {"kazakhstan", "uzbekistan"},
                  ("atlantis", NOT_FOUND)),
    "--involving": ("japan", lambda f: f["country"] == "japan" or "japan" in f["related"],
                    ("atlantis", NOT_FOUND)),
    "--kind": ("country", lambda f: f["country"] in FIVE, ("planet", USAGE)),
    "--topic": ("economy", lambda f: f["topic"] == "economy", ("economics-x", NOT_FOUND)),
    "--source": ("world-factbook-2026", lambda f: f["source"]["id"] == "world-factbook-2026",
                 ("nope", NOT_FOUND)),
    "--metric": ("population", lambda f: f["metric"] == "population", ("populaton", NOT_FOUND)),
    "--since": ("2025", lambda f: max(_years(f["as_of"])) >= 2025, ("2025-13", USAGE)),
    "--until": ("2004", lambda f: min(_years(f["as_of"])) <= 2004, ("last-year", USAGE)),
    "--locator": ("people and society", _locator, None),  # any text is a locator's
}  # fmt: skip


class C5:
    """c5lens run in-process on the shipped base, through the index or the YAML alone."""

    def __init__(self, cache: Path | None) -> None:
        self.variables = {"XDG_CACHE_HOME": str(cache)} if cache else {"C5LENS_NO_CACHE": "1"}

    def __call__(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        env = Environment(out, err, dict(self.variables), stdout_isatty=False)
        return run(list(args), env), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module", params=["index", "yaml"])
def c5(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> C5:
    return C5(tmp_path_factory.mktemp("cache") if request.param == "index" else None)


@pytest.fixture(scope="module")
def every_fact(c5: C5) -> dict[str, dict]:
    code, out, _ = c5("facts", "--json")
    assert code == 0
    return {r["id"]: r for r in json.loads(out)}


def fact_ids(command: str, out: str) -> list[str]:
    """The facts a listing's JSON names: its records' ids, or for compare and rank their facts."""
    data = json.loads(out)
    records = data["facts"] if command == "country" else data
    key = "fact" if command in ("compare", "rank", "history") else "id"
    return [r[key] for r in records if r[key] is not None]


def test_the_table_covers_every_listing_command_and_filter() -> None:
    assert LISTING == [
        "facts", "country", "compare", "rank", "history", "search", "timeline", "conflicts",
    ]  # fmt: skip
    assert set(FILTERS) == {p.flags[0] for p in spec.FILTER_PARAMS}


@pytest.mark.parametrize("flag", list(FILTERS))
@pytest.mark.parametrize("command", LISTING)
def test_each_filter_keeps_what_it_says(
    c5: C5, every_fact: dict[str, dict], command: str, flag: str
) -> None:
    value, keeps, _ = FILTERS[flag]
    code, out, err = c5(command, *NEEDS.get(command, []), flag, value, "--json")
    assert (code, err) == (ExitCode.OK, "")
    found = fact_ids(command, out)
    if command == "conflicts":  # a group is shown whole when any of its facts passes
        groups: dict[int, list[str]] = {}
        for r in json.loads(out):
            groups.setdefault(r["group"], []).append(r["id"])
        assert all(any(keeps(every_fact[i]) for i in g) for g in groups.values()), flag
    else:
        assert all(keeps(every_fact[i]) for i in found), (command, flag)
    # and it narrows: unfiltered, the command lists at least as much (timeline: with --all,
    # since it leaves a reference work's basics out unless --source names it: D98)
    every = ["--all"] if command == "timeline" else []
    code, out, _ = c5(command, *NEEDS.get(command, []), *every, "--json")
    assert code == ExitCode.OK and set(found) <= set(fact_ids(command, out))


@pytest.mark.parametrize("flag", [f for f, (_, _, bad) in FILTERS.items() if bad])
@pytest.mark.parametrize("command", LISTING)
def test_a_bad_filter_value_is_one_error_line(c5: C5, command: str, flag: str) -> None:
    given = FILTERS[flag][2]
    assert given is not None
    bad, exit_code = given
    code, out, err = c5(command, *NEEDS.get(command, []), flag, bad, "--json")
    assert (code, out) == (exit_code, "")
    assert err.startswith("c5lens: error: ") and err.count("\n") == 1
    assert bad in err, err


@pytest.mark.parametrize("command", LISTING)
def test_a_filter_matching_nothing_is_an_empty_list(c5: C5, command: str) -> None:
    code, out, err = c5(command, *NEEDS.get(command, []), "--locator", "no such place", "--json")
    assert (code, err) == (ExitCode.OK, "")
    assert fact_ids(command, out) == []
