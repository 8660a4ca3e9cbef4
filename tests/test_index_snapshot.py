"""A question is read from one state of the index, whatever another process commits meanwhile;
an index built again since the store opened it is never read as the old one (D107).

The other process is a second connection doing a real full rebuild, at the moment of the race
the race suite found (`test_searches_during_rebuilds`: a search checked the search table, then
read it after a rebuild had emptied it, and printed `[]` with exit 0).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from c5lens.base.paths import bundled_facts_dir
from c5lens.index import build, words
from c5lens.index.memory import MemoryStore
from c5lens.index.sqlite import SqliteStore, index_path, open_index


@pytest.fixture
def dirs(tmp_path: Path) -> list[Path]:
    shutil.copytree(bundled_facts_dir(), tmp_path / "facts")
    return [tmp_path / "facts"]


def _rebuild_elsewhere(dirs: list[Path], cache: Path) -> None:
    """What another process's full rebuild commits: a new build, its search table empty."""
    conn = build.connect(index_path(dirs, cache))
    try:
        build.rebuild(conn, dirs, build.scan(dirs), None, force=True)
    finally:
        conn.close()


def _found(store: SqliteStore | MemoryStore, text: str) -> list[str]:
    return [f.id for f in store.search(words.parse_query(text)).facts]


def test_a_rebuild_between_two_reads_of_one_search_changes_nothing(
    dirs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    expected = _found(MemoryStore(dirs), "uranium")
    assert len(expected) > 3
    open_index(dirs, cache).search(words.parse_query("uranium"))  # the search table is built
    store = open_index(dirs, cache)
    check = words.check

    def check_then_rebuild(conn):  # type: ignore[no-untyped-def]
        check(conn)
        _rebuild_elsewhere(dirs, cache)

    monkeypatch.setattr(words, "check", check_then_rebuild)
    assert _found(store, "uranium") == expected
    assert store.state == "fresh"  # read whole from the build it opened


def test_a_store_opened_before_a_rebuild_answers_from_the_yaml_and_keeps_the_index(
    dirs: list[Path], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    store = open_index(dirs, cache)
    _rebuild_elsewhere(dirs, cache)
    assert _found(store, "uranium") == _found(MemoryStore(dirs), "uranium")
    assert store.state == "busy"  # not damaged: nothing is removed
    assert index_path(dirs, cache).exists()
    assert _found(open_index(dirs, cache), "uranium") == _found(MemoryStore(dirs), "uranium")


def test_a_rebuild_while_the_search_table_is_filled_is_not_read_as_the_old_build(
    dirs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    store = open_index(dirs, cache)  # a new index: its search table is not built yet
    build_words = words.build_words

    def rebuild_first(conn, reg, names, same_build):  # type: ignore[no-untyped-def]
        _rebuild_elsewhere(dirs, cache)
        return build_words(conn, reg, names, same_build)

    monkeypatch.setattr(words, "build_words", rebuild_first)
    assert _found(store, "uranium") == _found(MemoryStore(dirs), "uranium")
    assert store.state == "busy"
    monkeypatch.undo()
    assert _found(open_index(dirs, cache), "uranium") == _found(MemoryStore(dirs), "uranium")
