"""A warm run knows the index is current from one stored digest of the scan (D113)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from c5lens.base.paths import bundled_facts_dir
from c5lens.index.scanning import scan
from c5lens.index.sqlite import index_path

C5LENS = Path(sys.executable).parent / "c5lens"


@pytest.fixture
def base(tmp_path: Path):
    facts = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), facts)
    env = {k: v for k, v in os.environ.items() if not k.startswith("C5LENS_")}
    env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "C5LENS_NO_BUNDLED": "1"}
    index = index_path([facts], tmp_path / "cache" / "c5lens")

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(C5LENS), *args, "--facts-dir", str(facts)], capture_output=True, env=env,
            timeout=120, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    return facts, index, run


def _age(facts: Path) -> None:
    """Every file modified a minute ago: none is racy."""
    then = time.time() - 60
    for p in facts.rglob("*.yaml"):
        os.utime(p, (then, then))


def _meta(index: Path, key: str) -> str | None:
    with sqlite3.connect(index) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def test_the_digest_is_the_scans_and_none_while_a_file_is_racy(base) -> None:
    facts, index, run = base
    for p in facts.rglob("*.yaml"):
        os.utime(p)  # modified just now: racy
    run("fact", "kazakhstan.fb-area", "--json")
    assert _meta(index, "scan") == ""
    _age(facts)
    run("fact", "kazakhstan.fb-area", "--json")  # a refresh confirms them
    digest = scan([facts]).digest()
    assert digest is not None and len(digest) == 64
    assert _meta(index, "scan") == digest


def test_an_edit_after_the_digest_is_seen(base) -> None:
    facts, index, run = base
    run("fact", "kazakhstan.fb-area", "--json")
    _age(facts)
    run("fact", "kazakhstan.fb-area", "--json")
    assert _meta(index, "scan")
    geo = facts / "kazakhstan" / "governance.factbook.yaml"
    text = geo.read_text(encoding="utf-8")
    assert "    value: Astana\n" in text
    geo.write_text(text.replace("    value: Astana\n", "    value: Astanba\n"), encoding="utf-8")
    then = time.time() - 30
    os.utime(geo, (then, then))  # older than the index, and not the size it had
    assert '"Astanba"' in run("fact", "kazakhstan.fb-capital", "--json")


def test_a_damaged_digest_only_costs_the_long_way(base) -> None:
    facts, index, run = base
    run("fact", "kazakhstan.fb-capital", "--json")
    _age(facts)
    expected = run("fact", "kazakhstan.fb-capital", "--json")
    with sqlite3.connect(index) as conn:  # a value its CRC does not match
        conn.execute("UPDATE meta SET value = ? WHERE key = 'scan'", ("0" * 64,))
    assert run("fact", "kazakhstan.fb-capital", "--json") == expected
    assert run("country", "kazakhstan", "--json")
