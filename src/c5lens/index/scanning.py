"""What is on disk now: each fact file's signature, and which files are racy (D78).

A signature is size, modification time, change time and inode: `touch -d`, `cp -p` and `tar -x`
can set a modification time back, never a change time. A file whose modification time is not
older than the scan by RACY_NS may still change within the same timestamp tick without its
signature changing; it is stored as racy with a hash of its content, and on each later run
its content is hashed again and decides, as git does for entries not older than its index.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from c5lens.base.model import Problem

Entry = tuple[int, str, str, str]  # dir, path, fkey, rel
RACY = "racy:"
# Two seconds cover file systems that keep whole seconds (and FAT's two).
RACY_NS = 2_000_000_000


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of data, in hex, without importing hashlib where CPython can help it."""
    # hashlib loads OpenSSL (3 ms of every run); CPython's own SHA-256 gives the same digest.
    if sys.version_info >= (3, 12):
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]
        except ImportError:  # pragma: no cover - another Python
            from hashlib import sha256
    else:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:  # pragma: no cover - another Python
            from hashlib import sha256  # type: ignore[no-redef,assignment,unused-ignore]
    return str(sha256(data).hexdigest())


def file_hash(path: str) -> str | None:
    """The hash of a regular file's content; None for anything else (a pipe is never read)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return sha256_hex(f.read())
    except OSError:
        return None
    finally:
        os.close(fd)


def signature(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def signature_size(sig: str) -> int:
    """A file's size, as its signature gives it (0 if the signature gives none)."""
    size = sig.split(":", 1)[0]
    return int(size) if size.isdigit() else 0


def _racy_mtime(mtime_ns: int, since_ns: int) -> bool:
    return mtime_ns >= since_ns - RACY_NS


def is_racy(sig: str, since_ns: int) -> bool:
    """Whether a file of that signature may change unseen after a scan at since_ns."""
    parts = sig.split(":")
    return len(parts) != 4 or not parts[1].isdigit() or _racy_mtime(int(parts[1]), since_ns)


class Scan:
    """What is on disk now: file signatures, listing problems, registry signature."""

    def __init__(self) -> None:
        self.file_sigs: dict[str, str] = {}
        self.listing: dict[int, list[Problem]] = {}
        self.registry_sig = ""
        self.time_ns = time.time_ns()
        # The content hash of each racy file, taken before it is parsed.
        self.hashes: dict[str, str | None] = {}
        # Each file's directory and path, in listing order; the newest modification time seen
        # and whether a file vanished, so that a warm run knows without parsing signatures
        # whether any file is racy.
        self._listed: list[tuple[int, str]] = []
        self._newest_ns = 0
        self._vanished = False
        self._files: list[Entry] | None = None

    @property
    def files(self) -> list[Entry]:
        """Each file as (directory, path, key, relative path), in listing order; made only when
        a file is to be read (a warm run needs none of it)."""
        if self._files is None:
            sep, files = os.sep, []
            for i, path in self._listed:
                # The path is os.path.join(root, subject, name): its last two separators are sep.
                _, subject, name = path.rsplit(sep, 2)
                files.append((i, path, f"{subject}\x00{name}", f"{subject}/{name}"))
            self._files = files
        return self._files

    def stored_sig(self, path: str) -> tuple[str, str | None]:
        """The signature to store for a file just parsed, and its hash if it is racy: stored
        only when the content hashed before parsing is the content after (else it is read
        again next run)."""
        sig = self.file_sigs[path]
        if path not in self.hashes:
            return sig, None
        before = self.hashes[path]
        return RACY + sig, before if before is not None and before == file_hash(path) else None

    def digest(self) -> str | None:
        """One hash of every file's path and signature, the order of the listing kept; None
        when a file is racy (its content, not its signature, must decide)."""
        if self._vanished or _racy_mtime(self._newest_ns, self.time_ns):
            return None
        text = "\n".join(map("\x00".join, self.file_sigs.items()))
        return sha256_hex(text.encode("utf-8", "surrogateescape"))

    def changed(self, stored: dict[str, tuple[str, str | None]]) -> tuple[list[str], list[str]]:
        """The files to read again, and the racy files whose content is as stored (their
        signature is to be updated)."""
        again, confirmed = [], []
        for path, sig in self.file_sigs.items():
            old = stored.get(path)
            if old is None:
                again.append(path)
            elif old[0] == sig:
                continue
            elif old[0] == RACY + sig and old[1] is not None and file_hash(path) == old[1]:
                if not is_racy(sig, self.time_ns):
                    confirmed.append(path)
            else:
                again.append(path)
        return again, confirmed


def scan(dirs: Sequence[Path]) -> Scan:
    from c5lens.base.files import REGISTRIES, Collector, fact_files

    out_scan = Scan()
    reg_parts = []
    for i, root in enumerate(dirs):
        for kind in REGISTRIES:
            p = root / f"{kind}.yaml"
            # The content decides for the registries: they are small, and a racy edit of one
            # would otherwise go unseen until the next rebuild.
            reg_parts.append(f"{p}={file_hash(str(p)) or '-'}")
        out = Collector()
        sigs, listed = out_scan.file_sigs, out_scan._listed
        newest = out_scan._newest_ns
        for entry in fact_files(root, out):
            try:
                st = entry.stat()
            except OSError:
                # Vanished since the listing: read it again, and let the loader say so.
                sigs[entry.path] = "-"
                out_scan._vanished = True
            else:
                sigs[entry.path] = signature(st)
                if st.st_mtime_ns > newest:
                    newest = st.st_mtime_ns
            listed.append((i, entry.path))
        out_scan._newest_ns = newest
        out_scan.listing[i] = list(out.problems)
    out_scan.registry_sig = sha256_hex("\n".join(reg_parts).encode("utf-8", "surrogateescape"))
    return out_scan


def hash_racy(found: Scan, paths: Sequence[str]) -> None:
    """Hash, before they are parsed, those of paths that are racy."""
    for path in paths:
        if is_racy(found.file_sigs[path], found.time_ns):
            found.hashes[path] = file_hash(path)
