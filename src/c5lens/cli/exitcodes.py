"""c5lens's exit codes, in one place: the code, the `--help` line, the docs' table row.

The `--help` epilogue is built from `ExitCode`, and a test checks the table in
docs/json-output.md against `docs_table()`, so the three cannot disagree.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """How a c5lens run ended."""

    OK = 0
    ERROR = 1
    USAGE = 2
    NOT_FOUND = 3
    INVALID_DATA = 4
    INTERRUPTED = 130
    TERMINATED = 143


# code -> (the line in --help, the row in docs/json-output.md)
_TEXT: dict[ExitCode, tuple[str, str]] = {
    ExitCode.OK: ("success, including an empty result", "success, including an empty result"),
    ExitCode.ERROR: (
        "an unexpected error (a bug, or the system refused an operation)",
        "an unexpected error (a bug, or the operating system refused something: a full disk, "
        "a closed or full stdout)",
    ),
    ExitCode.USAGE: (
        "usage error: an unknown option, a bad value, a missing argument",
        "usage error: unknown option or field, bad value, missing argument",
    ),
    ExitCode.NOT_FOUND: (
        "not found: unknown country, fact, source, metric or topic",
        "not found: unknown country, fact, source, metric or topic "
        "(the message suggests close matches)",
    ),
    ExitCode.INVALID_DATA: (
        "invalid data: a fact file has problems (lookups still print the valid facts)",
        "invalid data: fact files have problems; `validate` lists them, lookups print the valid "
        "facts and warn on stderr",
    ),
    ExitCode.INTERRUPTED: ("interrupted (Ctrl-C)", "interrupted (Ctrl-C); prints only a newline"),
    ExitCode.TERMINATED: (
        "terminated (SIGTERM)",
        "terminated (SIGTERM); prints nothing, and the index is left consistent",
    ),
}


def help_text() -> str:
    """The exit-code epilogue of `c5lens --help` (`\\b` keeps click from rewrapping it)."""
    lines = ["\b", "Exit codes:"]
    lines += [f"  {int(code):<4} {_TEXT[code][0]}" for code in ExitCode]
    return "\n".join(lines)


def docs_table() -> str:
    """The Markdown table of docs/json-output.md's "Exit codes" section."""
    rows = ["| code | meaning |", "| --- | --- |"]
    rows += [f"| {int(code)} | {_TEXT[code][1]} |" for code in ExitCode]
    return "\n".join(rows) + "\n"
