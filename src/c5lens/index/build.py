"""Building the index and keeping it up to date: what is on disk, what changed, and what the
loader makes of it; and, once per change, which facts disagree.

On each call only files whose signature (size, modification time, inode) changed are parsed
again; a change to a registry file (subjects, topics, sources, metrics) rebuilds everything,
since every fact is checked against them. A full rebuild is written to a temporary file and
renamed into place; a refresh is one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from c5lens.base.disagree import series_conflicts
from c5lens.base.model import Fact, Problem, Source, Subject
from c5lens.index import schema

Pair = tuple[str, str]


class IndexUnavailable(Exception):
    """The index cannot be used here (turned off, unwritable, corrupt); load the YAML instead."""


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def _signature(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


class Scan:
    """What is on disk now: file signatures, listing problems, registry signature."""

    def __init__(self) -> None:
        self.files: list[tuple[int, str, str, str]] = []  # dir, path, fkey, rel
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
    out_scan.registry_sig = hashlib.sha256("\n".join(reg_parts).encode()).hexdigest()
    return out_scan


def open_and_refresh(path: Path, dirs: Sequence[Path]) -> tuple[sqlite3.Connection, Scan]:
    """A connection to the index of dirs, brought up to date; and what the scan found."""
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
                    _refresh(conn, dirs, found)
                return conn, found
        except BaseException:
            conn.close()
            raise
        conn.close()
    _rebuild(path, dirs, found)
    return connect(path), found


def _registries(dirs: Sequence[Path]) -> tuple[Any, list[Problem]]:
    from c5lens.base import loading

    out = loading._Collector()
    reg = loading._Registries()
    loading._read_registries(dirs, reg, out)
    return reg, list(out.problems)


def _rebuild(path: Path, dirs: Sequence[Path], found: Scan) -> None:
    """Build the whole index in a temporary file, then rename it into place."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = connect(Path(tmp))
        conn.executescript(schema.TABLES)
        reg, reg_problems = _registries(dirs)
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
        for entry in found.files:
            _add_file(conn, entry, found, reg)
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


def _refresh(conn: sqlite3.Connection, dirs: Sequence[Path], found: Scan) -> None:
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
            ids |= _remove_file(conn, p, pairs, fids)
        for entry in found.files:
            p = entry[1]
            if stored.get(p) != found.file_sigs[p]:
                ids |= _remove_file(conn, p, pairs, fids)
                fid, added = _add_file(conn, entry, found, reg)
                fids.add(fid)
                ids |= added
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


def _remove_file(conn: sqlite3.Connection, path: str, pairs: set[Pair], fids: set[int]) -> set[str]:
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
    if has_words(conn):
        conn.executemany("DELETE FROM words WHERE rowid = ?", rids)
    conn.executemany("DELETE FROM related WHERE rid = ?", rids)
    conn.execute("DELETE FROM rows WHERE fid = ?", (fid,))
    conn.execute("DELETE FROM files WHERE fid = ?", (fid,))
    return {id_ for _, id_, _, _ in found}


def _add_file(
    conn: sqlite3.Connection, entry: tuple[int, str, str, str], found: Scan, reg: Any
) -> tuple[int, set[str]]:
    """Parse and check one fact file, and store it: its fid, and the ids of its rows."""
    from c5lens.base import loading

    dir_i, path, fkey, rel = entry
    out = loading._Collector()
    facts = loading._read_fact_file(Path(path), rel, reg, out)
    cursor = conn.execute(
        "INSERT INTO files(path, dir, fkey, rel, sig, problems) VALUES (?, ?, ?, ?, ?, ?)",
        (path, dir_i, fkey, rel, found.file_sigs[path], schema.problems_json(out.problems)),
    )
    fid = cursor.lastrowid
    (first,) = conn.execute("SELECT COALESCE(MAX(rid), 0) + 1 FROM rows").fetchone()
    conn.executemany(
        "INSERT INTO rows(rid, fid, pos, id, line, id_line, id_col, subject, topic, metric,"
        " source, y, sk, first, last, num, data, checksum, win)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [
            (first + pos, fid, pos, fact.id, fact.line, id_line, id_col, *schema.fact_row(fact))
            for pos, (fact, (id_line, id_col)) in enumerate(facts)
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO related VALUES (?, ?)",
        [(first + pos, s) for pos, (fact, _) in enumerate(facts) for s in fact.related],
    )
    if has_words(conn):
        registries = schema.registries_from_json(meta_value(conn, "registries") or "{}")
        conn.executemany(
            "INSERT INTO words(rowid, text) VALUES (?, ?)",
            [
                (first + pos, search_text(fact, registries["subjects"], registries["sources"]))
                for pos, (fact, _) in enumerate(facts)
            ],
        )
    assert fid is not None
    return fid, {fact.id for fact, _ in facts}


# --- search words ----------------------------------------------------------------------------


def search_text(fact: Fact, subjects: dict[str, Subject], sources: dict[str, Source]) -> str:
    """The folded words search looks through: statement, metric, notes, source, subject."""
    from c5lens.base.text import fold

    subject = subjects.get(fact.subject)
    return fold(
        " ".join(
            (
                fact.statement,
                (fact.metric or "").replace("_", " "),
                fact.notes or "",
                sources[fact.source].title,
                subject.name if subject else fact.subject,
                str(fact.value),
            )
        )
    )


def has_words(conn: sqlite3.Connection) -> bool:
    # The search table is built on the first search, not on the first run: most runs never
    # search, and it is a tenth of what reading a large base costs.
    return meta_value(conn, "words") == "built"


def build_words(conn: sqlite3.Connection, subjects: dict, sources: dict) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not has_words(conn):  # another process may have built it meanwhile
            cursor = conn.execute(
                f"SELECT r.rid, {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid)"
            )
            while batch := cursor.fetchmany(5000):
                conn.executemany(
                    "INSERT INTO words(rowid, text) VALUES (?, ?)",
                    [
                        (row[0], search_text(schema.make_fact(row[1:]), subjects, sources))
                        for row in batch
                    ],
                )
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('words', 'built')")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# --- which row is each id's fact, and in what order ------------------------------------------


def _ord(dir_i: int, fkey: str, pos: int) -> str:
    """A text that sorts as the loader reads: directory, then file, then place in the file."""
    return f"{dir_i:03d}\x01{fkey}\x01{pos:06d}"


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
        "SELECT r.rid, r.id, r.subject, r.topic, f.dir, f.fkey, r.pos, f.path, r.line,"
        " r.id_line, r.id_col, r.fid FROM rows r JOIN files f USING (fid)"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed(id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.changed")
    if ids is None:
        conn.execute("DELETE FROM dupes")
        rows = conn.execute(sql + " ORDER BY f.dir, f.fkey, r.pos")
    else:
        conn.executemany("INSERT OR IGNORE INTO temp.changed VALUES (?)", [(i,) for i in ids])
        conn.execute(
            "UPDATE rows SET win = 0, ord = NULL, srank = NULL, trank = NULL"
            " WHERE id IN (SELECT id FROM temp.changed)"
        )
        conn.execute(
            "DELETE FROM dupes WHERE rowid IN (SELECT d.rowid FROM dupes d"
            " JOIN rows r ON r.fid = d.fid AND r.pos = d.pos WHERE r.id IN"
            " (SELECT id FROM temp.changed))"
        )
        conn.executemany("DELETE FROM dupes WHERE fid = ?", [(f,) for f in fids])
        rows = conn.execute(
            sql + " WHERE r.id IN (SELECT id FROM temp.changed) ORDER BY f.dir, f.fkey, r.pos"
        )
    so = {k: i for i, k in enumerate(reg.subjects)}
    to = {k: i for i, k in enumerate(reg.topics)}
    winner: dict[str, tuple] = {}
    first_ord: dict[str, str] = {}
    first_in_dir: dict[tuple[int, str], str] = {}
    dupes = []
    for row in rows.fetchall():
        _rid, id_, _s, _t, dir_i, fkey, pos, path, line, id_line, id_col, fid = row
        first = first_in_dir.get((dir_i, id_))
        if first is not None:
            message = f"duplicate fact id {id_!r} (first in {first})"
            problem = schema.problems_json([Problem(path, id_line, id_col, message)])
            dupes.append((fid, pos, problem))
            continue
        first_in_dir[(dir_i, id_)] = f"{path}:{line}"
        first_ord.setdefault(id_, _ord(dir_i, fkey, pos))
        winner[id_] = row  # a later directory's row replaces an earlier one
    conn.executemany(
        "UPDATE rows SET win = 1, ord = ?, srank = ?, trank = ? WHERE rid = ?",
        [
            (first_ord[id_], so.get(r[2], 1 << 30), to.get(r[3], 1 << 30), r[0])
            for id_, r in winner.items()
        ],
    )
    conn.executemany("INSERT INTO dupes VALUES (?, ?, ?)", dupes)


# --- series and their disagreements ----------------------------------------------------------


def _work_out_series(conn: sqlite3.Connection, pairs: set[Pair] | None) -> None:
    """Store, for each series (subject and metric; all, or those `pairs`), its first fact, its
    size, its conflicts and, for each fact in one, the facts it disagrees with."""
    sql = "SELECT rid, subject, metric, y, source, data FROM rows WHERE win AND metric IS NOT NULL"
    if pairs is None:
        for table in ("series", "conflicts", "disagree"):
            conn.execute(f"DELETE FROM {table}")
        cursor = conn.execute(sql + " ORDER BY subject, metric, srank, trank, ord")
        _store_series(conn, _grouped(cursor))
        return
    for subject, metric in pairs:
        conn.execute(
            "DELETE FROM disagree WHERE rid IN"
            " (SELECT rid FROM conflicts WHERE subject = ? AND metric = ?)",
            (subject, metric),
        )
        for table in ("series", "conflicts"):
            conn.execute(f"DELETE FROM {table} WHERE subject = ? AND metric = ?", (subject, metric))
    for subject, metric in sorted(pairs):
        cursor = conn.execute(
            sql + " AND subject = ? AND metric = ? ORDER BY srank, trank, ord", (subject, metric)
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
    made: list[tuple] = []
    conflicts: list[tuple] = []
    disagree: list[tuple] = []
    for series in all_series:
        subject, metric = series[0][1], series[0][2]
        made.append((subject, metric, series[0][0], len(series)))
        keys = [(row[3], row[4], schema.value_key(row[5])) for row in series]
        groups = series_conflicts(keys, itemgetter(0), itemgetter(1), itemgetter(2))
        others: dict[int, dict[int, None]] = {}
        for gno, group in enumerate(groups):
            rids = [series[i][0] for i in group]
            conflicts += [(subject, metric, gno, pos, rid) for pos, rid in enumerate(rids)]
            for rid in rids:
                mine = others.setdefault(rid, {})
                for other in rids:
                    if other != rid:
                        mine.setdefault(other)
        for rid, mine in others.items():
            disagree += [(rid, pos, other) for pos, other in enumerate(mine)]
        if len(disagree) > 20000:
            _flush(conn, made, conflicts, disagree)
    _flush(conn, made, conflicts, disagree)


def _flush(conn: sqlite3.Connection, made: list, conflicts: list, disagree: list) -> None:
    conn.executemany("INSERT INTO series VALUES (?, ?, ?, ?)", made)
    conn.executemany("INSERT INTO conflicts VALUES (?, ?, ?, ?, ?)", conflicts)
    conn.executemany("INSERT INTO disagree VALUES (?, ?, ?)", disagree)
    made.clear()
    conflicts.clear()
    disagree.clear()
