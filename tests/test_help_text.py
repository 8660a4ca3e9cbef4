"""Help for people: summaries that fit 80 columns whole, metavars instead of Python types."""

from __future__ import annotations

import re

import pytest
import typer

from c5lens.cli import spec
from c5lens.cli.app import app

CLICK = typer.main.get_command(app)
# What click puts after a command's name in a group's list at 80 columns: 78 less 6 and the
# longest name (`conflicts`); kept lower so a longer command name does not cut them either.
SUMMARY_MAX = 60


@pytest.mark.parametrize("command", spec.COMMANDS, ids=lambda c: c.path)
def test_a_summary_is_one_short_sentence(command: spec.Command) -> None:
    assert len(command.summary) <= SUMMARY_MAX
    assert command.summary.endswith(".")
    assert command.summary.count(". ") == 0


def _help(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as ended:
        CLICK.main([*args, "--help"], prog_name="c5lens", standalone_mode=True)
    assert ended.value.code == 0
    return str(capsys.readouterr().out)


@pytest.mark.parametrize("group", [[], *([g] for g in spec.GROUPS)], ids=str)
def test_command_lists_cut_no_summary_at_80_columns(
    group: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    text = _help(group, monkeypatch, capsys)
    listed = text.split("Commands:\n", 1)[1].splitlines()
    rows = [line.split(None, 1) for line in listed if line.startswith("  ") and line.strip()]
    assert rows
    summaries = {c.name: c.summary for c in spec.COMMANDS if c.group == (group or [None])[0]}
    for name, summary in rows:
        if name in summaries:  # a group's own summary is its help's first line
            assert summary.strip() == summaries[name]
    assert not any(line.rstrip().endswith("...") for line in listed)


@pytest.mark.parametrize("command", spec.COMMANDS, ids=lambda c: c.path)
def test_help_shows_metavars_never_python_types(
    command: spec.Command, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    text = _help(command.path.split(), monkeypatch, capsys)
    assert not re.search(r"<(list\[|str>|int|Path>|path>|float)", text)
    assert not re.search(r"\b(INTEGER|RANGE)\b", text)
    for p in command.params:
        if p.argument:
            assert re.search(rf"^  {p.metavar}\s{{2}}", text, re.M), p.metavar
