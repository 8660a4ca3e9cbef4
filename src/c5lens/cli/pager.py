"""Table output taller than the terminal goes through a pager, as git's does (D99)."""

from __future__ import annotations

import contextlib
import shlex
import subprocess

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

DEFAULT_PAGER = "less -FRX"


def pager_argv(value: str) -> list[str]:
    """The pager's argv from its setting; empty for none (set empty, or to `cat`)."""
    try:
        argv = shlex.split(value)
    except ValueError:
        return []  # an unbalanced quote: no pager rather than a broken one
    return [] if not argv or argv == ["cat"] else argv


def page(text: str, argv: list[str], stdout: IO[str] | None) -> bool:
    """Write text through the pager; False when it cannot be started (then write it yourself)."""
    target = None
    with contextlib.suppress(AttributeError, OSError, ValueError):
        target = stdout.fileno() if stdout is not None else None
    if stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            stdout.flush()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=target)
    except OSError:
        return False
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError, OSError):  # the reader quit early: that is fine
        proc.stdin.write(text.encode("utf-8"))
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.close()
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs, as in git
            continue
