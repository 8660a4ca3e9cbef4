"""A damaged index never changes an answer: for each class of damage (bit flips, truncation,
dropped and altered tables, altered rows and blobs, a row changed to another valid value,
mispaired journals), every command prints what it prints without the index (C5LENS_NO_CACHE=1),
exits 0, and the next run has an index again. Offsets and lengths are sampled with a fixed seed
(docs/reliability.md has the counts)."""

from __future__ import annotations

import gc
import io
import marshal
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from c5lens.base.paths import bundled_facts_dir
from c5lens.cli.environment import Environment
from c5lens.cli.fast import run
from c5lens.index.sqlite import index_path

COMMANDS = [
    ["fact", "kazakhstan.fb-capital", "--json"],
    ["facts", "--json"],
    ["search", "uranium", "--json"],
]
SEED = 15
FLIPS = 32
CUTS = 12


def c5(args: list[str], cache: Path, off: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {"XDG_CACHE_HOME": str(cache), "HOME": os.environ.get("HOME", "/")}
    if off:
        environ["C5LENS_NO_CACHE"] = "1"
    code = run(list(args), Environment(out, err, environ, stdout_isatty=False))
    gc.collect()  # a run's store closes its connection and lock, as at a process's end
    return code, out.getvalue(), err.getvalue()


class Pristine:
    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.path = index_path([bundled_facts_dir()], cache / "c5lens")
        self.expected = [c5(a, cache, off=True) for a in COMMANDS]
        for args in COMMANDS:  # builds the index and, with search, its search table
            c5(args, cache)
        self.checkpoint()
        self.data = self.path.read_bytes()

    def checkpoint(self) -> None:
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()

    def reset(self, data: bytes | None = None) -> None:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.path.write_bytes(self.data if data is None else data)

    def alter(self, *statements: str, params: tuple = ()) -> None:
        self.reset()
        conn = sqlite3.connect(self.path, isolation_level=None)
        for s in statements:
            conn.execute(s, params if "?" in s else ())
        conn.close()

    def assert_same(self) -> None:
        for args, expected in zip(COMMANDS, self.expected, strict=True):
            code, out, err = c5(args, self.cache)
            assert "internal error" not in err
            assert (code, out, err) == expected, args
        # And again, once the damage found has been removed and the index built again.
        assert c5(COMMANDS[0], self.cache) == self.expected[0]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    return Pristine(tmp_path_factory.mktemp("corruption"))


def _offsets(n: int, size: int) -> list[int]:
    return sorted(random.Random(SEED).sample(range(size), n))


@pytest.mark.parametrize("trial", range(FLIPS))
def test_a_flipped_bit(pristine: Pristine, trial: int) -> None:
    data = bytearray(pristine.data)
    rng = random.Random(SEED * 1000 + trial)
    offset = _offsets(FLIPS, len(data))[trial]
    data[offset] ^= 1 << rng.randrange(8)
    pristine.reset(bytes(data))
    pristine.assert_same()


@pytest.mark.parametrize("trial", range(CUTS))
def test_a_truncated_file(pristine: Pristine, trial: int) -> None:
    size = len(pristine.data)
    lengths = [0, 1, 99, 100, 4095, 4096, 4097, size // 3, size // 2, size - 4096, size - 1]
    lengths.append(random.Random(SEED).randrange(size))
    pristine.reset(pristine.data[: lengths[trial]])
    pristine.assert_same()


TABLES = ["rows", "files", "meta", "conflicts", "series", "related", "dupes", "words"]


@pytest.mark.parametrize("table", TABLES)
def test_a_dropped_table(pristine: Pristine, table: str) -> None:
    pristine.alter(f"DROP TABLE {table}")
    pristine.assert_same()


ALTERED_TABLES = {
    "rows deleted": ["DELETE FROM rows WHERE rid % 7 = 0"],
    "winners unmarked": ["UPDATE rows SET win = 0 WHERE rid % 5 = 0"],
    "an SQL index dropped": ["DROP INDEX rows_id"],
    "a column renamed": ["ALTER TABLE rows RENAME COLUMN data TO blob"],
    "meta emptied": ["DELETE FROM meta"],
    "registries edited": ["UPDATE meta SET value = '{}' WHERE key = 'registries'"],
    "fact count edited": ["UPDATE meta SET value = '1' WHERE key = 'facts'"],
    "files forgotten": ["DELETE FROM files WHERE fid % 3 = 0"],
    "a view named like a table": ["DROP TABLE dupes", "CREATE VIEW dupes AS SELECT 1"],
    "the search table emptied": ["INSERT INTO words(words) VALUES ('delete-all')"],
}


@pytest.mark.parametrize("name", ALTERED_TABLES)
def test_an_altered_table(pristine: Pristine, name: str) -> None:
    pristine.alter(*ALTERED_TABLES[name])
    pristine.assert_same()


def _capital_data(pristine: Pristine) -> tuple:
    conn = sqlite3.connect(pristine.path)
    (data,) = conn.execute("SELECT data FROM rows WHERE id = 'kazakhstan.fb-capital'").fetchone()
    conn.close()
    return tuple(marshal.loads(data))


def _blob(pristine: Pristine, make: Callable[[tuple], object]) -> bytes:
    value = make(_capital_data(pristine))
    return value if isinstance(value, bytes) else marshal.dumps(value)


BLOBS: dict[str, Callable[[tuple], object]] = {
    "one zero byte": lambda d: b"\x00",
    "marshal garbage": lambda d: b"\xe3\xff\xff\xff\x7f" + b"\x00" * 9,
    "a 3-tuple": lambda d: d[:3],
    "a set as value": lambda d: (d[0], {1, 2}, *d[2:]),
    "another valid value (Astana to Astanb)": lambda d: (
        d[0].replace("Astana", "Astanb"),
        str(d[1]).replace("Astana", "Astanb"),
        *d[2:],
    ),
    "an empty blob": lambda d: b"",
    "text, not a blob": lambda d: "text",
}


@pytest.mark.parametrize("name", BLOBS)
def test_an_altered_blob(pristine: Pristine, name: str) -> None:
    pristine.reset()
    blob = _blob(pristine, BLOBS[name])
    pristine.alter("UPDATE rows SET data = ? WHERE id = 'kazakhstan.fb-capital'", params=(blob,))
    pristine.assert_same()


ROWS = {
    "id": "UPDATE rows SET id = 'kazakhstan.fb-capitol' WHERE id = 'kazakhstan.fb-capital'",
    "subject code": "UPDATE rows SET subject = 9999 WHERE id = 'kazakhstan.fb-capital'",
    "topic code": "UPDATE rows SET topic = topic + 1 WHERE id = 'kazakhstan.fb-capital'",
    "date": "UPDATE rows SET y = y + 1, last = last + 10000 WHERE id = 'kazakhstan.fb-capital'",
    "checksum": "UPDATE rows SET crc = crc + 1 WHERE id = 'kazakhstan.fb-capital'",
    "checksum as text": "UPDATE rows SET crc = 'x' WHERE id = 'kazakhstan.fb-capital'",
    "file name": "UPDATE files SET rel = 'elsewhere.yaml' WHERE fid = 1",
    "a file's problems": 'UPDATE files SET problems = \'[["x", 1, 1, "made up"]]\'',
    "a conflict": "UPDATE conflicts SET rid = rid + 1 WHERE pos = 0",
    "a stored signature": "UPDATE files SET sig = '0:0:0:0'",
}


@pytest.mark.parametrize("name", ROWS)
def test_an_altered_row(pristine: Pristine, name: str) -> None:
    pristine.alter(ROWS[name])
    pristine.assert_same()


# A process that dies inside a write transaction of a rollback-journal copy of the index: its
# hot -journal then sits beside an index it does not belong to.
HOT_JOURNAL = """\
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 1")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE rows SET data = zeroblob(length(data))")
os._exit(0)
"""


def test_a_mispaired_hot_journal(pristine: Pristine, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    other.write_bytes(pristine.data)
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(other)], check=True)
    journal = Path(f"{other}-journal")
    assert journal.stat().st_size > 0
    pristine.reset()
    Path(f"{pristine.path}-journal").write_bytes(journal.read_bytes())
    pristine.assert_same()


def test_a_mispaired_wal(pristine: Pristine, tmp_path: Path) -> None:
    """The WAL of another state of the index (rows zeroed, not yet written back) beside it."""
    other = tmp_path / "other.sqlite"
    other.write_bytes(pristine.data)
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE rows SET data = zeroblob(length(data)) WHERE rid % 2 = 0")
    wal = Path(f"{other}-wal").read_bytes()
    conn.close()
    pristine.reset()
    Path(f"{pristine.path}-wal").write_bytes(wal)
    pristine.assert_same()


def test_index_check_finds_the_damage_and_rebuild_mends_it_in_place(pristine: Pristine) -> None:
    import json

    pristine.reset()
    code, out, err = c5(["index", "--check", "--json"], pristine.cache)
    sound = json.loads(out)
    assert (code, err, sound["state"], sound["quick_check"]) == (0, "", "ok", "ok")
    assert sound["facts"] == len(json.loads(pristine.expected[1][1]))
    blob = _blob(pristine, BLOBS["another valid value (Astana to Astanb)"])
    pristine.alter("UPDATE rows SET data = ? WHERE id = 'kazakhstan.fb-capital'", params=(blob,))
    inode = pristine.path.stat().st_ino
    code, out, _ = c5(["index", "--check", "--json"], pristine.cache)
    damaged = json.loads(out)
    assert (code, damaged["state"], damaged["quick_check"]) == (4, "damaged", "ok")
    assert [d.split(":")[0] for d in damaged["damage"]] == ["rows"]
    assert pristine.path.stat().st_ino == inode  # a check changes nothing
    code, out, _ = c5(["index", "--rebuild", "--json"], pristine.cache)
    assert (code, json.loads(out)) == (0, sound)
    assert pristine.path.stat().st_ino == inode  # rebuilt in the same file, not replaced


def test_info_says_the_index_was_found_damaged(pristine: Pristine) -> None:
    import json

    blob = _blob(pristine, BLOBS["a set as value"])
    pristine.alter("UPDATE rows SET data = ? WHERE id = 'kazakhstan.fb-capital'", params=(blob,))
    code, out, err = c5(["info", "--json"], pristine.cache)
    assert (code, err) == (0, "")
    assert json.loads(out)["index"] == {"state": "damaged", "path": str(pristine.path),
                                        "size": None, "refreshed": None}  # fmt: skip
    code, out, _ = c5(["info", "--json"], pristine.cache)
    assert json.loads(out)["index"]["state"] == "rebuilt"
