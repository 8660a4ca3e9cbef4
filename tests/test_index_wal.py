"""A run that wrote the index leaves no WAL behind: every later run would read it whole (D111)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from c5lens.base.paths import bundled_facts_dir
from c5lens.index.sqlite import index_path

C5LENS = Path(sys.executable).parent / "c5lens"


@pytest.mark.parametrize(
    "first",
    [["fact", "kazakhstan.fb-area", "--json"], ["search", "uranium", "--json"]],
    ids=["build", "build and search table"],
)
def test_a_run_that_wrote_the_index_leaves_an_empty_wal(tmp_path: Path, first: list[str]) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), facts)
    env = {k: v for k, v in os.environ.items() if not k.startswith("C5LENS_")}
    env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "C5LENS_NO_BUNDLED": "1"}
    index = index_path([facts], tmp_path / "cache" / "c5lens")
    wal = index.with_name(index.name + "-wal")

    def run(*args: str) -> bytes:
        done = subprocess.run(
            [str(C5LENS), *args, "--facts-dir", str(facts)], capture_output=True, env=env,
            timeout=120, check=True,
        )  # fmt: skip
        return done.stdout

    expected = run(*first)
    assert index.stat().st_size > 100_000
    # a page or two written after (search's word counts), never the build's
    assert not wal.exists() or wal.stat().st_size < 64 * 1024
    # an edit (a refresh) too
    geo = facts / "kazakhstan" / "geography.factbook.yaml"
    geo.write_text(geo.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run(*first) == expected
    assert not wal.exists() or wal.stat().st_size < 64 * 1024
