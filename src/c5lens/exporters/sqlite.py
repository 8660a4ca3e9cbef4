"""The base as a plain relational SQLite database, for sqlite3, sqlite-utils and Datasette.

Tables `subjects`, `topics`, `sources`, `metrics`, `facts` (one row per fact) and `related`
(fact_id, subject), with foreign keys and an index on each; `facts_fts`, an FTS5 table of the
statements with `facts` as its external content (written once, so no triggers). docs/export.md
describes every column. The database is written to a temporary file beside FILE and renamed
into place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from c5lens.base.model import Base, Fact
from c5lens.exporters import files
from c5lens.exporters.rows import TABLES, Counts, Table, fact_and_related_rows, registry_rows

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# `PRAGMA user_version` of an export: the version of the tables and columns docs/export.md
# describes. A column added at the end keeps it; a change to any other raises it.
EXPORT_VERSION = 1

# Datasette and sqlite-utils find a table's full-text index by this name and content="facts".
FTS = (
    'CREATE VIRTUAL TABLE facts_fts USING fts5(statement, content="facts", '
    "tokenize='unicode61 remove_diacritics 2')"
)


def create_table(table: Table) -> str:
    lines = []
    for c in table.columns:
        ref = f" REFERENCES {c.references}" if c.references else ""
        lines.append(f"  {c.name} {c.sql}{ref}")
    lines.append(f"  PRIMARY KEY ({', '.join(table.primary_key)})")
    return f"CREATE TABLE {table.name} (\n" + ",\n".join(lines) + "\n)"


def create_indexes(table: Table) -> list[str]:
    """An index on each column that references another table (but one the primary key's own
    index already starts with)."""
    return [
        f"CREATE INDEX {table.name}_{c.name} ON {table.name} ({c.name})"
        for c in table.columns
        if c.references and table.primary_key[:1] != (c.name,)
    ]


def schema_sql() -> list[str]:
    """Every statement that makes the empty database, in order."""
    out = [create_table(t) for t in TABLES]
    out += [s for t in TABLES for s in create_indexes(t)]
    return [*out, FTS]


def _insert(table: Table) -> str:
    return f"INSERT INTO {table.name} VALUES ({', '.join('?' * len(table.columns))})"


def write(conn: sqlite3.Connection, registries: Base, facts: Iterable[Fact]) -> Counts:
    """Fill an empty database with the registries and the facts (read one at a time)."""
    counts = Counts()
    by_name = {t.name: t for t in TABLES}
    for statement in schema_sql():
        conn.execute(statement)
    for name, rows in registry_rows(registries).items():
        conn.executemany(_insert(by_name[name]), rows)
        counts.rows[name] = len(rows)
    related: list[tuple[Any, ...]] = []
    conn.executemany(
        _insert(by_name["facts"]), fact_and_related_rows(facts, related.append, counts)
    )
    conn.executemany(_insert(by_name["related"]), related)
    conn.execute("INSERT INTO facts_fts(facts_fts) VALUES ('rebuild')")
    conn.execute(f"PRAGMA user_version = {EXPORT_VERSION}")
    return counts


def export_sqlite(
    path: Path, registries: Base, facts: Iterable[Fact], force: bool = False
) -> Counts:
    """Write the database to `path`; refuses (ExportRefused) an existing file without force."""
    files.check_file(path, force)
    with files.removed_on_failure([]) as made:
        tmp = files.temporary_beside(path)
        made.append(tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a temporary file: a failure discards it
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            counts = write(conn, registries, facts)
            conn.execute("COMMIT")
        except sqlite3.OperationalError as e:  # a full disk, an I/O error: the system's refusal
            raise OSError(None, f"cannot write the database: {e}") from e
        finally:
            conn.close()
        files.place(tmp, path, force)
    return counts
