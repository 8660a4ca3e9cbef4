"""Every `$ c5lens ...` example in the README and the guide shows the real output of that command.

README.md and docs/guide.md hold ```console blocks: a command line and what it prints at 100
columns. To rewrite them on purpose after a change to the facts or the output, run:

    C5LENS_UPDATE_README=1 python -m pytest tests/test_readme.py

The README's two opening commands (install and look a country up; install and run the tests)
come first and work from any directory of the checkout; the links of both pages lead to files.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from c5lens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
# page -> (fewest, most) examples it holds; the README keeps a handful, the guide the rest
PAGES = {"README.md": (5, 8), "docs/guide.md": (10, None)}
BLOCK = re.compile(r"```console\n\$ (c5lens [^\n]*)\n(.*?)```", re.S)
CODE = re.compile(r"```(\w*)\n(.*?)```", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
ENV = {"COLUMNS": "100", "C5LENS_FACTS_PATH": "", "C5LENS_NO_BUNDLED": "", "NO_COLOR": "1"}
TOP = 'cd "$(git rev-parse --show-toplevel)" && python3 -m venv .venv && '


def run(command: str) -> str:
    """Run an example's command line; the only pipe an example may use is `| head -n N`."""
    args = shlex.split(command)[1:]
    keep = None
    if "|" in args:
        at = args.index("|")
        assert args[at + 1 : at + 3] == ["head", "-n"], command
        args, keep = args[:at], int(args[at + 3])
    text = CliRunner().invoke(app, args, env=ENV).stdout
    return text if keep is None else "".join(text.splitlines(keepends=True)[:keep])


def read(page: str) -> str:
    return (ROOT / page).read_text(encoding="utf-8")


def examples(page: str) -> list[tuple[str, str]]:
    return BLOCK.findall(read(page))


CASES = [(page, command, shown) for page in PAGES for command, shown in examples(page)]


@pytest.mark.parametrize("page", PAGES)
def test_page_has_examples(page: str) -> None:
    fewest, most = PAGES[page]
    count = len(examples(page))
    assert count >= fewest and (most is None or count <= most), (page, count)


@pytest.mark.parametrize(
    "page,command,shown", CASES, ids=[f"{page}: {command}" for page, command, _ in CASES]
)
def test_example_is_real_output(page: str, command: str, shown: str) -> None:
    if os.environ.get("C5LENS_UPDATE_README"):
        text = read(page).replace(
            f"```console\n$ {command}\n{shown}```", f"```console\n$ {command}\n{run(command)}```"
        )
        (ROOT / page).write_text(text, encoding="utf-8")
        return
    assert run(command) == shown


def test_readme_opens_with_the_two_commands() -> None:
    """The first two code blocks: install and look a country up; install and run the tests."""
    (lang1, lookup), (lang2, tests) = CODE.findall(read("README.md"))[:2]
    assert (lang1, lang2) == ("sh", "sh")
    assert lookup == TOP + ".venv/bin/pip install . && .venv/bin/c5lens country kazakhstan\n"
    assert tests == TOP + ".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest\n"


@pytest.mark.parametrize("page", PAGES)
def test_page_links_lead_to_files(page: str) -> None:
    targets = [t.split("#")[0] for t in LINK.findall(read(page)) if "://" not in t]
    missing = [t for t in targets if t and not ((ROOT / page).parent / t).exists()]
    assert not missing, f"{page} links to files that do not exist: {missing}"


def _script_lines() -> list[str]:
    """The command lines of the README's "For scripts" section, comments dropped."""
    section = read("README.md").split("## For scripts", 1)[1].split("\n## ", 1)[0]
    lines = []
    for lang, body in CODE.findall(section):
        if lang == "sh":
            lines += [shlex.split(line, comments=True) for line in body.splitlines() if line]
    return [shlex.join(words) for words in lines]


def test_scripts_section_has_a_line_per_filter_and_export() -> None:
    from c5lens.cli import spec

    lines = _script_lines()
    used = {w for line in lines for w in shlex.split(line)}
    assert {p.flags[0] for p in spec.FILTER_PARAMS} <= used
    assert any(line.startswith("c5lens export sqlite ") for line in lines)
    assert any(line.startswith("c5lens export csv ") for line in lines)


def test_scripts_section_lines_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each c5lens line exits 0 with output (or its file); the sqlite3 query reads the export."""
    import sqlite3

    monkeypatch.chdir(tmp_path)
    for line in _script_lines():
        args = shlex.split(line)
        if args[0] == "sqlite3":
            with sqlite3.connect(args[1]) as conn:
                assert len(conn.execute(args[2]).fetchall()) == 3, line
            continue
        assert args[0] == "c5lens", line
        result = CliRunner().invoke(app, args[1:], env=ENV)
        assert result.exit_code == 0, (line, result.stderr)
        if args[1] == "export":
            assert Path(args[3]).exists(), line
        else:
            assert result.stdout.strip() and result.stdout.count("\n") >= 2, line
