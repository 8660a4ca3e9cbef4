"""The files of a facts directory: which are registries, which are fact files, what is amiss.

Listing needs no YAML, so this module stays cheap to import: the index checks a directory's
files on every call and parses nothing unless something changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from c5lens.base.model import Problem

REGISTRIES = ("subjects", "topics", "sources", "metrics")


class Collector:
    """Problems found so far, each at a path and a 1-based (line, col)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def at(self, path: str, pos: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(path, pos[0], pos[1], message))

    def reporter(self, path: str):
        return lambda pos, message: self.at(path, pos, message)


def fact_files(root: Path, out: Collector) -> list[os.DirEntry[str]]:
    """The `<subject>/<topic>.yaml` files under root, sorted; reports what does not belong.

    Directory entries rather than paths: the index stats every file on every call, and an entry
    is cheaper to make and to stat than a Path.
    """
    found: list[os.DirEntry[str]] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except FileNotFoundError:
        out.at(str(root), (0, 0), "facts directory does not exist")
        return found
    except NotADirectoryError:
        out.at(str(root), (0, 0), "facts directory is not a directory")
        return found
    except OSError as e:
        out.at(str(root), (0, 0), f"cannot read facts directory: {e.strerror or e}")
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as e:
            out.at(entry.path, (0, 0), f"cannot read: {e.strerror or e}")
            continue
        if not is_dir:
            registry = Path(entry.name).stem in REGISTRIES
            if entry.name.endswith(".yml") and registry:  # would be silently left unread
                out.at(entry.path, (0, 0), "registry files end in .yaml, not .yml")
            elif entry.name.endswith((".yaml", ".yml")) and not registry:
                out.at(entry.path, (0, 0), "not a fact file: facts live at <subject>/<topic>.yaml")
            continue
        try:
            files = sorted(os.scandir(entry.path), key=lambda e: e.name)
        except OSError as e:
            out.at(entry.path, (0, 0), f"cannot read directory: {e.strerror or e}")
            continue
        for f in files:
            if f.name.endswith(".yml"):
                out.at(f.path, (0, 0), "fact files end in .yaml, not .yml")
            elif f.name.endswith(".yaml") and not f.name.startswith("."):
                found.append(f)
    return found
