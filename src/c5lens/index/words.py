"""The search table: the folded words of each fact, built on the first search (D44)."""

from __future__ import annotations

import sqlite3
from typing import Any

from c5lens.base.model import Fact, Source, Subject
from c5lens.index import schema


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


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
                "" if fact.value is None else str(fact.value),
            )
        )
    )


def has_words(conn: sqlite3.Connection) -> bool:
    # The search table is built on the first search, not on the first run: most runs never
    # search, and it is a tenth of what reading a large base costs.
    return meta_value(conn, "words") == "built"


def build_words(conn: sqlite3.Connection, subjects: dict, sources: dict, names: Any) -> None:
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
                        (row[0], search_text(schema.make_fact(row[1:], names), subjects, sources))
                        for row in batch
                    ],
                )
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('words', 'built')")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
