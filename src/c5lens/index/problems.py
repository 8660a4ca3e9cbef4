"""The problems of a base as the index stores them, read back checked and in the loader's order."""

from __future__ import annotations

import json
import sqlite3

from c5lens.base.model import Problem
from c5lens.index import schema
from c5lens.index.build import PROBLEM_FILES
from c5lens.index.scanning import Scan
from c5lens.index.words import meta_value


def stored_problems(conn: sqlite3.Connection, found: Scan) -> list[Problem]:
    """Every problem, in the order load_base reports them: the registries', then for each
    directory what its listing found, then each file's own and its repeated ids."""
    out = schema.problems_from_json(meta_value(conn, "registry_problems") or "[]")
    by_dir: dict[int, list[Problem]] = {}
    # Only the files with problems are read (their fids and the number of repeated ids in
    # meta tell that none was left out), each checked whole: its directory and place in its
    # listing (fkey) are the order its problems are reported in (D110). Sorted here, not by
    # SQLite: a name that is not UTF-8 is stored as bytes (D79).
    listed = conn.execute(PROBLEM_FILES.format(schema.FILE_COLUMNS)).fetchall()
    files = [schema.check_file(row) for row in listed]
    dupes: dict[int, list[Problem]] = {}
    sql = "SELECT fid, pos, problem, crc FROM dupes ORDER BY fid, pos"
    n = 0
    for fid, pos, dupe, dcrc in conn.execute(sql).fetchall():
        n += 1
        dupes.setdefault(fid, []).extend(
            schema.problems_from_json(schema.checked(dupe, dcrc, fid, pos))
        )
    kept = json.loads(meta_value(conn, "problems") or "null")
    fids = [v[0] for v in files]
    if kept != {"files": fids, "dupes": n} or not dupes.keys() <= set(fids):
        raise schema.Damaged("other files with problems than the index lists")
    files.sort(key=lambda v: (v[2], v[3]))
    for fid, _path, dir_i, _key, _rel, _order, _hash, problems, _sig in files:
        mine = by_dir.setdefault(dir_i, [])
        mine += schema.problems_from_json(problems)
        mine += dupes.get(fid, [])
    for dir_i in sorted(found.listing):
        out += found.listing[dir_i]
        out += by_dir.get(dir_i, [])
    return out
