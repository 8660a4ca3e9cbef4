"""Building the index and keeping it up to date: what is on disk, what changed, and what the
loader makes of it; and, once per change, which facts disagree.

On each call only files whose signature (scanning.signature) changed are parsed again; a
change to a registry file (subjects, topics, sources, metrics) rebuilds everything, since every
fact is checked against them. The database is in WAL mode and is never replaced (D75): a
rebuild empties and refills it in one write transaction, a refresh changes it in one, and
readers meanwhile see the index as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from c5lens.base.model import Problem
from c5lens.index import guard, reading, schema, words
from c5lens.index.assemble import POS_SPAN, assemble
from c5lens.index.reading import parse_all
from c5lens.index.scanning import Entry, Scan, hash_racy, scan, sha256_hex, signature_size
from c5lens.index.series import work_out_series
from c5lens.index.words import meta_value, set_meta

__all__ = ["Entry", "IndexUnavailable", "Scan", "connect", "open_and_refresh", "sha256_hex"]

Pair = tuple[str, str]
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from c5lens.index.api import Progress


class IndexUnavailable(Exception):
    """The index cannot be used here (turned off, unwritable, corrupt); load the YAML instead."""


class _NoRoom(Exception):
    """A new file sorts between two whose orders are adjacent numbers: rebuild."""


class _MostlyNew(_NoRoom):
    """Most of the base is to be read again: rebuild (D119)."""


# A refresh that would read again at least this share of the base's bytes rebuilds instead: a
# rebuild packs the tables and the SQL indexes, and leaves the search table to be built anew
# by the next search, where a refresh would take every row out of it one by one (FTS5 keeps a
# deletion marker for each until its segments merge) and put it back.
REBUILD_SHARE = 0.5


# Files' orders are GAP apart after a rebuild, so that a file added later takes a number
# between its neighbours' without renumbering any row (a fact's order: assemble.POS_SPAN).
GAP = 1 << 12
# How long a run waits for another's write (a refresh or build) before it answers from the
# YAML (D77). Readers never wait: WAL lets them read while another writes.
WAIT_MS = 5000


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode, so that no reader blocks a writer nor a writer a reader."""
    conn = sqlite3.connect(path, timeout=WAIT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # Taken only by a new, empty file (WAL fixes the size): a fact's row is about 400
            # bytes, and a 4 KiB page wastes a part-row at its end; 16 KiB pages make the index
            # 6% smaller and no lookup slower (D115).
            conn.execute("PRAGMA page_size = 16384")
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent through a crash
        conn.execute("PRAGMA journal_size_limit = 4194304")  # a rebuild's WAL shrinks back
    except BaseException:
        conn.close()
        raise
    return conn


def _stored_files(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    """Each stored file's signature and (if racy) hash, by path."""
    # Not checked against their CRCs, on purpose: a damaged path, signature or hash equals
    # nothing on disk, so the file is read again; it can never make a stale file look current.
    sql = "SELECT path, sig, hash FROM files"
    rows = conn.execute(sql).fetchall()
    return {(p if type(p) is str else schema.from_db(p)): (sig, h) for p, sig, h in rows}


def _is_current(conn: sqlite3.Connection, found: Scan) -> bool:
    has_meta = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    return (
        conn.execute(has_meta).fetchone() is not None
        and meta_value(conn, "stamp") == schema.stamp()
        and meta_value(conn, "registry_sig") == found.registry_sig
    )


def open_and_refresh(
    path: Path, dirs: Sequence[Path], progress: Progress | None = None
) -> tuple[sqlite3.Connection, Scan, bool]:
    """A connection to the index of dirs, brought up to date; what the scan found; and whether
    this run wrote to it. `progress` is told of each file read (files done, files to read)."""
    found = scan(dirs)
    if os.path.lexists(path) and not path.is_file():
        raise IndexUnavailable(f"{path} is not a file")
    conn = connect(path)
    try:
        if _is_current(conn, found):
            digest = found.digest()
            if digest is not None and meta_value(conn, "scan") == digest:
                return conn, found, False
            stored = _stored_files(conn)
            again, confirmed = found.changed(stored)
            if not again and not confirmed and stored.keys() == found.file_sigs.keys():
                return conn, found, False
            try:
                _refresh(conn, dirs, found, progress)
                guard.empty_wal(conn)
                return conn, found, True
            except _NoRoom:
                pass
        rebuild(conn, dirs, found, progress)
        guard.empty_wal(conn)
        return conn, found, True
    except BaseException:
        conn.close()
        raise


def _seal_scan(conn: sqlite3.Connection, found: Scan) -> None:
    """Store the digest of the scan the index now holds: a later run whose own scan has the
    same digest reads no row of `files` to know the index is current; none while a file is
    racy, whose content decides on each run (D113)."""
    set_meta(conn, "scan", found.digest() or "")


# The files that have problems of their own or repeated ids, by fid ({}: the columns).
PROBLEM_FILES = (
    "SELECT {} FROM files WHERE problems != '[]' OR fid IN (SELECT fid FROM dupes) ORDER BY fid"
)


def _count(conn: sqlite3.Connection) -> None:
    """Store how many facts there are and a sum of their ids' CRCs: a reader checks it read
    them all, and that an id it did not find is not there; how many series, conflicts' rows
    and related subjects of each subject there are, which no row's CRC can tell (D104); and
    which files have problems (D110)."""
    import json

    facts = 0

    def counted() -> Iterable[Any]:  # read once, not held: a million ids are 90 MB
        nonlocal facts
        for (i,) in conn.execute("SELECT id FROM rows NOT INDEXED WHERE win"):
            facts += 1
            yield i

    total = ids_sum(counted())
    set_meta(conn, "facts", str(facts))
    set_meta(conn, "ids", total)
    for table in ("series", "conflicts"):
        set_meta(conn, table, str(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]))
    # The subjects with a series, which `rank` reads whole: one checked value, not a row
    # of every series (D112).
    subjects = [s for (s,) in conn.execute("SELECT DISTINCT subject FROM series ORDER BY 1")]
    set_meta(conn, "series_subjects", json.dumps(subjects))
    counts = dict(conn.execute("SELECT subject, COUNT(*) FROM related GROUP BY subject"))
    set_meta(conn, "related", json.dumps(counts, sort_keys=True))
    # Which files have problems and how many repeated ids there are: a reader reads only
    # those files, and this tells it none was left out (D110).
    with_problems = [f for (f,) in conn.execute(PROBLEM_FILES.format("fid"))]
    (dupes,) = conn.execute("SELECT COUNT(*) FROM dupes").fetchone()
    set_meta(conn, "problems", json.dumps({"files": with_problems, "dupes": dupes}))


def ids_sum(ids: Iterable[Any]) -> str:
    import zlib

    try:
        return str(sum(zlib.crc32(i.encode("utf-8", "surrogatepass")) for i in ids) & 0xFFFFFFFF)
    except AttributeError:
        raise schema.Damaged("an id that is not text") from None


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


def _drop_all(conn: sqlite3.Connection) -> None:
    """Drop every table (the search table first: its own tables go with it)."""
    listed = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    tables = [n for (n,) in conn.execute(listed).fetchall()]
    if "words" in tables:
        conn.execute("DROP TABLE words")
    for (name,) in conn.execute(listed).fetchall():
        conn.execute(f'DROP TABLE IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')
    for kind in ("view", "trigger"):
        for (name,) in conn.execute(
            f"SELECT name FROM sqlite_master WHERE type = '{kind}'"
        ).fetchall():
            conn.execute(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')


def rebuild(
    conn: sqlite3.Connection,
    dirs: Sequence[Path],
    found: Scan,
    progress: Progress | None,
    force: bool = False,
) -> None:
    """Empty and refill the index in one write transaction: readers see the old index until
    it commits; a process killed part way leaves the old one (its WAL frames are discarded)."""
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: the indexes are built in memory
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have rebuilt while this one waited for the lock.
        if not force and _is_current(conn, found):
            stored = _stored_files(conn)
            again, _ = found.changed(stored)
            if not again and stored.keys() == found.file_sigs.keys():
                conn.execute("COMMIT")
                return
        reg, reg_problems = _registries(dirs)
        _drop_all(conn)
        for statement in schema.TABLES.strip().split(";\n"):
            conn.execute(statement)
        for key, value in (
            ("stamp", schema.stamp()),
            ("registry_sig", found.registry_sig),
            ("registries", schema.registries_json(reg)),
            ("registry_problems", schema.problems_json(reg_problems)),
            # Which build this is: a reader that finds another one has been built since it
            # opened the index stops reading it (D107).
            ("build", os.urandom(8).hex()),
        ):
            set_meta(conn, key, value)
        total = len(found.files)
        forder = {e[1]: GAP * (i + 1) for i, e in enumerate(sorted(found.files, key=_file_key))}
        hash_racy(found, [e[1] for e in found.files])
        for done, (entry, parsed) in enumerate(parse_all(found, found.files, reg, False), 1):
            _store_file(conn, entry, found, parsed, forder[entry[1]])
            if progress is not None:
                progress(done, total)
        assemble(conn)
        for statement in schema.INDEXES.strip().splitlines():
            conn.execute(statement)
        work_out_series(conn, None)
        _count(conn)
        _seal_scan(conn, found)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA cache_size = -2000")


def _refresh(
    conn: sqlite3.Connection, dirs: Sequence[Path], found: Scan, progress: Progress | None
) -> None:
    """Parse again only the files that changed, appeared or went away; work out again only
    the series (subject and metric) their facts were and are in."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # A refresh builds on what is stored: rows of no file mean it is not what was written.
        orphan = "SELECT 1 FROM rows WHERE fid NOT IN (SELECT fid FROM files) LIMIT 1"
        if conn.execute(orphan).fetchone() is not None:
            raise schema.Damaged("rows of no file")
        # Another process may have refreshed while this one waited for the lock.
        stored = _stored_files(conn)
        again, confirmed = found.changed(stored)
        gone = set(stored) - set(found.file_sigs)
        for path in confirmed:  # racy files as they were: only their signature is new
            sig, key = found.file_sigs[path], schema.to_db(path)
            sql = f"SELECT {schema.FILE_COLUMNS} FROM files WHERE path = ?"
            # Checked before its CRC is made again: else damage would be stored as sound.
            fid, _, dir_i, fkey, rel, order, _, problems, _ = schema.check_file(
                conn.execute(sql, (key,)).fetchone()
            )
            new_crc = schema.file_crc(fid, path, dir_i, fkey, rel, order, None, problems, sig)
            conn.execute(
                "UPDATE files SET sig = ?, hash = NULL, crc = ? WHERE path = ?",
                (sig, new_crc, key),
            )
        if not again and not gone:
            _seal_scan(conn, found)
            conn.execute("COMMIT")
            return
        sizes = {path: signature_size(sig) for path, sig in found.file_sigs.items()}
        total = sum(sizes.values())
        if total and sum(sizes[path] for path in again) >= REBUILD_SHARE * total:
            raise _MostlyNew
        reg, _ = _registries(dirs)
        ids: set[str] = set()
        pairs: set[Pair] = set()
        fids: set[int] = set()
        for p in gone:
            ids |= _remove_file(conn, p, reg, pairs, fids)
        wanted = set(again)
        changed = [e for e in found.files if e[1] in wanted]
        # The files' orders decide where a new file goes, and each row's order: checked (D110).
        stored_files = conn.execute(f"SELECT {schema.FILE_COLUMNS} FROM files").fetchall()
        known = {v[1]: v[5] for v in map(schema.check_file, stored_files)}
        forder = _file_orders(found.files, known)
        with_words = words.has_words(conn)
        hash_racy(found, again)
        for done, (entry, parsed) in enumerate(parse_all(found, changed, reg, with_words), 1):
            ids |= _remove_file(conn, entry[1], reg, pairs, fids)
            fid = _store_file(conn, entry, found, parsed, forder[entry[1]])
            fids.add(fid)
            ids |= {row[1] for row in parsed.rows}
            if progress is not None:
                progress(done, len(changed))
        assemble(conn, ids, fids)
        pairs |= set(
            conn.execute(
                "SELECT DISTINCT subject, metric FROM rows WHERE metric IS NOT NULL AND id IN"
                " (SELECT id FROM temp.changed)"
            ).fetchall()
        )
        work_out_series(conn, pairs)
        _count(conn)
        if with_words:
            words.seal(conn)
        _seal_scan(conn, found)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _remove_file(
    conn: sqlite3.Connection, path: str, reg: Any, pairs: set[Pair], fids: set[int]
) -> set[str]:
    """Forget a file's rows; the ids they had (and, into pairs, their series)."""
    row = conn.execute("SELECT fid FROM files WHERE path = ?", (schema.to_db(path),)).fetchone()
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
        sql = f"SELECT r.rid, r.win, {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid)"
        conn.executemany(
            "INSERT INTO words(words, rowid, text) VALUES ('delete', ?, ?)",
            [
                (
                    row[0],
                    words.search_text(schema.make_fact(row[2:], names, win=row[1]), reg),
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
    sig, hash_ = found.stored_sig(path)
    # The fid SQLite would give (one past the largest), given here: the file's CRC covers it.
    (fid,) = conn.execute("SELECT COALESCE(MAX(fid), 0) + 1 FROM files").fetchone()
    conn.execute(
        f"INSERT INTO files({schema.FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            fid, schema.to_db(path), dir_i, schema.to_db(fkey), schema.to_db(rel), forder,
            hash_, parsed.problems, sig,
            schema.file_crc(fid, path, dir_i, fkey, rel, forder, hash_, parsed.problems, sig),
        ),
    )  # fmt: skip
    (first,) = conn.execute("SELECT COALESCE(MAX(rid), 0) + 1 FROM rows").fetchone()
    conn.executemany(
        "INSERT INTO rows(rid, fid, pos, id, line, id_line, id_col, subject, topic, metric,"
        " source, y, sk, first, last, num, data, win, ord, crc, ocrc, pcrc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
        # Each row's own place as its order: the one it keeps unless its id was met earlier,
        # and a number of the same size, so that marking the winners rewrites no row longer.
        [
            (
                first + row[0],
                fid,
                *row,
                forder * POS_SPAN + row[0],
                schema.row_crc(row[1], rel, fid, row[5:]),
                schema.order_crc(forder * POS_SPAN + row[0], 0),
                schema.crc(row[1], fid, *row[:1], *row[2:5]),
            )
            for row in parsed.rows
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO related VALUES (?, ?, ?)",
        [(first + pos, s, schema.crc(first + pos, s)) for pos, s in parsed.related],
    )
    if parsed.words:
        conn.executemany(
            "INSERT INTO words(rowid, text) VALUES (?, ?)",
            [(first + pos, text) for pos, text in enumerate(parsed.words)],
        )
    return fid
