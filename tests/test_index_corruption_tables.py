"""A damaged `series` or `related` table, or a damaged `rows` column outside what the row's CRC
covered before (win, fid, pos, line, id_line, id_col), never changes an answer: every command
that reads it prints what it prints without the index (C5LENS_NO_CACHE=1), with the same exit
code (issue #15, D103).

The base is the bundled facts and a second directory that disagrees with them (so that
`conflicts` has groups), replaces one of their facts (so that a row loses to another), has
a file of the same name as a bundled one, and repeats an id across two files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from damaged_index import DamagedIndex
from test_index_corruption import c5

EXTRA = {
    # Same name as the bundled file: its row of fb-population replaces the bundled one.
    "kazakhstan/society.factbook.yaml": """\
subject: kazakhstan
topic: society
facts:
  - id: kazakhstan.fb-population
    statement: A second estimate puts the population of Kazakhstan at 20,000,000 in 2025.
    metric: population
    value: 20000000
    as_of: '2025'
    source: world-factbook-2026
    locator: a test
""",
    "kazakhstan/society.yaml": """\
subject: kazakhstan
topic: society
facts:
  - id: kazakhstan.population-imai
    statement: Another source puts the population of Kazakhstan at 19,000,000 in 2025.
    metric: population
    value: 19000000
    as_of: '2025'
    source: imai-2025
    locator: a test
    related: [japan]
  - id: kazakhstan.repeated
    statement: The second fact of this id, a problem.
    as_of: '2024'
    source: imai-2025
    locator: a test
""",
    "kazakhstan/society.repeats.yaml": """\
subject: kazakhstan
topic: society
facts:
  - id: kazakhstan.repeated
    statement: The first fact of this id.
    as_of: '2024'
    source: imai-2025
    locator: a test
  - id: kazakhstan.after-one
    statement: A fact after the repeated one.
    as_of: '2024'
    source: imai-2025
    locator: a test
  - id: kazakhstan.after-two
    statement: Another fact after the repeated one.
    as_of: '2024'
    source: imai-2025
    locator: a test
""",
    "uzbekistan/society.yaml": """\
subject: uzbekistan
topic: society
facts:
  - id: uzbekistan.population-imai
    statement: Another source puts the population of Uzbekistan at 30,000,000 in 2025.
    metric: population
    value: 30000000
    as_of: '2025'
    source: imai-2025
    locator: a test
""",
}

# Every command that reads series, related or the rows' columns named above.
COMMANDS = [
    ["conflicts"],
    ["conflicts", "--json"],
    ["history", "kazakhstan", "population"],
    ["rank", "population"],
    ["rank", "population", "--json"],
    ["metrics"],
    ["subjects"],
    ["facts", "--involving", "japan", "--json"],
    ["facts", "--involving", "afghanistan", "--json"],
    ["country", "kazakhstan"],
    ["country", "uzbekistan"],
    ["fact", "kazakhstan.fb-population", "--json"],
    ["facts", "--subject", "kazakhstan", "--json"],
    ["validate"],
]


class Base(DamagedIndex):
    """The two directories, an index of them, and what each command prints without it."""

    def __init__(self, root: Path) -> None:
        self.extra = root / "extra"
        for rel, text in EXTRA.items():
            (self.extra / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.extra / rel).write_text(text, encoding="utf-8")
        super().__init__([self.extra], root / "cache", COMMANDS)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return Base(tmp_path_factory.mktemp("tables"))


def test_the_base_has_what_the_damage_needs(base: Base) -> None:
    assert base.expected[0][1].count("population") >= 2  # two groups in conflicts
    assert base.one("SELECT COUNT(*) FROM rows WHERE NOT win") >= 2
    assert base.one("SELECT COUNT(*) FROM dupes") == 1


KAZ = "(SELECT subject FROM rows WHERE id = 'kazakhstan.fb-population' AND win)"
UZB = "(SELECT subject FROM rows WHERE id = 'uzbekistan.fb-population')"
POP = "(SELECT metric FROM rows WHERE id = 'kazakhstan.fb-population' AND win)"
IMAI = "(SELECT rid FROM rows WHERE id = 'kazakhstan.population-imai')"

SERIES = {
    "size": [f"UPDATE series SET n = n + 1 WHERE subject = {KAZ} AND metric = {POP}"],
    "first fact": [
        f"UPDATE series SET first = (SELECT first FROM series WHERE subject = {UZB}"
        f" AND metric = {POP}) WHERE subject = {KAZ} AND metric = {POP}"
    ],
    "first fact of another topic": [
        f"UPDATE series SET first = (SELECT MAX(rid) FROM rows) WHERE subject = {KAZ}"
        f" AND metric = {POP}"
    ],
    "series id": [f"UPDATE series SET sid = sid + 100000 WHERE subject = {KAZ} AND metric = {POP}"],
    "subject": [
        "UPDATE series SET subject = (SELECT MIN(subject) FROM rows WHERE subject NOT IN"
        f" (SELECT subject FROM series WHERE metric = {POP})) WHERE subject = {UZB}"
        f" AND metric = {POP}"
    ],
    "metric": ["UPDATE series SET metric = metric + 1 WHERE sid = (SELECT MIN(sid) FROM series)"],
    "a series deleted": [f"DELETE FROM series WHERE subject = {UZB}"],
    # `fact` finds a fact's disagreements through its series (D116)
    "the disputed fact's series deleted": [
        f"DELETE FROM series WHERE subject = {KAZ} AND metric = {POP}"
    ],
    "the disputed fact's series moved to another metric": [
        f"UPDATE series SET metric = metric + 1000 WHERE subject = {KAZ} AND metric = {POP}"
    ],
    "all series deleted": ["DELETE FROM series"],
    "the subjects with a series": [
        "UPDATE meta SET value = (SELECT json_remove(value, '$[0]') FROM meta"
        " WHERE key = 'series_subjects') WHERE key = 'series_subjects'"
    ],
    "a series inserted": [
        "INSERT INTO series(sid, subject, metric, first, n) SELECT 999999, MIN(subject),"
        f" {POP}, MIN(rid), 1 FROM rows WHERE subject NOT IN"
        f" (SELECT subject FROM series WHERE metric = {POP})"
    ],
}


@pytest.mark.parametrize("name", SERIES)
def test_an_altered_series_row(base: Base, name: str) -> None:
    base.alter(*SERIES[name])
    base.assert_same()


RELATED = {
    "subject": ["UPDATE related SET subject = 'japan' WHERE subject = 'afghanistan'"],
    "one subject": [
        "UPDATE related SET subject = 'japan'"
        " WHERE rid = (SELECT MIN(rid) FROM related WHERE subject = 'afghanistan')"
        " AND subject = 'afghanistan'"
    ],
    "row id": [f"UPDATE related SET rid = rid + 1 WHERE rid = {IMAI}"],
    "one deleted": [f"DELETE FROM related WHERE rid = {IMAI}"],
    "one deleted (afghanistan)": [
        "DELETE FROM related WHERE rid = (SELECT MIN(rid) FROM related"
        " WHERE subject = 'afghanistan') AND subject = 'afghanistan'"
    ],
    "one inserted": [
        "INSERT INTO related(rid, subject) SELECT rid, 'japan' FROM rows"
        " WHERE id = 'kazakhstan.fb-population' AND win"
    ],
    "all deleted": ["DELETE FROM related"],
}


@pytest.mark.parametrize("name", RELATED)
def test_an_altered_related_row(base: Base, name: str) -> None:
    base.alter(*RELATED[name])
    base.assert_same()


def test_a_losing_row_marked_the_winner(base: Base) -> None:
    base.alter("UPDATE rows SET win = 1 - win WHERE id = 'kazakhstan.fb-population'")
    base.assert_same()


# Damage that shows only once a refresh builds on it: the files are edited after it, each in
# its own copy of the base.
REFRESHED = {
    # the row of one file said to be another's of the same name; that file then loses the fact
    "fid": (
        "UPDATE rows SET fid = (SELECT fid FROM rows WHERE id = 'kazakhstan.fb-population'"
        " AND NOT win) WHERE id = 'kazakhstan.fb-population' AND win",
        "kazakhstan/society.factbook.yaml",
        "subject: kazakhstan\ntopic: society\nfacts: []\n",
    ),
    # the first of a repeated id's places in its file: the other file is then edited
    "pos": (
        "UPDATE rows SET pos = pos + 2 WHERE id = 'kazakhstan.repeated' AND win",
        "kazakhstan/society.yaml",
        EXTRA["kazakhstan/society.yaml"] + "# edited\n",
    ),
    "line": (
        "UPDATE rows SET line = line + 3 WHERE id = 'kazakhstan.repeated' AND win",
        "kazakhstan/society.yaml",
        EXTRA["kazakhstan/society.yaml"] + "# edited\n",
    ),
    "id_line": (
        "UPDATE rows SET id_line = id_line + 1 WHERE id = 'kazakhstan.repeated' AND NOT win",
        "kazakhstan/society.repeats.yaml",
        EXTRA["kazakhstan/society.repeats.yaml"] + "# edited\n",
    ),
    "id_col": (
        "UPDATE rows SET id_col = id_col + 2 WHERE id = 'kazakhstan.repeated' AND NOT win",
        "kazakhstan/society.repeats.yaml",
        EXTRA["kazakhstan/society.repeats.yaml"] + "# edited\n",
    ),
}


@pytest.mark.parametrize("column", REFRESHED)
def test_a_rows_column_a_refresh_builds_on(base: Base, tmp_path: Path, column: str) -> None:
    statement, rel, text = REFRESHED[column]
    extra = tmp_path / "extra"
    shutil.copytree(base.extra, extra)
    cache = tmp_path / "cache"
    args = ["validate"]
    c5([*args, "--facts-dir", str(extra)], cache)  # builds the index
    path = next((cache / "c5lens").glob("index-*.sqlite"))
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute(statement).rowcount == 1
    conn.close()
    (extra / rel).write_text(text, encoding="utf-8")
    future = os.stat(extra / rel).st_mtime_ns + 5 * 10**9
    os.utime(extra / rel, ns=(future, future))
    for args in COMMANDS:
        off = c5([*args, "--facts-dir", str(extra)], cache, off=True)
        on = c5([*args, "--facts-dir", str(extra)], cache)
        assert on == off, args


def test_index_check_finds_a_damaged_series_or_related_row(base: Base) -> None:
    for statement in (
        SERIES["size"][0],
        RELATED["one subject"][0],
        "UPDATE rows SET id_col = id_col + 1 WHERE id = 'kazakhstan.repeated' AND NOT win",
    ):
        base.alter(statement)
        code, out, _ = base.run(["index", "--check", "--json"])
        assert (code, json.loads(out)["state"]) == (4, "damaged"), statement
    base.reset()
    code, out, _ = base.run(["index", "--check", "--json"])
    assert (code, json.loads(out)["state"]) == (0, "ok")
