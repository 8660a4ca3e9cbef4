"""Series (a subject's facts of one metric) and their disagreements, as the index stores them:
each series' first fact and size, and the groups of facts that disagree (D43)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from operator import itemgetter

from c5lens.base.disagree import series_conflicts
from c5lens.index import schema

Pair = tuple[str, str]


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
        made.append((sid, series[0][1], series[0][2], series[0][0], len(series)))
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
    conn.executemany("INSERT INTO series VALUES (?, ?, ?, ?, ?)", made)
    conn.executemany("INSERT INTO conflicts VALUES (?, ?, ?, ?, ?)", conflicts)
    made.clear()
    conflicts.clear()
