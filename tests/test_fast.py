"""The Typer-free entry point reads what it can exactly as Typer would, and leaves the rest."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from c5lens.cli import spec
from c5lens.cli.argv import hoist, parse

EXE = Path(sys.executable).parent / "c5lens"
TYPER = [sys.executable, "-c", "from c5lens.cli.app import main; main()"]

SAME = [
    ["country", "kazakhstan"],
    ["country", "KZ", "--json"],
    ["country", "Қазақстан", "--topic", "governance", "--full"],
    ["country", "kz", "-t", "governance", "-s", "imai-2025", "-f", "csv"],
    ["country", "nowhere"],
    ["country", "kazakhstan", "--format", "nope"],
    ["country", "kazakhstan", "--fields", "id,value", "--json"],
    ["country", "kazakhstan", "--fields", "nope", "--json"],
    ["facts", "--json"],
    ["facts", "--format", "jsonl"],
    ["facts", "--country", "japan", "--topic", "economy"],
    ["facts", "-c", "uz", "-m", "population", "--json"],
    ["facts", "--topic", "nope"],
    ["compare"],
    ["compare", "kazakhstan", "japan", "--metric", "population", "--json"],
    ["compare", "--topic", "governance", "--format", "markdown"],
    ["rank", "population"],
    ["rank", "population", "--ascending", "--json"],
    ["rank", "population", "--descending", "--format", "tsv"],
    ["rank", "nope"],
    ["search", "rare", "earth"],
    ["search", "uranium", "--json", "-n", "1"],
    ["fact", "kazakhstan.freedom-house-score-2025"],
    ["fact", "kazakhstan.freedom-house-score-2024", "--json"],
    ["validate"],
    ["validate", "--json"],
    ["validate", "no/such/dir"],
    ["timeline"],
    ["country", "kz", "--topic", "governance", "--topic", "economy", "--json"],
    ["facts", "-c", "kz,uz", "-c", "japan", "-m", "population", "--format", "csv"],
    ["--json", "facts", "--kind", "partner", "--topic", "economy"],
    ["--facts-dir", "/nonexistent", "countries"],
    ["timeline", "-c", "japan", "--since", "2025-06", "--json"],
    ["timeline", "--since", "never"],
    ["countries", "--format", "csv"],
    ["cite", "imai-2025", "--format", "bibtex"],
    ["cite", "nope"],
    ["schema"],
]


def _run(argv: list[str]) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", SAME, ids=[" ".join(a) for a in SAME])
def test_the_fast_path_prints_what_typer_prints(args: list[str]) -> None:
    assert parse(hoist(args)) is not None  # this line really takes the fast path
    assert _run([str(EXE), *args]) == _run([*TYPER, *args])


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["country"],
        ["country", "--help"],
        ["country", "kz", "-h"],
        ["country", "kz", "kg"],
        ["country", "kz", "--json=yes"],
        ["country", "kz", "--topic"],
        ["country", "kz", "--topic", "--json"],
        ["country", "kz", "--", "x"],
        ["facts", "extra"],
        ["search"],
        ["search", "x", "-n", "-1"],
        ["search", "x", "-n", "two"],
        ["rank", "x", "--ascending", "--descending"],
        ["import", "factbook"],
        ["import", "factbook", "kz.json"],
    ],
    ids=lambda a: " ".join(a) or "(nothing)",
)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert parse(args) is None


def _parsed(args: list[str]) -> tuple[str, dict[str, object]] | None:
    got = parse(args)
    return None if got is None else (got[0].path, got[1])


def test_parsed_arguments() -> None:
    assert _parsed(["facts", "-c", "kz", "--facts-dir", "a", "--facts-dir", "b", "--json"]) == (
        "facts",
        {"subject": ["kz"], "facts_dir": [Path("a"), Path("b")], "json_": True},
    )
    assert _parsed(["compare"]) == ("compare", {"names": None})
    assert _parsed(["search", "rare", "earth", "-n", "3"]) == (
        "search",
        {"query": ["rare", "earth"], "limit": 3},
    )
    assert _parsed(["rank", "x", "--descending"]) == (
        "rank",
        {"metric_key": "x", "ascending": False},
    )


# Every example of every command the fast path can read (the help's own), from the spec.
EXAMPLES = [
    shlex.split(e)[1:]
    for c in spec.COMMANDS
    for e in c.examples
    if not set("|>") & set(e) and c.group is None and c.name != "info"
]  # (info says whether the first of two runs rebuilt the index: it differs by design)


@pytest.mark.parametrize("args", EXAMPLES, ids=[" ".join(a) for a in EXAMPLES])
def test_every_help_example_takes_the_fast_path_and_prints_what_typer_prints(
    args: list[str],
) -> None:
    assert parse(args) is not None
    assert _run([str(EXE), *args]) == _run([*TYPER, *args])


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_name_and_metadata_version_without_typer(flag: str) -> None:
    from importlib.metadata import version

    import c5lens

    probe = (
        f"import sys; sys.argv = ['c5lens', {flag!r}]\n"
        "from c5lens.cli.fast import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    loaded = sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules)\n"
        "    print(e.code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == (f"c5lens {version('c5lens')}\n", "0 []\n")
    # One version: the metadata the build made from the package's own __version__.
    assert version("c5lens") == c5lens.__version__ == c5lens.version()


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_typer_app_takes_version_too(flag: str) -> None:
    done = subprocess.run([*TYPER, flag], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"c5lens {_version()}\n", "")


def _version() -> str:
    from importlib.metadata import version

    return version("c5lens")
