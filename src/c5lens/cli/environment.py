"""What c5lens reads from the process it runs in, read once: streams, terminal, variables.

Commands and the writer are given an `Environment` and never look at `sys` or `os.environ`
themselves, so a test can run a command in-process with its own streams and variables.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

# Every variable c5lens reads, for docs/commands.md (a test holds the properties below to it).
VARIABLES = {
    "C5LENS_FACTS_PATH": "More facts directories, separated like PATH; loaded after the bundled "
    "facts and before `--facts-dir`.",
    "C5LENS_NO_BUNDLED": "`1`: load only the directories named, not the bundled facts.",
    "C5LENS_NO_CACHE": "`1`: read the YAML every time; never use or write the index.",
    "C5LENS_DOCUMENTS_PATH": "Where the cited source documents are, for checks against them.",
    "XDG_CACHE_HOME": "Where the index is kept (`$XDG_CACHE_HOME/c5lens`, default "
    "`~/.cache/c5lens`); a relative path is ignored.",
    "NO_COLOR": "Any value: never colour the output (as `--no-color`).",
    "TERM": "`dumb`: never colour the output.",
    "COLUMNS": "The width tables are drawn at, on a terminal or in a pipe; a value that is not a "
    "whole number of at least 20 is ignored.",
    "LINES": "The terminal's height, for whether table output needs the pager.",
    "C5LENS_PAGER": "The pager for table output taller than the terminal (before `PAGER`); "
    "empty or `cat`: none.",
    "PAGER": "The pager, where C5LENS_PAGER is not set (default `less -FRX`).",
}

# Below this many columns no table column can hold a value: such a COLUMNS is ignored (D84).
MIN_COLUMNS = 20


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Environment:
    """Streams, whether they are terminals, and the environment variables c5lens reads."""

    def __init__(
        self,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        environ: Mapping[str, str] | None = None,
        *,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
    ) -> None:
        self.stdout: IO[str] | None = stdout
        self.stderr: IO[str] | None = stderr
        self.environ: Mapping[str, str] = dict(environ if environ is not None else {})
        self.stdout_isatty = _isatty(stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(stderr) if stderr_isatty is None else stderr_isatty

    @classmethod
    def from_process(cls) -> Environment:
        """This process's streams (made UTF-8) and variables, as they are now (CliRunner swaps
        both)."""
        # Data is UTF-8 whatever the locale says: a C or Latin-1 locale must not break Қазақстан.
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                with contextlib.suppress(ValueError, OSError):
                    stream.reconfigure(encoding="utf-8", errors="replace")
        return cls(sys.stdout, sys.stderr, os.environ)

    def _flag(self, name: str) -> bool:
        return self.environ.get(name, "") not in ("", "0")

    @property
    def columns(self) -> int | None:
        """The width COLUMNS asks for, or None when it is unset, not a whole number or below
        MIN_COLUMNS (D84)."""
        text = self.environ.get("COLUMNS", "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 6:
            return None
        return int(text) if int(text) >= MIN_COLUMNS else None

    @property
    def columns_set(self) -> bool:
        """Whether COLUMNS sets a width c5lens uses (an unusable value is as if unset)."""
        return self.columns is not None

    @property
    def no_color(self) -> bool:
        """NO_COLOR (any value) or a dumb terminal: no colour whatever the options say."""
        return bool(self.environ.get("NO_COLOR")) or self.environ.get("TERM") == "dumb"

    @property
    def width(self) -> int | None:
        """The width tables are drawn at: COLUMNS, else stdout's terminal's; None unknown."""
        if self.columns is not None:
            return self.columns
        with contextlib.suppress(AttributeError, OSError, ValueError):
            return os.get_terminal_size(self.stdout.fileno()).columns  # type: ignore[union-attr]
        return None

    @property
    def lines(self) -> int | None:
        """The terminal's height: LINES, else the size of stdout's terminal; None unknown."""
        text = self.environ.get("LINES", "").strip()
        if text.isascii() and text.isdigit() and int(text) > 0:
            return int(text)
        with contextlib.suppress(AttributeError, OSError, ValueError):
            return os.get_terminal_size(self.stdout.fileno()).lines  # type: ignore[union-attr]
        return None

    @property
    def pager(self) -> list[str]:
        """The pager's command line (C5LENS_PAGER, PAGER, `less -FRX`); empty for none."""
        from c5lens.cli.pager import DEFAULT_PAGER, pager_argv

        value = self.environ.get("C5LENS_PAGER")
        if value is None:
            value = self.environ.get("PAGER", DEFAULT_PAGER)
        return pager_argv(value)

    @property
    def facts_path(self) -> str | None:
        """C5LENS_FACTS_PATH: more facts directories, separated like PATH."""
        return self.environ.get("C5LENS_FACTS_PATH")

    @property
    def bundled(self) -> bool:
        """Whether the bundled facts load (C5LENS_NO_BUNDLED=1 loads only those named)."""
        return not self._flag("C5LENS_NO_BUNDLED")

    @property
    def use_cache(self) -> bool:
        """Whether the SQLite index may be used (C5LENS_NO_CACHE=1 reads the YAML every time)."""
        return not self._flag("C5LENS_NO_CACHE")

    @property
    def cache_home(self) -> Path:
        """$XDG_CACHE_HOME, or ~/.cache; a relative value is ignored, as the XDG spec says."""
        value = self.environ.get("XDG_CACHE_HOME", "")
        if value and os.path.isabs(value):
            return Path(value)
        home = self.environ.get("HOME") or os.path.expanduser("~")
        return Path(home) / ".cache"

    @property
    def documents_path(self) -> str | None:
        """C5LENS_DOCUMENTS_PATH: where the cited documents are, for checks against them."""
        return self.environ.get("C5LENS_DOCUMENTS_PATH")

    @property
    def completing(self) -> bool:
        """Whether the shell is asking for completions (Typer's own protocol answers it)."""
        return any(k.startswith("_C5LENS_COMPLETE") for k in self.environ)


def argv_as_utf8(args: list[str]) -> list[str]:
    """Re-read arguments a non-UTF-8 locale decoded wrongly, as the UTF-8 they almost always are."""
    enc = sys.getfilesystemencoding()
    if enc.lower().replace("-", "") == "utf8":
        return args
    fixed = []
    for a in args:
        try:
            fixed.append(a.encode(enc, "surrogateescape").decode("utf-8"))
        except UnicodeError:
            fixed.append(a)
    return fixed
