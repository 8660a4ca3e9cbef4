"""SIGINT and SIGTERM end a run with 130 or 143, never a traceback (D80).

The entry point installs the handlers before it imports anything else. Until its `main()`
starts, a signal ends the process at once (there is nothing to clean up yet). While a command
runs, the first signal raises (`KeyboardInterrupt`, or `Terminated` for SIGTERM) so that
`finally` blocks and the index's rollbacks run; a second one, or any once the run is ending,
ends the process at once with its code, since unwinding a second exception inside the first
is where tracebacks come from. Only os, sys and _signal are imported: the fewer modules before
the handlers, the shorter the window in which Python's own handler prints a traceback.
"""

from __future__ import annotations

# The C module: `signal` itself builds its IntEnums on import, a few ms before the handlers.
import _signal as signal  # type: ignore[import-not-found, unused-ignore]
import os
import sys

INTERRUPTED = 130  # 128 + SIGINT, as shells report a process Ctrl-C ended
TERMINATED = 143  # 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """The process was sent SIGTERM: ends the run like Ctrl-C, with exit 143."""


# "waiting" until main() runs, "running" while a command runs, "raised" once a signal has been
# raised as an exception, "ending" once the exit code is known.
_state = {"phase": "waiting", "fork_hook": "", "unreported": "", "entry": ""}


def code_of(e: BaseException) -> int:
    """The exit code an interruption ends the process with."""
    return TERMINATED if isinstance(e, Terminated) else INTERRUPTED


def _quit(code: int) -> None:
    # Buffered output may be half a record; what was flushed is all the reader gets.
    if code == INTERRUPTED:
        try:  # noqa: SIM105 - contextlib is one more import before the handlers
            os.write(2, b"\n")
        except OSError:
            pass
    os._exit(code)


def _on_signal(signum: int, _frame: object) -> None:
    code = TERMINATED if signum == signal.SIGTERM else INTERRUPTED
    if _state["phase"] != "running":
        _quit(code)
    _state["phase"] = "raised"
    _state["unreported"] = str(code)
    raise Terminated() if code == TERMINATED else KeyboardInterrupt()


def _in_child() -> None:
    # A forked worker (the index's parallel parsing) leaves Ctrl-C to its parent, which ends
    # the pool; SIGTERM from the pool's own terminate() ends it silently.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def install() -> None:
    """Handle SIGINT and SIGTERM in this process: from now on a signal ends it at once."""
    _state["phase"] = "waiting"
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(signum, _on_signal)
        except (ValueError, OSError):  # not the main thread: signals are not this run's
            return
    if hasattr(os, "register_at_fork") and not _state["fork_hook"]:
        os.register_at_fork(after_in_child=_in_child)
        _state["fork_hook"] = "set"


def install_if_entry_point() -> None:
    """install(), when this process is c5lens itself (its console script or `python -m
    c5lens`), not a host such as a test runner that imported the entry point."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None) or ""
    name = os.path.basename(main_file).lower()
    if name.split(".")[0].removesuffix("-script") == "c5lens" or main_file.endswith(
        os.path.join("c5lens", "__main__.py")
    ):
        install()
        _state["entry"] = "yes"


def start() -> None:
    """A command is about to run: a first signal now raises, so that it can clean up."""
    _state["phase"] = "running"


def reported() -> None:
    """The signal raised during this run has been turned into its exit code and line."""
    _state["unreported"] = ""


def unreported() -> int | None:
    """The exit code of a signal raised during this run that no one reported, or None: Typer
    turns a KeyboardInterrupt that reaches it into a silent 130, whatever the signal."""
    code = _state["unreported"]
    _state["unreported"] = ""
    return int(code) if code else None


def exit_now(code: int) -> None:
    """End the process with `code` (its output flushed); a signal from here on ends it at
    once with its own code."""
    _state["phase"] = "ending"
    # Not sys.exit when this process is c5lens: the interpreter's shutdown puts the default
    # handlers back before it ends, and a signal in that last stretch killed the process
    # instead of giving it its code. A host that called main() gets SystemExit as usual.
    if _state["entry"]:
        os._exit(code)
    sys.exit(code)
