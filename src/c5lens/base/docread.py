"""Read one YAML file of a facts directory: regular files only, every reason it cannot be used."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from c5lens.base.files import Collector as _Collector
from c5lens.base.yamlread import YamlDoc, YamlError, decode, parse_text


class _NotRegular(Exception):
    pass


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. A named pipe would wait for a writer forever and a device
    such as /dev/zero never ends: both are refused before a byte is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with open(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            raise _NotRegular
        return f.read()


OUTSIDE = "refused: a symbolic link to a place outside its facts directory"


def outside(path: Path, root: Path) -> bool:
    """Whether `path`, its links followed, lies outside the facts directory `root` (itself
    resolved, so that a facts directory that is a link is still its own inside)."""
    try:
        real, top = os.path.realpath(path), os.path.realpath(root)
        return os.path.commonpath([real, top]) != top
    except (OSError, ValueError):  # another drive, a loop: not provably inside
        return True


def read_doc(path: Path, out: _Collector, root: Path | None = None) -> YamlDoc | None:
    """Read and parse one YAML file, reporting why it cannot be used. With `root`, its facts
    directory, a file that resolves outside it is refused unread (D82)."""
    name = str(path)
    if root is not None and outside(path, root):
        out.at(name, (0, 0), OUTSIDE)
        return None
    try:
        raw = _read_bytes(path)
    except IsADirectoryError:
        out.at(name, (0, 0), "is a directory, not a file")
        return None
    except _NotRegular:
        out.at(name, (0, 0), "not a regular file")
        return None
    except OSError as e:
        out.at(name, (0, 0), f"cannot read: {e.strerror or e}")
        return None
    if not raw.strip():
        out.at(name, (1, 1), "empty file")
        return None
    try:
        text = decode(raw)
        del raw  # a large file is not held twice while it is parsed (D117)
        return parse_text(text)
    except YamlError as e:
        for p in e.problems:
            out.at(name, (p.line, p.col), p.message)
        return None
