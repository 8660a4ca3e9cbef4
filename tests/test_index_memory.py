"""Indexing a large fact file holds it a few times over, not once per stage of reading it:
the file's text, the data being checked, and the rows made so far (issue #15, D117); and
working out which row is each id's fact holds no state per id (D120)."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

from c5lens.base.paths import bundled_facts_dir
from c5lens.index import build, reading, schema
from c5lens.index.assemble import assemble
from c5lens.index.opening import index_path, open_index

ENTRY = """\
  - id: kazakhstan.population-{i}
    statement: A census bulletin put the population of Kazakhstan at {n} people in {year}, a
      figure the bulletin revised twice before it was published in its final form.
    metric: population
    value: {n}
    as_of: '{year}'
    source: imai-2025
    locator: Table {i}, population by year
"""


def _large_file(root: Path) -> Path:
    path = root / "kazakhstan" / "society.yaml"
    path.parent.mkdir(parents=True)
    entries = "".join(
        ENTRY.format(i=i, n=19_000_000 + i, year=1000 + i % 1000) for i in range(20_000)
    )
    path.write_text("subject: kazakhstan\ntopic: society\nfacts:\n" + entries, encoding="utf-8")
    return path


def test_a_large_file_is_indexed_in_a_few_times_its_size(tmp_path: Path) -> None:
    path = _large_file(tmp_path)
    size = path.stat().st_size
    reg, problems = build._registries([bundled_facts_dir(), tmp_path])
    assert problems == []
    entry = (0, str(path), "kazakhstan\x00society.yaml", "kazakhstan/society.yaml")
    tracemalloc.start()
    try:
        parsed = reading.parse_file(entry, reg, schema.Names(reg), False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed.problems == "[]"
    assert len(parsed.rows) == 20_000
    assert parsed.rows[-1][1] == "kazakhstan.population-19999"
    # The text, once; the data of the facts not yet checked; the rows made (before D117: the
    # bytes and the text, the data of every fact and every fact at once: 7.3 times the file).
    assert peak < 6 * size, f"{peak / size:.1f} times the file"


def test_the_facts_of_a_build_are_worked_out_without_a_dict_of_every_id(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    _large_file(facts)
    dirs = [bundled_facts_dir(), facts]
    open_index(dirs, tmp_path / "cache", use_cache=True).close()
    conn = sqlite3.connect(index_path(dirs, tmp_path / "cache"), isolation_level=None)
    marks = "SELECT rid, win, ord, ocrc FROM rows ORDER BY rid"
    try:
        built = conn.execute(marks).fetchall()
        conn.execute("BEGIN")
        conn.execute("UPDATE rows SET win = 0, ord = NULL, ocrc = NULL")
        tracemalloc.start()
        try:
            assemble(conn)  # what a whole build does after storing the rows
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert conn.execute(marks).fetchall() == built
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    # Two integers a fact (20,000 of them here), not its row and its entries in three dicts
    # (before D120: 13.9 MB).
    assert peak < 1_500_000, peak
