"""Opening the index of a list of facts directories: where it lives, and what is done when it
cannot be opened (busy: the YAML answers; damaged: it is removed, when no other process holds
it, and built again, once)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import EllipsisType

from c5lens.index import build, guard, schema
from c5lens.index.api import Progress
from c5lens.index.build import IndexUnavailable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from c5lens.index.sqlite import SqliteStore

# What opening or reading a damaged index can raise: SQLite's errors (a missing table
# included), a checksum that differs, and what unmarshalling or unpacking bytes that are not a
# row raises.
DAMAGE = (sqlite3.DatabaseError, schema.Damaged, ValueError, TypeError, KeyError, IndexError,
          EOFError, OverflowError, AttributeError)  # fmt: skip


def cache_dir() -> Path:
    """The cache directory as the environment gives it (api.cache_settings)."""
    from c5lens.index.api import cache_settings

    found, _ = cache_settings(os.environ)
    if found is None:
        raise IndexUnavailable("no cache directory: HOME is not set")
    return found


def index_path(dirs: Sequence[Path], cache: Path | None = None) -> Path:
    """The index file of dirs in the cache directory (by default, the environment's)."""
    # realpath, not Path.resolve: it raises RuntimeError for a symlink loop, which the loader
    # reports as an unreadable directory.
    key = "\n".join(os.path.realpath(d) for d in dirs)
    digest = build.sha256_hex(key.encode("utf-8", "surrogateescape"))  # any name
    return (cache_dir() if cache is None else cache) / f"index-{digest[:20]}.sqlite"


def open_index(
    dirs: Sequence[Path],
    cache_dir: Path | EllipsisType | None = ...,
    use_cache: bool | None = None,
    progress: Progress | None = None,
) -> SqliteStore:
    """The index of dirs in cache_dir, brought up to date; raises IndexUnavailable if it cannot
    be used. cache_dir `...` and use_cache None read them from os.environ."""
    from c5lens.index.api import ENV_OFF, cache_settings

    if cache_dir is ... or use_cache is None:
        env_dir, env_use = cache_settings(os.environ)
        cache_dir = env_dir if cache_dir is ... else cache_dir
        use_cache = env_use if use_cache is None else use_cache
    if not use_cache:
        raise IndexUnavailable(f"{ENV_OFF} is set")
    if cache_dir is None:
        raise IndexUnavailable("no cache directory")
    path = index_path(dirs, cache_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexUnavailable(f"cannot create {path.parent}: {e}") from None
    holder = guard.Holder(path)
    holder.acquire()
    try:
        return _open(path, dirs, holder, progress)
    except BaseException:
        holder.release()
        raise


def _open(
    path: Path, dirs: Sequence[Path], holder: guard.Holder, progress: Progress | None
) -> SqliteStore:
    for attempt in (1, 2):
        try:
            conn, found, wrote = build.open_and_refresh(path, dirs, progress)
        except DAMAGE as e:
            _damaged(path, holder, e, attempt)
            continue
        except OSError as e:
            raise IndexUnavailable(f"cannot use {path}: {e}") from None
        from c5lens.index.sqlite import SqliteStore

        try:
            store = SqliteStore(conn, found, dirs, holder, wrote)
        except DAMAGE as e:
            conn.close()
            _damaged(path, holder, e, attempt)
            continue
        if wrote:
            guard.tidy(path.parent, path)
        return store
    raise IndexUnavailable("unreachable")  # pragma: no cover


def _damaged(path: Path, holder: guard.Holder, error: BaseException, attempt: int) -> None:
    """After an error opening the index: remove it (when no other process holds it) to be
    built again from nothing, once; else raise IndexUnavailable, and the YAML answers."""
    if guard.is_busy(error):
        raise IndexUnavailable(f"index busy: {error}") from None
    if attempt == 2 or not remove(path, holder):
        raise IndexUnavailable(f"index unusable: {error}") from None


def remove(path: Path, holder: guard.Holder) -> bool:
    """Remove a damaged index, if no other process holds it (D75); whether it was removed."""
    if not holder.exclusive():
        return False
    try:
        guard.remove_files(path)
    except OSError:
        return False
    finally:
        holder.shared()
    return True
