"""The search table: the folded words of each fact, built on the first search (D44)."""

from __future__ import annotations

import sqlite3

from c5lens.base.model import Fact, Source, Subject
from c5lens.index import schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    """A value of the meta table, checked against its CRC (schema.Damaged if it differs)."""
    row = conn.execute("SELECT value, crc FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    return str(schema.checked(row[0], row[1], key))


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES (?, ?, ?)", (key, value, schema.crc(key, value))
    )


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
    return (meta_value(conn, "words") or "").startswith("built")


def _words_crc(conn: sqlite3.Connection) -> int:
    """The CRC of what FTS5 stores: a search finds no fact its damaged table lost (D77)."""
    import zlib

    value = 0
    for table in ("SELECT id, block FROM words_data ORDER BY id",
                  "SELECT segid, term, pgno FROM words_idx ORDER BY segid, term"):  # fmt: skip
        for row in conn.execute(table):
            for cell in row:
                value = zlib.crc32(cell if type(cell) is bytes else str(cell).encode(), value)
    return value


def seal(conn: sqlite3.Connection) -> None:
    """Record the search table's CRC, after it was built or changed (in the transaction)."""
    # FTS5 keeps new words in memory until a savepoint or the commit: written out first.
    conn.execute("SAVEPOINT seal")
    conn.execute("RELEASE seal")
    set_meta(conn, "words", f"built:{_words_crc(conn)}")


def check(conn: sqlite3.Connection) -> None:
    """schema.Damaged unless the search table is as sealed."""
    if meta_value(conn, "words") != f"built:{_words_crc(conn)}":
        raise schema.Damaged("the search table is not as it was written")


def build_words(conn: sqlite3.Connection, subjects: dict, sources: dict, names: Any) -> bool:
    """Build the search table; False if another process is writing (then search reads every
    fact instead of waiting)."""
    from c5lens.index.guard import is_busy

    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if is_busy(e):
            return False
        raise
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
            seal(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True
