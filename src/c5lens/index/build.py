"""Building the index and keeping it up to date: what is on disk, what changed, and what the
loader makes of it; and, once per change, which facts disagree.

On each call only files whose signature (size, modification time, inode) changed are parsed
again; a change to a registry file (subjects, topics, sources, metrics) rebuilds everything,
since every fact is checked against them. A full rebuild is written to a temporary file and
renamed into place; a refresh is one transaction.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c5lens.base.disagree import series_conflicts
from c5lens.base.model import Problem
from c5lens.index import reading, schema, words
from c5lens.index.reading import parse_all
from c5lens.index.words import meta_value

Pair = tuple[str, str]
Entry = tuple[int, str, str, str]  # dir, path, fkey, rel
if TYPE_CHECKING:
    from c5lens.index.api import Progress


class IndexUnavailable(Exception):
    """The index cannot be used here (turned off, unwritable, corrupt); load the YAML instead."""


class _NoRoom(Exception):
    """A new file sorts between two whose orders are adjacent numbers: rebuild."""


# A fact's place in the loader's order is one integer: its file's order times POS_SPAN plus its
# place in the file. Files' orders are GAP apart after a rebuild, so that a file added later
# takes a number between its neighbours' without renumbering any row.
POS_SPAN = 1 << 24
GAP = 1 << 12


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


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


def _signature(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class Scan:
    """What is on disk now: file signatures, listing problems, registry signature."""

    def __init__(self) -> None:
        self.files: list[Entry] = []
        self.file_sigs: dict[str, str] = {}
        self.listing: dict[int, list[Problem]] = {}
        self.registry_sig = ""


def scan(dirs: Sequence[Path]) -> Scan:
    from c5lens.base.files import REGISTRIES, Collector, fact_files

    out_scan = Scan()
    reg_parts = []
    for i, root in enumerate(dirs):
        for kind in REGISTRIES:
            p = root / f"{kind}.yaml"
            try:
                reg_parts.append(f"{p}={_signature(p.stat())}")
            except OSError:
                reg_parts.append(f"{p}=-")
        out = Collector()
        for entry in fact_files(root, out):
            try:
                sig = _signature(entry.stat())
            except OSError:
                sig = "-"  # vanished since the listing: read it again, and let the loader say so
            subject = os.path.basename(os.path.dirname(entry.path))
            out_scan.files.append(
                (i, entry.path, f"{subject}\x00{entry.name}", f"{subject}/{entry.name}")
            )
            out_scan.file_sigs[entry.path] = sig
        out_scan.listing[i] = list(out.problems)
    out_scan.registry_sig = sha256_hex("\n".join(reg_parts).encode("utf-8", "surrogateescape"))
    return out_scan


def open_and_refresh(
    path: Path, dirs: Sequence[Path], progress: Progress | None = None
) -> tuple[sqlite3.Connection, Scan]:
    """A connection to the index of dirs, brought up to date; and what the scan found.
    `progress` is told of each file read (files done, files to read)."""
    found = scan(dirs)
    if path.exists():
        conn = connect(path)
        try:
            if (
                meta_value(conn, "stamp") == schema.stamp()
                and meta_value(conn, "registry_sig") == found.registry_sig
            ):
                stored = dict(conn.execute("SELECT path, sig FROM files").fetchall())
                if stored != found.file_sigs:
                    try:
                        _refresh(conn, dirs, found, progress)
                    except _NoRoom:
                        conn.close()
                        _rebuild(path, dirs, found, progress)
                        return connect(path), found
                return conn, found
        except BaseException:
            conn.close()
            raise
        conn.close()
    _rebuild(path, dirs, found, progress)
    return connect(path), found


def _file_key(entry: Entry) -> tuple[int, str]:
    return entry[0], entry[2]  # the loader reads directory by directory, then file by file


def _file_orders(files: Sequence[Entry], known: dict[str, int]) -> dict[str, int]:
    """The order number of every file: the one it had (`known`), or for a new file one
    between its neighbours'. Raises _NoRoom where there is none."""
    out: dict[str, int] = {}
    ordered = sorted(files, key=_file_key)
    last = 0
    for i, (_d, path, _k, _r) in enumerate(ordered):
        if path in known:
            last = out[path] = known[path]
            continue
        following = (known[e[1]] for e in ordered[i + 1 :] if e[1] in known)
        upper = next(following, last + 2 * GAP)
        if upper - last < 2:
            raise _NoRoom(path)
        last = out[path] = (last + upper) // 2
    return out


def _registries(dirs: Sequence[Path]) -> tuple[Any, list[Problem]]:
    from c5lens.base import loading

    out = loading._Collector()
    reg = loading._Registries()
    loading._read_registries(dirs, reg, out)
    return reg, list(out.problems)


def _rebuild(path: Path, dirs: Sequence[Path], found: Scan, progress: Progress | None) -> None:
    """Build the whole index in a temporary file, then rename it into place."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        reg, reg_problems = _registries(dirs)
        conn = connect(Path(tmp))
        # No journal and no syncs: a crash part way leaves only this temporary file, never a
        # half-built index under the real name; the rename below is what makes it visible.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: the indexes are built in memory
        conn.executescript(schema.TABLES)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("stamp", schema.stamp()),
                ("registry_sig", found.registry_sig),
                ("registries", schema.registries_json(reg)),
                ("registry_problems", schema.problems_json(reg_problems)),
            ],
        )
        total = len(found.files)
        forder = {e[1]: GAP * (i + 1) for i, e in enumerate(sorted(found.files, key=_file_key))}
        for done, (entry, parsed) in enumerate(parse_all(found, found.files, reg, False), 1):
            _store_file(conn, entry, found, parsed, forder[entry[1]])
            if progress is not None:
                progress(done, total)
        _assemble(conn, reg)
        for statement in schema.INDEXES.strip().splitlines():
            conn.execute(statement)
        _work_out_series(conn, None)
        conn.execute("COMMIT")
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _refresh(
    conn: sqlite3.Connection, dirs: Sequence[Path], found: Scan, progress: Progress | None
) -> None:
    """Parse again only the files that changed, appeared or went away; work out again only
    the series (subject and metric) their facts were and are in."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have refreshed while this one waited for the lock.
        stored = dict(conn.execute("SELECT path, sig FROM files").fetchall())
        if stored == found.file_sigs:
            conn.execute("COMMIT")
            return
        reg, _ = _registries(dirs)
        ids: set[str] = set()
        pairs: set[Pair] = set()
        fids: set[int] = set()
        for p in set(stored) - set(found.file_sigs):
            ids |= _remove_file(conn, p, reg, pairs, fids)
        changed = [e for e in found.files if stored.get(e[1]) != found.file_sigs[e[1]]]
        known = dict(conn.execute("SELECT path, forder FROM files").fetchall())
        forder = _file_orders(found.files, known)
        with_words = words.has_words(conn)
        for done, (entry, parsed) in enumerate(parse_all(found, changed, reg, with_words), 1):
            ids |= _remove_file(conn, entry[1], reg, pairs, fids)
            fid = _store_file(conn, entry, found, parsed, forder[entry[1]])
            fids.add(fid)
            ids |= {row[1] for row in parsed.rows}
            if progress is not None:
                progress(done, len(changed))
        _assemble(conn, reg, ids, fids)
        pairs |= set(
            conn.execute(
                "SELECT DISTINCT subject, metric FROM rows WHERE metric IS NOT NULL AND id IN"
                " (SELECT id FROM temp.changed)"
            ).fetchall()
        )
        _work_out_series(conn, pairs)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _remove_file(
    conn: sqlite3.Connection, path: str, reg: Any, pairs: set[Pair], fids: set[int]
) -> set[str]:
    """Forget a file's rows; the ids they had (and, into pairs, their series)."""
    row = conn.execute("SELECT fid FROM files WHERE path = ?", (path,)).fetchone()
    if row is None:
        return set()
    (fid,) = row
    fids.add(fid)
    sql = "SELECT rid, id, subject, metric FROM rows WHERE fid = ?"
    found = conn.execute(sql, (fid,)).fetchall()
    pairs |= {(s, m) for _, _, s, m in found if m is not None}
    rids = [(rid,) for rid, *_ in found]
    if words.has_words(conn):
        names = schema.Names(reg)
        # The search table keeps no text of its own: a row is taken out by giving the text
        # it was put in with, made again from the row.
        sql = f"SELECT r.rid, {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid)"
        conn.executemany(
            "INSERT INTO words(words, rowid, text) VALUES ('delete', ?, ?)",
            [
                (
                    row[0],
                    words.search_text(schema.make_fact(row[1:], names), reg.subjects, reg.sources),
                )
                for row in conn.execute(sql + " WHERE r.fid = ?", (fid,)).fetchall()
            ],
        )
    conn.executemany("DELETE FROM related WHERE rid = ?", rids)
    conn.execute("DELETE FROM rows WHERE fid = ?", (fid,))
    conn.execute("DELETE FROM files WHERE fid = ?", (fid,))
    return {id_ for _, id_, _, _ in found}


def _store_file(
    conn: sqlite3.Connection, entry: Entry, found: Scan, parsed: reading.Parsed, forder: int
) -> int:
    """Store one parsed fact file: its fid."""
    dir_i, path, fkey, rel = entry
    if len(parsed.rows) > POS_SPAN:
        raise IndexUnavailable(f"{path}: more than {POS_SPAN:,} facts in one file")
    cursor = conn.execute(
        "INSERT INTO files(path, dir, fkey, rel, sig, problems, forder)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (path, dir_i, fkey, rel, found.file_sigs[path], parsed.problems, forder),
    )
    fid = cursor.lastrowid
    assert fid is not None
    (first,) = conn.execute("SELECT COALESCE(MAX(rid), 0) + 1 FROM rows").fetchone()
    conn.executemany(
        "INSERT INTO rows(rid, fid, pos, id, line, id_line, id_col, subject, topic, metric,"
        " source, y, sk, first, last, num, data, win, ord)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        # Each row's own place as its order: the one it keeps unless its id was met earlier,
        # and a number of the same size, so that marking the winners rewrites no row longer.
        [(first + row[0], fid, *row, forder * POS_SPAN + row[0]) for row in parsed.rows],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO related VALUES (?, ?)",
        [(first + pos, s) for pos, s in parsed.related],
    )
    if parsed.words:
        conn.executemany(
            "INSERT INTO words(rowid, text) VALUES (?, ?)",
            [(first + pos, text) for pos, text in enumerate(parsed.words)],
        )
    return fid


# --- which row is each id's fact, and in what order ------------------------------------------


def _assemble(
    conn: sqlite3.Connection,
    reg: Any,
    ids: set[str] | None = None,
    fids: Iterable[int] = (),
) -> None:
    """Work out, as load_base does, which row is the base's fact for each id (the first in the
    last directory that has it), where it stands in the loader's order (where the id first
    appears), and which rows repeat an id within one directory (a problem, not loaded).

    With `ids`, only those ids are worked out again: after an edit, the ids of the rows the
    changed files (`fids`) had and have now; other facts keep what they had.
    """
    sql = (
        "SELECT r.rid, r.id, r.subject, r.topic, f.dir, f.forder, r.pos, f.path, r.line,"
        " r.id_line, r.id_col, r.fid FROM rows r JOIN files f USING (fid)"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed(id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.changed")
    if ids is None:
        conn.execute("DELETE FROM dupes")
        rows = conn.execute(sql + " ORDER BY f.forder, r.pos")
    else:
        conn.executemany("INSERT OR IGNORE INTO temp.changed VALUES (?)", [(i,) for i in ids])
        conn.execute("UPDATE rows SET win = 0 WHERE id IN (SELECT id FROM temp.changed)")
        conn.execute(
            "DELETE FROM dupes WHERE rowid IN (SELECT d.rowid FROM dupes d"
            " JOIN rows r ON r.fid = d.fid AND r.pos = d.pos WHERE r.id IN"
            " (SELECT id FROM temp.changed))"
        )
        conn.executemany("DELETE FROM dupes WHERE fid = ?", [(f,) for f in fids])
        rows = conn.execute(
            sql + " WHERE r.id IN (SELECT id FROM temp.changed) ORDER BY f.forder, r.pos"
        )
    winner: dict[str, tuple] = {}
    first_ord: dict[str, int] = {}
    first_in_dir: dict[tuple[int, str], str] = {}
    dupes = []
    for row in rows.fetchall():
        _rid, id_, _s, _t, dir_i, forder, pos, path, line, id_line, id_col, fid = row
        first = first_in_dir.get((dir_i, id_))
        if first is not None:
            message = f"duplicate fact id {id_!r} (first in {first})"
            problem = schema.problems_json([Problem(path, id_line, id_col, message)])
            dupes.append((fid, pos, problem))
            continue
        first_in_dir[(dir_i, id_)] = f"{path}:{line}"
        first_ord.setdefault(id_, forder * POS_SPAN + pos)
        winner[id_] = row  # a later directory's row replaces an earlier one
    conn.executemany(
        "UPDATE rows SET win = 1, ord = ? WHERE rid = ?",
        [(first_ord[id_], r[0]) for id_, r in winner.items()],
    )
    conn.executemany("INSERT INTO dupes VALUES (?, ?, ?)", dupes)


# --- series and their disagreements ----------------------------------------------------------


def _work_out_series(conn: sqlite3.Connection, pairs: set[Pair] | None) -> None:
    """Store, for each series (subject and metric; all, or those `pairs`), its first fact, its
    size and its conflicts (the groups of facts that disagree)."""
    sql = "SELECT rid, subject, metric, y, source, data FROM rows WHERE win AND metric IS NOT NULL"
    if pairs is None:
        for table in ("series", "conflicts"):
            conn.execute(f"DELETE FROM {table}")
        cursor = conn.execute(sql + " ORDER BY subject, metric, topic, ord")
        _store_series(conn, _grouped(cursor))
        return
    for subject, metric in pairs:
        conn.execute(
            "DELETE FROM conflicts WHERE sid IN"
            " (SELECT sid FROM series WHERE subject = ? AND metric = ?)",
            (subject, metric),
        )
        conn.execute("DELETE FROM series WHERE subject = ? AND metric = ?", (subject, metric))
    for subject, metric in sorted(pairs):
        cursor = conn.execute(
            sql + " AND subject = ? AND metric = ? ORDER BY topic, ord", (subject, metric)
        )
        _store_series(conn, _grouped(cursor))


def _grouped(cursor: sqlite3.Cursor) -> Iterable[list[tuple]]:
    series: list[tuple] = []
    for row in cursor:
        if series and (row[1], row[2]) != (series[0][1], series[0][2]):
            yield series
            series = []
        series.append(row)
    if series:
        yield series


def _store_series(conn: sqlite3.Connection, all_series: Iterable[list[tuple]]) -> None:
    (sid,) = conn.execute("SELECT COALESCE(MAX(sid), 0) FROM series").fetchone()
    made: list[tuple] = []
    conflicts: list[tuple] = []
    for series in all_series:
        sid += 1
        made.append((sid, series[0][1], series[0][2], series[0][0], len(series)))
        readings = [row for row in series if not schema.corrected(row[5])]
        keys = [(row[3], row[4], schema.value_key(row[5])) for row in readings]
        groups = series_conflicts(keys, itemgetter(0), itemgetter(1), itemgetter(2))
        for gno, group in enumerate(groups):
            conflicts += [(sid, gno, pos, readings[i][0]) for pos, i in enumerate(group)]
        if len(conflicts) > 20000:
            _flush(conn, made, conflicts)
    _flush(conn, made, conflicts)


def _flush(conn: sqlite3.Connection, made: list, conflicts: list) -> None:
    conn.executemany("INSERT INTO series VALUES (?, ?, ?, ?, ?)", made)
    conn.executemany("INSERT INTO conflicts VALUES (?, ?, ?, ?)", conflicts)
    made.clear()
    conflicts.clear()
