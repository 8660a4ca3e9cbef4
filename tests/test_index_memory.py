"""Indexing a large fact file holds it a few times over, not once per stage of reading it:
the file's text, the data being checked, and the rows made so far (issue #15, D117)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from c5lens.base.paths import bundled_facts_dir
from c5lens.index import build, reading, schema

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


def test_a_large_file_is_indexed_in_a_few_times_its_size(tmp_path: Path) -> None:
    path = tmp_path / "kazakhstan" / "society.yaml"
    path.parent.mkdir()
    entries = "".join(
        ENTRY.format(i=i, n=19_000_000 + i, year=1000 + i % 1000) for i in range(20_000)
    )
    path.write_text("subject: kazakhstan\ntopic: society\nfacts:\n" + entries, encoding="utf-8")
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
