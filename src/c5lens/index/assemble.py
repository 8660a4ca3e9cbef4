"""Which row is each id's fact, and in what order: worked out as load_base does, over the rows
stored, after a rebuild or a refresh. What it reads of each row (where the row stands in its
file) is checked against the row's place CRC, since a refresh builds on rows stored by earlier
runs (D104)."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable

from c5lens.base.model import Problem
from c5lens.index import schema

# A fact's place in the loader's order is one integer: its file's order times POS_SPAN plus its
# place in the file.
POS_SPAN = 1 << 24


def assemble(
    conn: sqlite3.Connection, ids: set[str] | None = None, fids: Iterable[int] = ()
) -> None:
    """Work out which row is the base's fact for each id (the first in the last directory that
    has it), where it stands in the loader's order (where the id first appears), and which rows
    repeat an id within one directory (a problem, not loaded).

    With `ids`, only those ids are worked out again: after an edit, the ids of the rows the
    changed files (`fids`) had and have now; other facts keep what they had.
    """
    # A row's file (its directory, its place in the loader's order and its path) is read from
    # the files' rows, checked (D110): a refresh builds on files stored by earlier runs.
    sql = (
        "SELECT r.rid, r.id, r.pos, r.line, r.id_line, r.id_col, r.fid, r.pcrc, f.forder"
        " FROM rows r JOIN files f USING (fid)"
    )
    in_files = f"SELECT {schema.FILE_COLUMNS} FROM files"
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed(id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.changed")
    # Ids of one row only (all but a few, in a whole build) need no state of their own: such
    # a row is its id's fact, kept as two integers until the rows are marked, so that a
    # build holds no dict of every id (D120).
    repeated: set[str] | None = None  # (None: after an edit, every id is worked out)
    if ids is None:
        conn.execute("DELETE FROM dupes")
        files = conn.execute(in_files).fetchall()
        many = "SELECT id FROM rows NOT INDEXED GROUP BY id HAVING COUNT(*) > 1"
        repeated = {i for (i,) in conn.execute(many)}
        rows = conn.execute(sql + " ORDER BY f.forder, r.pos")
    else:
        conn.executemany("INSERT OR IGNORE INTO temp.changed VALUES (?)", [(i,) for i in ids])
        # A row that is no longer its id's fact says so in its order's CRC too.
        was = "SELECT rid, ord FROM rows WHERE win AND id IN (SELECT id FROM temp.changed)"
        conn.executemany(
            "UPDATE rows SET win = 0, ocrc = ? WHERE rid = ?",
            [(schema.order_crc(o, 0), rid) for rid, o in conn.execute(was).fetchall()],
        )
        conn.execute(
            "DELETE FROM dupes WHERE rowid IN (SELECT d.rowid FROM dupes d"
            " JOIN rows r ON r.fid = d.fid AND r.pos = d.pos WHERE r.id IN"
            " (SELECT id FROM temp.changed))"
        )
        conn.executemany("DELETE FROM dupes WHERE fid = ?", [(f,) for f in fids])
        changed = " WHERE r.id IN (SELECT id FROM temp.changed)"
        files = conn.execute(
            in_files + f" WHERE fid IN (SELECT r.fid FROM rows r{changed})"
        ).fetchall()
        rows = conn.execute(sql + changed + " ORDER BY f.forder, r.pos")
    winner: dict[str, int] = {}
    first_ord: dict[str, int] = {}
    first_in_dir: dict[tuple[int, str], str] = {}
    only_rid, only_ord = array("q"), array("q")
    dupes = []
    of_file = {v[0]: (v[2], v[5], v[1]) for v in map(schema.check_file, files)}
    last = None
    # Read as they come (SQLite sorts them in its own store), not fetched all at once: no
    # other statement runs on the connection until they are all read.
    for row in rows:
        rid, id_, pos, line, id_line, id_col, fid, pcrc, sorted_by = row
        schema.check_place((id_, fid, pos, line, id_line, id_col), pcrc)
        dir_i, forder, path = of_file.get(fid) or _no_file(fid)
        # In the loader's order, by the orders checked (SQLite sorted by those it read).
        if sorted_by != forder or (last is not None and (forder, pos) <= last):
            raise schema.Damaged("rows out of the loader's order")
        last = (forder, pos)
        if repeated is not None and id_ not in repeated:
            only_rid.append(rid)
            only_ord.append(forder * POS_SPAN + pos)
            continue
        first = first_in_dir.get((dir_i, id_))
        if first is not None:
            message = f"duplicate fact id {id_!r} (first in {first})"
            problem = schema.problems_json([Problem(path, id_line, id_col, message)])
            dupes.append((fid, pos, problem, schema.crc(fid, pos, problem)))
            continue
        first_in_dir[(dir_i, id_)] = f"{path}:{line}"
        first_ord.setdefault(id_, forder * POS_SPAN + pos)
        winner[id_] = rid  # a later directory's row replaces an earlier one
    update = "UPDATE rows SET win = 1, ord = ?, ocrc = ? WHERE rid = ?"
    conn.executemany(
        update,
        [(o, schema.order_crc(o, 1), r) for id_, r in winner.items() for o in (first_ord[id_],)],
    )
    crc = schema.order_crc
    conn.executemany(update, ((o, crc(o, 1), r) for r, o in zip(only_rid, only_ord, strict=True)))
    conn.executemany("INSERT INTO dupes VALUES (?, ?, ?, ?)", dupes)


def _no_file(fid: object) -> tuple[int, int, str]:
    raise schema.Damaged(f"rows of file {fid!r}, which is not stored")
