"""Every `$ c5lens ...` example in the README shows the real output of that command.

The README's ```console blocks hold a command line and what it prints at 100 columns. To rewrite
them on purpose after a change to the facts or the output, run:

    C5LENS_UPDATE_README=1 python -m pytest tests/test_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from c5lens.cli.app import app

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n\$ (c5lens [^\n]*)\n(.*?)```", re.S)
ENV = {"COLUMNS": "100", "C5LENS_FACTS_PATH": "", "C5LENS_NO_BUNDLED": "", "NO_COLOR": "1"}


def run(command: str) -> str:
    """Run a README command line; the only pipe an example may use is `| head -n N`."""
    args = shlex.split(command)[1:]
    keep = None
    if "|" in args:
        at = args.index("|")
        assert args[at + 1 : at + 3] == ["head", "-n"], command
        args, keep = args[:at], int(args[at + 3])
    text = CliRunner().invoke(app, args, env=ENV).stdout
    return text if keep is None else "".join(text.splitlines(keepends=True)[:keep])


def examples() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_examples() -> None:
    assert len(examples()) >= 10


@pytest.mark.parametrize("command,shown", examples(), ids=[c for c, _ in examples()])
def test_readme_example_is_real_output(command: str, shown: str) -> None:
    if os.environ.get("C5LENS_UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        text = text.replace(
            f"```console\n$ {command}\n{shown}```", f"```console\n$ {command}\n{run(command)}```"
        )
        README.write_text(text, encoding="utf-8")
        return
    assert run(command) == shown
