"""Read one YAML file of a facts directory: regular files only, every reason it cannot be used."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from c5lens.base.files import Collector as _Collector
from c5lens.base.yamlread import YamlDoc, YamlError, parse_yaml


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


def read_doc(path: Path, out: _Collector) -> YamlDoc | None:
    """Read and parse one YAML file, reporting why it cannot be used."""
    name = str(path)
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
        return parse_yaml(raw)
    except YamlError as e:
        for p in e.problems:
            out.at(name, (p.line, p.col), p.message)
        return None
