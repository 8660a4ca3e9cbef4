"""A one-line progress bar on a terminal, for the index's long builds.

Given to `open_store(..., progress=...)`, it is called with (files done, files in all). It draws
only on a terminal and only once a build has run for a second, so a quick refresh or a pipe
never sees it; stdlib only, so that a lookup need not import Rich to pass it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

WIDTH = 30  # the bar's cells: with its label, well within an 80-column terminal
DELAY = 1.0  # seconds before the bar first shows: a build quicker than that stays silent
EVERY = 0.1  # seconds between redraws: a redraw per file would cost more than the file


class ProgressBar:
    """Draws `indexing ███░░░ 1,234/2,500 files` with `\\r` on a terminal, after DELAY."""

    def __init__(
        self,
        stream: TextIO,
        is_tty: bool,
        clock: Callable[[], float] = time.monotonic,
        label: str = "indexing",
    ) -> None:
        self.stream, self.is_tty, self.clock, self.label = stream, is_tty, clock, label
        self.started: float | None = None
        self.drawn_at: float | None = None  # when the bar was last drawn; None: not on screen
        self.width = 0  # characters of the line drawn, to clear it

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        if not self.is_tty or now - self.started < DELAY:
            return
        if done >= total:
            self.clear()
            return
        if self.drawn_at is not None and now - self.drawn_at < EVERY:
            return
        self.drawn_at = now
        filled = WIDTH * done // total if total > 0 else 0
        line = f"{self.label} {'█' * filled}{'░' * (WIDTH - filled)} {done:,}/{total:,} files"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def clear(self) -> None:
        """Blank the bar's line, if it was drawn, and leave the cursor at its start."""
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.drawn_at, self.width = None, 0
