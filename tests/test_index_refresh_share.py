"""A refresh that would read most of the base again rebuilds instead, and leaves the search
table to the next search; a smaller one keeps the search table up to date (D119)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from test_index_scan_digest import _age, _meta, base  # noqa: F401 - the fixture

from c5lens.index.build import REBUILD_SHARE


def _rewrite(paths: list[Path]) -> None:
    """Each file written again with the same text a minute ago: a new signature (its change
    time), the same facts."""
    then = time.time() - 60
    for p in paths:
        p.write_bytes(p.read_bytes())
        os.utime(p, (then, then))


def test_most_of_the_base_read_again_rebuilds(base) -> None:  # noqa: F811
    facts, index, run = base
    _age(facts)
    before = run("search", "uranium", "--json")
    build = _meta(index, "build")
    assert (_meta(index, "words") or "").startswith("built")
    files = sorted(facts.rglob("*/*.yaml"), key=lambda p: p.stat().st_size, reverse=True)
    total = sum(p.stat().st_size for p in files)
    most, size = [], 0
    for p in files:  # the largest files, until they are the share that rebuilds
        most.append(p)
        size += p.stat().st_size
        if size >= REBUILD_SHARE * total:
            break
    _rewrite(most)
    run("fact", "kazakhstan.fb-area", "--json")
    assert _meta(index, "build") != build  # built again, not refreshed
    assert not (_meta(index, "words") or "").startswith("built")
    assert run("search", "uranium", "--json") == before


def test_a_few_files_read_again_refresh(base) -> None:  # noqa: F811
    facts, index, run = base
    _age(facts)
    before = run("search", "uranium", "--json")
    build = _meta(index, "build")
    _rewrite(sorted(facts.rglob("kazakhstan/*.yaml"))[:1])
    run("fact", "kazakhstan.fb-area", "--json")
    assert _meta(index, "build") == build  # refreshed in place
    assert (_meta(index, "words") or "").startswith("built")  # kept up to date, not dropped
    assert run("search", "uranium", "--json") == before
