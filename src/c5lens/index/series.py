"""Series (a subject's facts of one metric) and their disagreements, as the index stores them:
each series' first fact and size, and the groups of facts that disagree (D43); and read back,
each series and conflict checked against its CRC and their numbers against meta's (D104)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from operator import itemgetter

from c5lens.base.disagree import series_conflicts
from c5lens.base.model import Fact
from c5lens.index import schema
from c5lens.index.words import meta_value

Pair = tuple[str, str]
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def work_out_series(conn: sqlite3.Connection, pairs: set[Pair] | None) -> None:
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
        made.append(_with_crc(sid, series[0][1], series[0][2], series[0][0], len(series)))
        # a corrected fact is a source's mistake, never one side of a disagreement (D97)
        readings = [row for row in series if not schema.corrected(row[5])]
        keys = [(row[3], row[4], schema.value_key(row[5])) for row in readings]
        groups = series_conflicts(keys, itemgetter(0), itemgetter(1), itemgetter(2))
        for gno, group in enumerate(groups):
            conflicts += [
                (sid, gno, pos, readings[i][0], schema.crc(sid, gno, pos, readings[i][0]))
                for pos, i in enumerate(group)
            ]
        if len(conflicts) > 20000:
            _flush(conn, made, conflicts)
    _flush(conn, made, conflicts)


def _flush(conn: sqlite3.Connection, made: list, conflicts: list) -> None:
    conn.executemany("INSERT INTO series VALUES (?, ?, ?, ?, ?, ?)", made)
    conn.executemany("INSERT INTO conflicts VALUES (?, ?, ?, ?, ?)", conflicts)
    made.clear()
    conflicts.clear()


def _with_crc(*values: int) -> tuple[int, ...]:
    return (*values, schema.crc(*values))


def check_series(row: Sequence[Any]) -> None:
    """Damaged unless a row of series (sid, subject, metric, first, n, crc) is as written."""
    if type(row[5]) is not int or schema.crc(*row[:5]) != row[5]:
        raise schema.Damaged("a series does not match its checksum")


def _counted(conn: sqlite3.Connection, table: str, n: int) -> None:
    if str(n) != meta_value(conn, table):
        raise schema.Damaged(f"the index holds another number of {table} than it lists")


def series_pairs(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """The subject and metric (their codes) of every series, checked."""
    rows = conn.execute("SELECT sid, subject, metric, first, n, crc FROM series").fetchall()
    _counted(conn, "series", len(rows))
    for row in rows:
        check_series(row)
    return [(row[1], row[2]) for row in rows]


def series_subjects(conn: sqlite3.Connection) -> list[int]:
    """The subjects (their codes) with a series of some metric, as the build stored them."""
    import json

    subjects = json.loads(meta_value(conn, "series_subjects") or "null")
    if type(subjects) is not list or not all(type(s) is int for s in subjects):
        raise schema.Damaged("the index lists no subjects with a series")
    return subjects


def conflict_groups(conn: sqlite3.Connection, names: schema.Names) -> list[list[Fact]]:
    """Every group of facts that disagree, in reading order (of each series' first fact)."""
    sql = (
        "SELECT c.sid, c.gno, c.pos, c.rid, c.crc, s.sid, s.subject, s.metric, s.first, s.n,"
        f" s.crc, {schema.FACT_COLUMNS} FROM conflicts c LEFT JOIN series s ON s.sid = c.sid"
        " LEFT JOIN rows r ON r.rid = c.rid LEFT JOIN files f ON f.fid = r.fid"
    )
    found = conn.execute(sql).fetchall()
    _counted(conn, "conflicts", len(found))
    firsts: dict[int, tuple[int, int, int]] = {}
    for row in found:
        schema.checked(row[3], row[4], *row[:3])
        check_series(row[5:11])
        schema.check_row(row[11:])
        if (row[12], row[14]) != (row[6], row[7]):
            raise schema.Damaged("a conflict's fact is not of its series")
        firsts[row[8]] = (row[6], row[7], -1)
    keys = _first_keys(conn, firsts)
    found.sort(key=lambda row: (keys[row[8]], row[1], row[2]))
    groups: list[list[Fact]] = []
    last = None
    for row in found:
        if row[:2] != last:
            groups.append([])
            last = row[:2]
        groups[-1].append(schema.make_fact(row[11:], names, False))
    return groups


def _first_keys(
    conn: sqlite3.Connection, firsts: dict[int, tuple[int, int, int]]
) -> dict[int, tuple[int, int, int]]:
    """The reading order (subject, topic, order) of each series' first fact, by its rid (the
    series' subject and metric, given), checked."""
    sql = f"SELECT r.rid, {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid) WHERE r.win"
    rids = list(firsts)
    out = {}
    for i in range(0, len(rids), 500):  # within every SQLite's limit of bound values
        chunk = rids[i : i + 500]
        where = f" AND r.rid IN ({', '.join('?' * len(chunk))})"
        for row in conn.execute(sql + where, chunk):
            schema.check_row(row[1:])
            if firsts.get(row[0], ())[:2] != (row[2], row[4]):
                raise schema.Damaged("a series' first fact is not of it")
            out[row[0]] = (row[2], row[3], row[14])
    if len(out) != len(firsts):
        raise schema.Damaged("a series' first fact is missing")
    return out
