"""Where an export goes: checked before any work, written beside, then moved into place.

Nothing is overwritten unless asked (`force`), and a failed export leaves nothing behind: each
file is written to a temporary file in its own directory, which is renamed over the target
only once it is complete (a rename within a directory is atomic).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path


class ExportRefused(ValueError):
    """The target cannot be used as it is: no such directory, or a file already there."""


def check_file(path: Path, force: bool) -> None:
    """An export may write the file `path`."""
    parent = path.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "does not exist"
        raise ExportRefused(f"{parent} {what}")
    if path.is_dir():
        raise ExportRefused(f"{path} is a directory")
    if path.exists() and not force:
        raise ExportRefused(f"{path} exists (--force overwrites it)")


def check_dir(path: Path, names: Sequence[str], force: bool) -> None:
    """An export may write the files `names` into the directory `path` (made if missing)."""
    if path.exists() and not path.is_dir():
        raise ExportRefused(f"{path} is not a directory")
    if not path.is_dir():
        parent = path.parent
        if not parent.is_dir():
            what = "is not a directory" if parent.exists() else "does not exist"
            raise ExportRefused(f"{parent} {what}")
        return  # made by the export: nothing in it yet
    for name in names:
        check_file(path / name, force)


def temporary_beside(path: Path) -> Path:
    """A new, empty temporary file in the directory of `path`, hidden, named after it, with
    the permissions the umask gives a new file (mkstemp's are private to the owner)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {path}")  # pragma: no cover


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def place(tmp: Path, path: Path, force: bool) -> None:
    """Move the complete `tmp` to `path`. Without `force`, never over a file that appeared
    meanwhile: a hard link fails where the name is taken, where a rename would not."""
    _sync(tmp)
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise ExportRefused(f"{path} exists (--force overwrites it)") from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise ExportRefused(f"{path} exists (--force overwrites it)") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


@contextlib.contextmanager
def removed_on_failure(paths: list[Path]) -> Iterator[list[Path]]:
    """The temporary files added to `paths` are deleted if the block does not end normally
    (an error, Ctrl-C)."""
    try:
        yield paths
    except BaseException:
        for p in paths:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
