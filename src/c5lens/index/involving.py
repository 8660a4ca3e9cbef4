"""Checking what the `related` table gave a query of the facts involving some subjects (`facts
--involving`, `country`'s Involving section, `about`): each related row read against its CRC,
their number against meta's count for those subjects, and each fact found against its own
related subjects, which its checked row holds (D104)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from c5lens.base.model import Fact
from c5lens.index import schema
from c5lens.index.params import param
from c5lens.index.words import meta_value


def check(conn: sqlite3.Connection, keys: Sequence[str], found: Sequence[Fact]) -> None:
    """Damaged unless the related rows of those subjects, and the facts found by them, are
    what was written."""
    wanted = set(keys)
    for fact in found:
        if fact.subject not in wanted and not wanted.intersection(fact.related):
            raise schema.Damaged(f"{fact.id!r} does not involve {', '.join(sorted(wanted))}")
    unique = list(wanted)
    sql = f"SELECT rid, subject, crc FROM related WHERE subject IN ({', '.join('?' * len(unique))})"
    rows = conn.execute(sql, [param(k) for k in unique]).fetchall()
    for rid, subject, crc in rows:
        schema.checked(subject, crc, rid)
    counts = json.loads(meta_value(conn, "related") or "null")
    if type(counts) is not dict or len(rows) != sum(counts.get(k, 0) for k in unique):
        raise schema.Damaged("the index holds another number of related subjects than it lists")
