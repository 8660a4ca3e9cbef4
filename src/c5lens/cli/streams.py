"""The process's standard streams at the edges of a run: closed at start, failing at the end (D81).

A descriptor 0-2 closed when c5lens starts is given /dev/null, so that no file c5lens opens
later takes its number and receives output meant for the stream (Python has already set the
stream itself to None, which the writer reports). At the end, stdout and stderr are flushed
here, where a failure can still be one line and a documented code, not the interpreter's
"Exception ignored" and exit 120.
"""

from __future__ import annotations

import contextlib
import os
import sys

from c5lens.cli.exitcodes import ExitCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def claim_closed_fds() -> None:
    """Point each of the descriptors 0, 1 and 2 that is closed at /dev/null."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                got = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if got != fd:  # a lower one was free after all: leave the numbers as they were
                os.dup2(got, fd)
                os.close(got)


def silence(stream: Any) -> None:
    """Send what is left of `stream`'s buffer, and all later writes, to /dev/null."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def finish(code: int) -> int:
    """Flush stdout and stderr; the run's exit code, ERROR if stdout could not be written."""
    out = sys.stdout
    if out is not None:
        try:
            out.flush()
        except (OSError, ValueError) as e:
            silence(out)
            strerror = getattr(e, "strerror", None) or str(e)
            error_line(f"c5lens: error: cannot write standard output: {strerror}")
            # Output that did not arrive is not a success, a not-found or a warning.
            if code in (ExitCode.OK, ExitCode.NOT_FOUND, ExitCode.INVALID_DATA):
                code = ExitCode.ERROR
    _err_flush()
    return code


def error_line(line: str) -> None:
    """One line on stderr, if stderr takes it."""
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(line + "\n")
        err.flush()
    except (OSError, ValueError):
        silence(err)


def _err_flush() -> None:
    err = sys.stderr
    if err is None:
        return
    try:
        err.flush()
    except (OSError, ValueError):
        silence(err)
