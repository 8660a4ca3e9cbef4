"""Who may remove an index file, when SQLite is busy, and what else the cache directory holds.

Every process that opens an index holds a shared lock (flock) on its `.lock` file for as long
as the connection is open; removing the database (and its -wal, -shm, -journal) takes the
exclusive lock without waiting. So a file is only ever removed while no connection can hold it
(D75); where the lock cannot be had (another process, or a system without flock) the file is
left alone and the YAML answers.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; files are then never removed
    fcntl = None  # type: ignore[assignment]

SUFFIXES = ("", "-wal", "-shm", "-journal")
UNUSED_DAYS = 30
# The lock file's time is the index's last use; it is touched at most this often.
TOUCH_EVERY = 24 * 3600


def is_busy(error: BaseException) -> bool:
    """Whether an SQLite error means another connection holds a lock (never damage)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED and their extended codes
    text = str(error).lower()
    return "locked" in text or "busy" in text


class Holder:
    """The shared lock of one index, held while its connection is open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take the shared lock; False where there is no flock (the index is still usable)."""
        if fcntl is None:
            return False
        lock = lock_path(self.path)
        for _ in range(5):
            f = open(lock, "ab")  # noqa: SIM115 - held until release()
            try:
                fcntl.flock(f, fcntl.LOCK_SH)
                # The file may have been pruned between open and flock: lock the new one.
                if os.fstat(f.fileno()).st_ino == os.stat(lock).st_ino:
                    st = os.fstat(f.fileno())
                    if time.time() - st.st_mtime > TOUCH_EVERY:
                        with contextlib.suppress(OSError):
                            os.utime(f.fileno())
                    self._file = f
                    return True
            except OSError:
                pass
            f.close()
        return False

    def exclusive(self) -> bool:
        """Change the shared lock into the exclusive one, without waiting; False if another
        process holds the index."""
        if fcntl is None or self._file is None:
            return False
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def shared(self) -> None:
        """Back to the shared lock (never fails: this process held it)."""
        if fcntl is not None and self._file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._file, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the flock
            self._file = None


def empty_wal(conn: sqlite3.Connection) -> None:
    """Write what this run committed back into the index and empty the WAL, if no reader is in
    it; never waits (D111). A WAL left behind is read whole by every later run: each one opens
    the index with no other process inside it, and SQLite then rebuilds the WAL's index from
    the file (a cold build of 1,000,000 facts left 597 MB, and 250 ms on every lookup)."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.OperationalError:
        pass  # busy: another run will
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def remove_files(path: Path) -> None:
    """Remove a database and its side files; only with the exclusive lock held."""
    for suffix in SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def tidy(cache: Path, keep: Path) -> None:
    """After a build: remove temporary files of killed builds (every `*.tmp`), and the index
    files of directory lists unused for UNUSED_DAYS (their lock file's time), each only under
    its exclusive lock."""
    if fcntl is None:  # pragma: no cover
        return
    try:
        names = os.listdir(cache)
    except OSError:
        return
    now = time.time()
    for name in names:
        p = cache / name
        if name.startswith("index-") and name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.unlink(p)
        elif name.startswith("index-") and name.endswith(".sqlite.lock") and p != lock_path(keep):
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime > UNUSED_DAYS * 86400:
                    _prune(p)


def _prune(lock: Path) -> None:
    assert fcntl is not None
    with open(lock, "ab") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return
        if os.fstat(f.fileno()).st_ino != os.stat(lock).st_ino:
            return
        remove_files(lock.with_name(lock.name.removesuffix(".lock")))
        # Unlinked while locked: a process waiting on this inode sees it replaced and retries.
        os.unlink(lock)
