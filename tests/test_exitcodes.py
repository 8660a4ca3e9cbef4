"""The exit codes are declared once (ExitCode); the help text and the docs follow it."""

from pathlib import Path

from typer.testing import CliRunner

from c5lens.cli.app import app
from c5lens.cli.exitcodes import ExitCode, docs_table, help_text

DOCS = Path(__file__).parents[1] / "docs" / "json-output.md"


def test_codes():
    assert [(c.name, int(c)) for c in ExitCode] == [
        ("OK", 0), ("ERROR", 1), ("USAGE", 2), ("NOT_FOUND", 3), ("INVALID_DATA", 4),
        ("INTERRUPTED", 130), ("TERMINATED", 143),
    ]  # fmt: skip


def test_docs_table_matches_exit_codes():
    text = DOCS.read_text(encoding="utf-8")
    assert docs_table() in text, (
        "the exit-code table in docs/json-output.md differs from c5lens.cli.exitcodes; "
        "paste the output of `python -c 'from c5lens.cli.exitcodes import docs_table; "
        "print(docs_table())'` into it"
    )


def test_help_lists_every_exit_code():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for line in help_text().splitlines()[1:]:
        assert line.strip() in result.stdout


def test_signal_codes_are_what_shells_report():
    """128 + the signal's number, as a shell shows a process that signal ended (D80)."""
    import signal

    from c5lens.cli import interrupts

    assert ExitCode.INTERRUPTED == interrupts.INTERRUPTED == 128 + signal.SIGINT
    assert ExitCode.TERMINATED == interrupts.TERMINATED == 128 + signal.SIGTERM
