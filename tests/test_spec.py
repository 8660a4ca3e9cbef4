"""The command spec is the one declaration: Typer, the fast reader, handlers and docs agree."""

from __future__ import annotations

import inspect
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from c5lens.cli import argv, spec
from c5lens.cli.app import app
from c5lens.cli.environment import VARIABLES, Environment
from c5lens.cli.fast import run
from c5lens.cli.reference import commands_markdown

ROOT = Path(__file__).resolve().parents[1]
CLICK = typer.main.get_command(app)
TOP = [c for c in spec.COMMANDS if c.group is None]


def _click_command(command: spec.Command):  # type: ignore[no-untyped-def]
    group = CLICK.commands[command.group] if command.group else CLICK  # type: ignore[attr-defined]
    return group.commands[command.name]


@pytest.mark.parametrize("command", spec.COMMANDS, ids=lambda c: c.path)
def test_typer_reads_the_options_the_fast_reader_reads(command: spec.Command) -> None:
    click_command = _click_command(command)
    typer_flags = {
        flag: param.name
        for param in click_command.params
        if param.param_type_name == "option"
        for flag in (*param.opts, *param.secondary_opts)
        if flag not in ("-h", "--help")
    }
    fast_flags = {flag: p.name for flag, (p, _) in argv.flags(command).items()}
    assert typer_flags == fast_flags
    typer_arguments = [
        (p.name, p.nargs, p.required)
        for p in click_command.params
        if p.param_type_name == "argument"
    ]
    spec_arguments = [
        (p.name, -1 if p.many else 1, p.required) for p in command.params if p.argument
    ]
    assert typer_arguments == spec_arguments
    assert click_command.help == command.help_text()


@pytest.mark.parametrize("command", spec.COMMANDS, ids=lambda c: c.path)
def test_the_handler_takes_exactly_the_declared_parameters(command: spec.Command) -> None:
    params = list(inspect.signature(command.handler).parameters.values())
    assert params[0].name == "session"
    declared = {p.name: p for p in command.params}
    assert [p.name for p in params[1:]] == list(declared)
    for p in params[1:]:
        d = declared[p.name]
        if d.argument and d.required:
            assert p.default is inspect.Parameter.empty, p.name
        else:
            default = (
                Path(d.default) if d.kind == "path" and isinstance(d.default, str) else d.default
            )
            assert p.default == default, p.name


@pytest.mark.parametrize("command", spec.COMMANDS, ids=lambda c: c.path)
def test_every_command_has_a_one_line_summary_and_examples_of_itself(command: spec.Command) -> None:
    assert command.summary.endswith(".") and "\n" not in command.summary
    assert command.examples
    assert all(e.startswith(f"c5lens {command.path}") for e in command.examples)


def test_the_fast_reader_knows_every_top_level_command() -> None:
    assert set(argv.TOP_LEVEL) == {c.name for c in TOP}
    assert set(CLICK.commands) == {c.name for c in TOP} | set(spec.GROUPS)  # type: ignore[attr-defined]


def test_docs_commands_md_is_generated_from_the_spec() -> None:
    assert (ROOT / "docs" / "commands.md").read_text(encoding="utf-8") == commands_markdown(), (
        "docs/commands.md is stale: run `python -m c5lens.cli.reference > docs/commands.md`"
    )


def test_every_variable_read_is_documented() -> None:
    source = (ROOT / "src" / "c5lens" / "cli" / "environment.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:environ\.get|_flag)\("([A-Z0-9_]+)"', source))
    assert read - {"HOME"} == set(VARIABLES)


# --- in-process runs with an injected environment -------------------------------------------


def _env(**variables: str) -> tuple[Environment, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, {"C5LENS_NO_CACHE": "1", **variables}, stdout_isatty=False)
    return env, out, err


def _console_script(*args: str) -> tuple[int, str, str]:
    exe = Path(sys.executable).parent / "c5lens"
    done = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"C5LENS_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["country", "kazakhstan", "--json"],
        ["rank", "freedom_house_score"],
        ["fact", "nope"],
        ["facts", "--bogus"],
        ["search", "uranium", "--format", "csv"],
    ],
    ids=" ".join,
)
def test_a_command_runs_in_process_with_its_own_streams(args: list[str]) -> None:
    env, out, err = _env()
    code = run(args, env)
    assert (code, out.getvalue(), err.getvalue()) == _console_script(*args)


def test_an_injected_width_and_missing_stdout() -> None:
    env, out, _ = _env(COLUMNS="60")
    assert run(["topics"], env) == 0
    assert max(len(line) for line in out.getvalue().splitlines()) <= 60
    closed = Environment(None, io.StringIO(), {"C5LENS_NO_CACHE": "1"})
    assert run(["topics", "--json"], closed) == 1
    assert closed.stderr.getvalue() == "c5lens: error: standard output is closed\n"  # type: ignore[union-attr]
    assert json.loads(_console_script("topics", "--json")[1])
