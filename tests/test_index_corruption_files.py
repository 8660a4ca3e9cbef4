"""A damaged `files` column never changes an answer: the file's directory (dir), its place in
its directory's listing (fkey), its place in the loader's order (forder), its name (rel) and its
id (fid) are covered by the file's CRC with its path, signature, hash and problems, and checked
where they are read (D110). Every command that reads them prints what it prints without the
index (C5LENS_NO_CACHE=1), with the same exit code, and `index --check` finds the damage.

The base is the bundled facts and two directories: each has problems, the first in two files
(which also repeat an id within it), and both have a fact of one id (the second's wins)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from damaged_index import DamagedIndex

FACT = """\
  - id: {id}
    statement: {statement}
    as_of: '{year}'
    source: {source}
    locator: a test
"""


def _file(subject: str, *facts: tuple[str, str, str, str]) -> str:
    body = "".join(FACT.format(id=i, statement=s, year=y, source=src) for i, s, y, src in facts)
    return f"subject: {subject}\ntopic: society\nfacts:\n{body}"


SHARED = "kazakhstan.shared"
DIRS = {
    "a": {
        "kazakhstan/society.yaml": _file(
            "kazakhstan",
            (SHARED, "A repeat of the id in the first directory, a problem.", "2024", "imai-2025"),
            ("kazakhstan.a-bad", "A fact of an unknown source.", "2024", "no-such-source"),
        ),
        "kazakhstan/society.more.yaml": _file(
            "kazakhstan",
            (SHARED, "The first directory's fact of this id.", "2023", "imai-2025"),
            ("kazakhstan.a-more", "A fact after it.", "2023", "imai-2025"),
            ("kazakhstan.a-more-bad", "Another fact of an unknown source.", "2024", "nope"),
        ),
    },
    "b": {
        "kazakhstan/society.yaml": _file(
            "kazakhstan",
            (SHARED, "The second directory's fact of this id, which wins.", "2025", "imai-2025"),
            ("kazakhstan.b-bad", "A fact of an unknown source.", "2024", "no-such-source"),
        ),
        "uzbekistan/society.yaml": _file(
            "uzbekistan",
            ("uzbekistan.b-bad", "A fact of an unknown source.", "2024", "no-such-source"),
        ),
    },
}

# Every command that reads the files' columns: validate (the order problems are reported in,
# which directory each belongs to, and a repeated id's), the loader's order, and which of a
# duplicated id's facts wins.
COMMANDS = [
    ["validate"],
    ["facts", "--json"],
    ["facts", "--subject", "kazakhstan", "--json"],
    ["fact", SHARED, "--json"],
]

A_FIRST = "path LIKE '%/a/kazakhstan/society.yaml'"
A_MORE = "path LIKE '%/a/kazakhstan/society.more.yaml'"
B_FIRST = "path LIKE '%/b/kazakhstan/society.yaml'"
B_OTHER = "path LIKE '%/b/uzbekistan/society.yaml'"

# Damage that changes what is read as it is: each alters one column of one file.
ALTERED = {
    # the first directory's first file said to be in the second: its problems are listed there
    "dir": f"UPDATE files SET dir = dir + 1 WHERE {A_MORE}",
    # a file said to sort last in its directory's listing: so do its problems
    "fkey": f"UPDATE files SET fkey = 'kazakhstan' || char(0) || 'zz.yaml' WHERE {A_MORE}",
    # a file's id is its repeated ids' (dupes): under another, its duplicate is not reported
    "fid": f"UPDATE files SET fid = fid + 1000 WHERE {A_FIRST}",
    # a file's problems emptied: a file without problems was not read, so not checked either
    "problems": f"UPDATE files SET problems = '[]' WHERE {B_OTHER}",
    # The file's name as its facts give it: the row's CRC covers it where facts are read, so
    # no answer changes (this file has no fact that wins); index --check finds it.
    "rel": f"UPDATE files SET rel = 'kazakhstan/other.yaml' WHERE {A_FIRST}",
    # The loader's order of the files: only a refresh reads it (REFRESHED); index --check
    # finds it.
    "forder": f"UPDATE files SET forder = forder + 1 WHERE {A_FIRST}",
}

# Damage that shows once a refresh builds on it: the second directory's file is then edited.
REFRESHED = {
    # the second directory's file first in the loader's order: the first's fact wins
    "forder": f"UPDATE files SET forder = 1 WHERE {B_FIRST}",
    # the first directory's file said to be in the second: the second's fact is its repeat
    "dir": f"UPDATE files SET dir = dir + 1 WHERE {A_MORE}",
    "fkey": ALTERED["fkey"],
}
EDITED = ("b", "kazakhstan/society.yaml")


class Base(DamagedIndex):
    """The directories, an index of them, and what each command prints without it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        dirs = []
        for name, files in DIRS.items():
            dirs.append(root / name)
            for rel, text in files.items():
                (root / name / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / name / rel).write_text(text, encoding="utf-8")
        super().__init__(dirs, root / "cache", COMMANDS)

    def alter(self, *statements: str, rows: bool = True) -> None:
        super().alter(*statements, rows=rows)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return Base(tmp_path_factory.mktemp("files"))


def test_the_base_has_what_the_damage_needs(base: Base) -> None:
    code, out, _ = base.expected[0]
    assert code == 4
    problems = out.splitlines()
    for where in ("a/kazakhstan/society.yaml", "a/kazakhstan/society.more.yaml",
                  "b/kazakhstan/society.yaml", "b/uzbekistan/society.yaml"):  # fmt: skip
        assert any(where in p for p in problems), where
    assert sum("duplicate fact id" in p for p in problems) == 1
    assert "which wins" in base.expected[3][1]


@pytest.mark.parametrize("column", ALTERED)
def test_an_altered_files_column(base: Base, column: str) -> None:
    base.alter(ALTERED[column])
    base.assert_same()


@pytest.mark.parametrize("column", REFRESHED)
def test_a_files_column_a_refresh_builds_on(base: Base, tmp_path: Path, column: str) -> None:
    root = tmp_path / "copy"
    shutil.copytree(base.root, root, ignore=shutil.ignore_patterns("cache"))
    copy = Base.__new__(Base)
    copy.root, copy.dirs, copy.cache = root, [root / n for n in DIRS], root / "cache"
    copy.run(["validate"])  # builds the index
    copy.path = next((copy.cache / "c5lens").glob("index-*.sqlite"))
    conn = sqlite3.connect(copy.path, isolation_level=None)
    assert conn.execute(REFRESHED[column]).rowcount >= 1
    conn.close()
    edited = root / EDITED[0] / EDITED[1]
    edited.write_text(DIRS[EDITED[0]][EDITED[1]] + "# edited\n", encoding="utf-8")
    future = os.stat(edited).st_mtime_ns + 5 * 10**9
    os.utime(edited, ns=(future, future))
    for args in COMMANDS:
        off = copy.run(args, off=True)
        on = copy.run(args)
        assert "internal error" not in on[2]
        assert on == off, args


@pytest.mark.parametrize("column", ALTERED)
def test_index_check_finds_an_altered_files_column(base: Base, column: str) -> None:
    base.alter(ALTERED[column])
    code, out, _ = base.run(["index", "--check", "--json"])
    assert (code, json.loads(out)["state"]) == (4, "damaged"), column
    base.reset()
    code, out, _ = base.run(["index", "--check", "--json"])
    assert (code, json.loads(out)["state"]) == (0, "ok")


@pytest.mark.parametrize("column", ["problems", "dir"])
def test_a_racy_file_is_checked_before_its_signature_is_confirmed(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str
) -> None:
    # A file stored as racy (its hash kept) whose content is then found unchanged gets its
    # signature and a new CRC: made from damaged columns, that CRC would store the damage as
    # sound.
    from c5lens.index import scanning

    root = tmp_path / "copy"
    shutil.copytree(base.root, root, ignore=shutil.ignore_patterns("cache"))
    copy = Base.__new__(Base)
    copy.root, copy.dirs, copy.cache = root, [root / n for n in DIRS], root / "cache"
    monkeypatch.setattr(scanning, "RACY_NS", 10**20)  # every file is racy as it is stored
    copy.run(["validate"])
    copy.path = next((copy.cache / "c5lens").glob("index-*.sqlite"))
    conn = sqlite3.connect(copy.path, isolation_level=None)
    sound = "SELECT COUNT(*) FROM files WHERE sig NOT LIKE 'racy:%' OR hash IS NULL"
    assert conn.execute(sound).fetchone()[0] == 0
    assert conn.execute(ALTERED[column]).rowcount == 1
    conn.close()
    monkeypatch.setattr(scanning, "RACY_NS", 0)  # and now old enough to be confirmed
    for args in COMMANDS:
        off = copy.run(args, off=True)
        on = copy.run(args)
        assert "internal error" not in on[2]
        assert on == off, args
