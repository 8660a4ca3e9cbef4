"""The index gives exactly what loading the YAML gives, sees every change, and never breaks."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from c5lens.base.loading import facts_dirs, load_base
from c5lens.base.paths import bundled_facts_dir
from c5lens.cli import spec
from c5lens.cli.app import app
from c5lens.index.sqlite import IndexUnavailable, index_path, open_index
from c5lens.index.words import parse_query
from c5lens.query.rules import conflicts, ranked_hits, search

# `schema` prints a file of the package and reads no facts; `verify` and `diff` read the fact
# files themselves, never the index (D55, D56: a check of the files, and git revisions); `info`
# and `index` report on the store itself (whether it is the index, and its state), so their
# output differs by design.
UNINDEXED = {"schema", "verify", "diff", "info", "index"}

COMMANDS = [
    ["facts", "--json"],
    ["facts", "--format", "jsonl"],
    ["facts", "--country", "kazakhstan", "--json"],
    ["facts", "--topic", "governance", "--format", "csv"],
    ["country", "kazakhstan", "--json"],
    ["country", "Қазақстан"],
    ["compare", "--json"],
    ["compare", "kazakhstan", "japan", "--metric", "population"],
    ["rank", "freedom_house_score", "--json"],
    ["rank", "real_gdp_per_capita"],
    ["search", "rare", "earth", "--json"],
    ["search", "uranium"],
    ["timeline", "--country", "japan", "--json"],
    ["timeline", "--since", "2025-06"],
    ["fact", "china.global-rare-earth-mining-share-2025", "--json"],
    ["source", "imai-2025", "--format", "csv"],
    ["sources", "--json"],
    ["countries", "--json"],
    ["topics", "--json"],
    ["metrics", "--json"],
    ["conflicts", "--json"],
    ["cite", "kazakhstan.freedom-house-score-2025"],
    ["validate", "--json"],
    # and every example of the help that reads the base, from the spec
    *(
        shlex.split(e)[1:]
        for c in spec.COMMANDS
        for e in c.examples
        # (`validate PATH` checks files without the index)
        if c.group is None
        and c.name not in UNINDEXED
        and not set("|>~") & set(e)
        and not (c.name == "validate" and e != "c5lens validate")
    ),
]


def test_every_command_is_run_with_and_without_the_index() -> None:
    run_here = {a[0] for a in COMMANDS}
    assert run_here == {c.name for c in spec.COMMANDS if c.group is None} - UNINDEXED


def run(args: list[str], **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100", **env})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("C5LENS_NO_CACHE", raising=False)
    return home


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_same_output_with_and_without_the_index(cache: Path, args: list[str]) -> None:
    without = run(args, C5LENS_NO_CACHE="1")
    cold = run(args)
    warm = run(args)
    assert cold == without
    assert warm == without
    assert list(cache.glob("c5lens/index-*.sqlite"))


def test_index_holds_the_loaders_facts_and_problems(cache: Path) -> None:
    dirs = facts_dirs()
    base = load_base(dirs)
    indexed = open_index(dirs).base()
    assert indexed.facts == base.facts
    assert indexed.problems == base.problems
    assert (indexed.subjects, indexed.sources, indexed.metrics, indexed.topics) == (
        base.subjects,
        base.sources,
        base.metrics,
        base.topics,
    )


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    """A copy of the shipped facts to edit."""
    root = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), root)
    return root


def _fresh(base_dir: Path):
    return open_index([base_dir]).base(), load_base([base_dir])


def _touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_changed_added_and_deleted_files_are_seen(cache: Path, base_dir: Path) -> None:
    open_index([base_dir])
    gov = base_dir / "kazakhstan" / "governance.yaml"
    gov.write_text(gov.read_text().replace("value: 23\n", "value: 24\n"))
    _touch_later(gov)
    indexed, loaded = _fresh(base_dir)
    assert indexed.facts == loaded.facts
    assert indexed.fact("kazakhstan.freedom-house-score-2025").value == 24

    new = base_dir / "kazakhstan" / "society.yaml"
    new.write_text(
        "subject: kazakhstan\ntopic: society\nfacts:\n"
        "  - id: kazakhstan.test-added\n    statement: A fact added for the test.\n"
        "    value: 1\n    as_of: '2025'\n    source: imai-2025\n    locator: Challenges, para 1\n"
    )
    indexed, loaded = _fresh(base_dir)
    assert indexed.fact("kazakhstan.test-added") is not None
    assert indexed.facts == loaded.facts

    (base_dir / "china" / "resources.yaml").unlink()
    indexed, loaded = _fresh(base_dir)
    assert indexed.fact("china.global-rare-earth-mining-share-2025") is None
    assert indexed.facts == loaded.facts
    assert indexed.problems == loaded.problems == ()


def test_a_broken_file_reports_the_same_problems(cache: Path, base_dir: Path) -> None:
    open_index([base_dir])
    gov = base_dir / "kazakhstan" / "governance.yaml"
    gov.write_text(gov.read_text().replace("value: 23\n", "value: 23\n    value: 24\n", 1))
    _touch_later(gov)
    dup = base_dir / "japan" / "extra.yaml"
    dup.write_text((base_dir / "japan" / "society.yaml").read_text().replace("society", "extra"))
    indexed, loaded = _fresh(base_dir)
    assert indexed.problems == loaded.problems
    assert indexed.facts == loaded.facts
    assert any("duplicate key 'value'" in p.message for p in indexed.problems)


def test_a_registry_change_rebuilds(cache: Path, base_dir: Path) -> None:
    open_index([base_dir])
    sources = base_dir / "sources.yaml"
    sources.write_text(sources.read_text().replace("title: The World Factbook", "title: TWF"))
    _touch_later(sources)
    indexed, loaded = _fresh(base_dir)
    assert indexed.sources["world-factbook-2026"].title == "TWF"
    assert indexed.facts == loaded.facts


def test_a_corrupt_index_is_rebuilt(cache: Path) -> None:
    dirs = facts_dirs()
    open_index(dirs)
    path = index_path(dirs)
    path.write_bytes(b"this is not a database" * 100)
    assert run(["country", "kazakhstan", "--json"]) == run(
        ["country", "kazakhstan", "--json"], C5LENS_NO_CACHE="1"
    )
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM rows WHERE win").fetchone()[0] > 0


def test_an_index_from_another_version_is_rebuilt(cache: Path) -> None:
    dirs = facts_dirs()
    open_index(dirs).conn.execute("UPDATE meta SET value = '0:0' WHERE key = 'stamp'")
    open_index(dirs)
    stamp = sqlite3.connect(index_path(dirs)).execute("SELECT value FROM meta WHERE key='stamp'")
    assert stamp.fetchone()[0] != "0:0"


def test_an_unwritable_cache_falls_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() == 0:
        # Root writes through any mode bits; procfs refuses a new directory even to root.
        monkeypatch.setenv("XDG_CACHE_HOME", "/proc/self/c5lens-cache")
    else:
        cache.mkdir()
        cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(IndexUnavailable):
            open_index(facts_dirs())
        assert run(["country", "kazakhstan", "--json"])[0] == 0
    finally:
        if cache.exists():
            cache.chmod(stat.S_IRWXU)


def test_a_cache_path_that_is_a_file_falls_back(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("not a directory")
    with pytest.raises(IndexUnavailable):
        open_index(facts_dirs())
    code, out, err = run(["country", "kazakhstan", "--json"])
    assert (code, err) == (0, "")
    assert out == run(["country", "kazakhstan", "--json"], C5LENS_NO_CACHE="1")[1]


def test_no_cache_turns_the_index_off(cache: Path) -> None:
    run(["country", "kazakhstan"], C5LENS_NO_CACHE="1")
    assert not cache.exists()
    with pytest.raises(IndexUnavailable):
        os.environ["C5LENS_NO_CACHE"] = "1"
        try:
            open_index(facts_dirs())
        finally:
            del os.environ["C5LENS_NO_CACHE"]


def test_processes_starting_at_once_agree(cache: Path, base_dir: Path) -> None:
    import concurrent.futures
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "c5lens"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "C5LENS_NO_BUNDLED": "1"}
    cmd = [str(exe), "facts", "--json", "--facts-dir", str(base_dir)]
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        results = list(
            pool.map(lambda _: subprocess.run(cmd, capture_output=True, env=env), range(6))
        )
    expected = subprocess.run(cmd, capture_output=True, env={**env, "C5LENS_NO_CACHE": "1"})
    for r in results:
        assert (r.returncode, r.stderr) == (0, b"")
        assert r.stdout == expected.stdout


def test_a_run_of_edits_keeps_the_index_equal_to_the_loader(cache: Path, tmp_path: Path) -> None:
    """Random edits, one after another, in two directories; after each, the index and the
    loader agree on every fact and every problem (duplicates, overrides, removals)."""
    import random

    rng = random.Random(5)
    first, second = tmp_path / "one", tmp_path / "two"
    shutil.copytree(bundled_facts_dir(), first)
    second.mkdir()
    (second / "kazakhstan").mkdir()
    dirs = [first, second]
    files = sorted(first.glob("*/*.yaml"))
    open_index(dirs)

    def fact_blocks(path: Path) -> tuple[str, list[str]]:
        head, _, body = path.read_text().partition("facts:\n")
        return head + "facts:\n", ["  - id:" + b for b in body.split("  - id:")[1:]]

    seen_override = False
    for step in range(16):
        action = rng.choice(["duplicate", "drop", "remove", "override", "restore"])
        src = rng.choice(files)
        if not src.exists():
            continue
        head, blocks = fact_blocks(src)
        if action == "duplicate" and blocks:  # a fact repeated in another file of the same dir
            other = rng.choice([f for f in files if f.exists() and f != src])
            other.write_text(other.read_text().rstrip("\n") + "\n" + rng.choice(blocks))
            _touch_later(other)
        elif action == "drop" and len(blocks) > 1:
            blocks.pop(rng.randrange(len(blocks)))
            src.write_text(head + "".join(blocks))
            _touch_later(src)
        elif action == "remove":
            src.unlink()
        elif action == "override":  # the same id in the later directory
            _, own = fact_blocks(bundled_facts_dir() / "kazakhstan" / "governance.yaml")
            target = second / "kazakhstan" / f"governance.o{step}.yaml"
            block = rng.choice(own).replace("statement: ", "statement: Overridden. ", 1)
            target.write_text("subject: kazakhstan\ntopic: governance\nfacts:\n" + block)
        elif action == "restore":
            shutil.copy(bundled_facts_dir() / src.relative_to(first), src)
            _touch_later(src)
        store = open_index(dirs)
        indexed, loaded = store.base(), load_base(dirs)
        overridden = [f for f in loaded.facts if f.statement.startswith("Overridden.")]
        seen_override = seen_override or bool(overridden)
        assert indexed.facts == loaded.facts, (step, action)
        assert indexed.problems == loaded.problems, (step, action)
        # Disagreements are worked out again for the series an edit touched, and only those.
        assert store.conflicts() == conflicts(loaded), (step, action)
        for query in ("freedom", "rare earth", "Overridden"):
            found = ranked_hits(store.search(parse_query(query)), parse_query(query))
            assert found == search(loaded, query), query
    assert seen_override


def test_cache_settings_read_the_environment_given() -> None:
    from c5lens.index.api import cache_settings

    assert cache_settings({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}) == (
        Path("/x/cache/c5lens"),
        True,
    )
    # A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory spec says.
    for xdg in ("", "rel/cache", "./cache"):
        got = cache_settings({"XDG_CACHE_HOME": xdg, "HOME": "/home/u"})
        assert got == (Path("/home/u/.cache/c5lens"), True)
    for off, use in (("1", False), ("yes", False), ("0", True), ("", True)):
        assert cache_settings({"HOME": "/h", "C5LENS_NO_CACHE": off})[1] is use


def test_open_store_takes_its_settings(tmp_path: Path, base_dir: Path) -> None:
    from c5lens.index.api import open_store
    from c5lens.index.memory import MemoryStore
    from c5lens.index.sqlite import SqliteStore

    calls: list[tuple[int, int]] = []
    store = open_store(
        [base_dir], cache_dir=tmp_path / "c", use_cache=True, progress=lambda *a: calls.append(a)
    )
    assert isinstance(store, SqliteStore)
    assert index_path([base_dir], tmp_path / "c").exists()
    assert calls and calls[-1][0] == calls[-1][1] and calls == sorted(calls)
    assert isinstance(open_store([base_dir], cache_dir=None, use_cache=True), MemoryStore)
    assert isinstance(open_store([base_dir], cache_dir=tmp_path, use_cache=False), MemoryStore)
    assert not (tmp_path / "c5lens").exists()


def test_a_parallel_build_equals_the_loader(
    cache: Path, base_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from c5lens.index import reading

    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    store = open_index([base_dir])
    loaded = load_base([base_dir])
    assert store.base().facts == loaded.facts
    assert store.problems() == loaded.problems


def test_a_new_file_without_room_between_its_neighbours_rebuilds(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from c5lens.index import build

    root = tmp_path / "base"
    shutil.copytree(bundled_facts_dir(), root)
    monkeypatch.setattr(build, "GAP", 1)  # no number between two files' orders
    open_index([root])
    first = sorted(p for p in root.glob("*/*.yaml"))[0]
    shutil.copy(first, first.with_name(first.stem + ".copy.yaml"))
    assert open_index([root]).base() == load_base([root])


@pytest.mark.parametrize("where", ["subject directory", "file"])
def test_a_name_that_is_not_utf8_is_indexed(cache: Path, base_dir: Path, where: str) -> None:
    """A file (or subject directory) name of bytes that are not UTF-8 is indexed, or reported,
    for that file only: the index stays on for the base (D79)."""
    src = (base_dir / "kazakhstan" / "diplomacy.yaml").read_bytes()
    root = os.fsencode(base_dir)
    if where == "file":
        target = os.path.join(root, b"kazakhstan", b"diplom\xe1cy.yaml")
    else:
        os.mkdir(os.path.join(root, b"kaz\xffstan"))
        target = os.path.join(root, b"kaz\xffstan", b"diplomacy.yaml")
    with open(target, "wb") as f:
        f.write(src.replace(b"id: kazakhstan.", b"id: kazakhstan.copy-"))
    store = open_index([base_dir])
    assert store.base() == load_base([base_dir])
    assert store.problems() and store.problems() == load_base([base_dir]).problems
    args = ["validate", "--json", "--facts-dir", str(base_dir)]
    assert run(args) == run(args, C5LENS_NO_CACHE="1")
    open_index([base_dir])  # fresh: nothing was stored that cannot be read back
    assert store.state in ("fresh", "rebuilt")


def test_a_build_removes_garbage_and_indexes_unused_for_30_days(cache: Path) -> None:
    dirs = facts_dirs()
    where = index_path(dirs).parent
    where.mkdir(parents=True)
    old, recent = where / "index-00000000000000000000.sqlite", where / "index-1.sqlite"
    for db in (old, recent):
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{db}{suffix}").write_bytes(b"x")
    month = 31 * 86400
    st = old.stat()
    os.utime(f"{old}.lock", (st.st_atime - month, st.st_mtime - month))
    tmp = where / f"{index_path(dirs).name}.abc123.tmp"
    tmp.write_bytes(b"\0" * 100)
    open_index(dirs)  # a build
    names = set(os.listdir(where))
    assert not {old.name, f"{old.name}-wal", f"{old.name}.lock", tmp.name} & names
    assert {recent.name, f"{recent.name}.lock", index_path(dirs).name} <= names
