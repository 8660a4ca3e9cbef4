"""Checking the index whole (SQLite's quick_check and every stored checksum) and rebuilding it
on request: what `c5lens index --check` and `--rebuild` do (D76)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from c5lens.index import build, guard, schema, words
from c5lens.index.opening import DAMAGE, index_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The rows a check reads and how each is verified (the value checked, its CRC, what else the
# CRC covers, in the order the builder gave them).
_CHECKS = (
    ("meta", "SELECT value, crc, key FROM meta"),
    ("dupes", "SELECT problem, crc, fid, pos FROM dupes"),
    ("conflicts", "SELECT rid, crc, sid, gno, pos FROM conflicts"),
    ("series", "SELECT n, crc, sid, subject, metric, first FROM series"),
    ("related", "SELECT subject, crc, rid FROM related"),
    ("rows", "SELECT id_col, pcrc, id, fid, pos, line, id_line FROM rows"),
)


def check(dirs: Sequence[Path], cache: Path) -> dict[str, Any]:
    """The index's state, read and verified whole, never changed: `ok`, `damaged` (with the
    first problems found), or `missing`."""
    path = index_path(dirs, cache)
    record: dict[str, Any] = {"path": str(path), "state": "missing", "facts": None,
                              "quick_check": None, "damage": []}  # fmt: skip
    if not path.is_file():
        return record
    damage: list[str] = record["damage"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.DatabaseError as e:
        return {**record, "state": "damaged", "damage": [str(e)]}
    try:
        found = [r for (r,) in conn.execute("PRAGMA quick_check(20)")]
        record["quick_check"] = "ok" if found == ["ok"] else found[0]
        if found != ["ok"]:
            damage += found
        _verify(conn, damage)
        if not damage:
            record["facts"] = int(build.meta_value(conn, "facts") or 0)
    except DAMAGE as e:
        damage.append(f"{type(e).__name__}: {e}")
    finally:
        conn.close()
    record["state"] = "damaged" if damage else "ok"
    del damage[20:]
    return record


def _verify(conn: sqlite3.Connection, damage: list[str]) -> None:
    """Every stored checksum, every row (not only those lookups read) and the search table."""
    for table, sql in _CHECKS:
        for row in conn.execute(sql):
            try:
                schema.checked(row[0], row[1], *row[2:])
            except schema.Damaged:
                damage.append(f"{table}: a row does not match its checksum")
    for row in conn.execute(f"SELECT {schema.FILE_COLUMNS} FROM files"):
        try:
            schema.check_file(row)
        except schema.Damaged:
            damage.append("files: a row does not match its checksum")
    sql = f"SELECT {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid) WHERE r.win"
    n = 0
    for row in conn.execute(sql):
        n += 1
        try:
            schema.check_row(row)
        except (schema.Damaged, ValueError, TypeError) as e:
            damage.append(f"rows: {e}")
    if str(n) != build.meta_value(conn, "facts"):
        damage.append("rows: another number of facts than the index lists")
    if words.has_words(conn):
        try:
            words.check(conn)
        except schema.Damaged as e:
            damage.append(f"words: {e}")


def rebuild(dirs: Sequence[Path], cache: Path) -> dict[str, Any]:
    """Build the index again from the YAML, in place (readers keep the old one until it
    commits); a file too damaged for that is removed first if no other process holds it."""
    path = index_path(dirs, cache)
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = guard.Holder(path)
    holder.acquire()
    try:
        try:
            _rebuild_in_place(path, dirs)
        except DAMAGE as e:
            if guard.is_busy(e) or not _remove(path, holder):
                raise build.IndexUnavailable(f"cannot rebuild {path}: {e}") from None
            _rebuild_in_place(path, dirs)
    finally:
        holder.release()
    guard.tidy(path.parent, path)
    return check(dirs, cache)


def _remove(path: Path, holder: guard.Holder) -> bool:
    from c5lens.index.opening import remove

    return remove(path, holder)


def _rebuild_in_place(path: Path, dirs: Sequence[Path]) -> None:
    conn = build.connect(path)
    try:
        build.rebuild(conn, dirs, build.scan(dirs), None, force=True)
    finally:
        conn.close()
