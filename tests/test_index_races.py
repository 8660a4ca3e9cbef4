"""Real processes racing on one index: stopped readers, rebuilds, edits, kills and full pipes
never make an answer wrong, an internal error, or a wait (docs/reliability.md has the figures).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from c5lens.base.paths import bundled_facts_dir
from c5lens.index.sqlite import index_path

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs POSIX signals")
C5LENS = Path(sys.executable).parent / "c5lens"
FACT = "kazakhstan.fb-area"
EDITED = Path("kazakhstan") / "geography.factbook.yaml"


class Base:
    def __init__(self, tmp: Path) -> None:
        self.dir = tmp / "facts"
        shutil.copytree(bundled_facts_dir(), self.dir)
        self.cache = tmp / "cache"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("C5LENS_", "COLUMNS"))},
            "XDG_CACHE_HOME": str(self.cache),
            "C5LENS_NO_BUNDLED": "1",
        }
        self.index = index_path([self.dir], self.cache / "c5lens")

    def argv(self, *args: str) -> list[str]:
        return [str(C5LENS), *args, "--facts-dir", str(self.dir)]

    def run(self, *args: str, off: bool = False) -> tuple[int, bytes, bytes]:
        env = {**self.env, "C5LENS_NO_CACHE": "1"} if off else self.env
        done = subprocess.run(self.argv(*args), capture_output=True, env=env, timeout=120)
        return done.returncode, done.stdout, done.stderr

    def start(self, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.argv(*args), env=self.env, **kwargs)  # type: ignore[call-overload, no-any-return]

    def write(self, path: Path, text: str, in_place: bool = False) -> None:
        """Write a fact file as editors and git do (a new file renamed over it), or in place."""
        if in_place:
            path.write_text(text)
        else:
            tmp = self.dir.parent / "edit.tmp"
            tmp.write_text(text)
            os.replace(tmp, path)

    def edit(self, old: str, new: str, path: Path = EDITED) -> None:
        f = self.dir / path
        self.write(f, f.read_text().replace(old, new, 1))

    def area(self, value: str, in_place: bool = False) -> None:
        text = (self.dir / EDITED).read_text()
        start = text.index("value: ", text.index(f"id: {FACT}"))
        end = text.index("\n", start)
        self.write(self.dir / EDITED, text[:start] + f"value: {value}" + text[end:], in_place)


@pytest.fixture
def base(tmp_path: Path) -> Base:
    return Base(tmp_path)


def _ok(result: tuple[int, bytes, bytes], *expected: tuple[int, bytes, bytes]) -> None:
    assert b"internal error" not in result[2]
    assert result in expected


# Holds a read transaction of the index open, then waits to be stopped and resumed.
HOLDER = """\
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
n = conn.execute("SELECT COUNT(*) FROM rows").fetchone()[0]
print(n, flush=True)
time.sleep(30)
"""


def test_a_reader_stopped_inside_a_transaction_while_another_rebuilds(base: Base) -> None:
    before = base.run("fact", FACT, "--json")
    assert before[0] == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(base.index)], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None
        assert int(holder.stdout.readline()) > 0
        os.kill(holder.pid, signal.SIGSTOP)
        # A registry change rebuilds every table; a new file and an edit refresh.
        base.edit("title: The World Factbook", "title: The World Factbook ", Path("sources.yaml"))
        new = (base.dir / "kazakhstan" / "diplomacy.yaml").read_text()
        new = new.replace("topic: diplomacy", "topic: society").replace(
            "id: kazakhstan.", "id: kazakhstan.x-"
        )
        (base.dir / "kazakhstan" / "society.yaml").write_text(new)
        base.area("2724901")
        for args in (
            ["fact", FACT, "--json"],
            ["facts", "--json"],
            ["search", "uranium", "--json"],
        ):
            t = time.monotonic()
            result = base.run(*args)
            assert time.monotonic() - t < 10
            _ok(result, base.run(*args, off=True))
        os.kill(holder.pid, signal.SIGCONT)
    finally:
        holder.kill()
        holder.wait()
    _ok(base.run("fact", FACT, "--json"), base.run("fact", FACT, "--json", off=True))


def test_searches_during_rebuilds(base: Base) -> None:
    expected = base.run("search", "uranium", "--json", off=True)
    base.run("search", "uranium", "--json")
    sources = base.dir / "sources.yaml"
    text = sources.read_text()
    searches = []
    for i in range(6):
        # Every registry edit (a comment: the same registries) rebuilds the whole index.
        base.write(sources, text + f"# edit {i}\n")
        searches += [base.start("search", "uranium", "--json", stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in range(2)]  # fmt: skip
        time.sleep(0.05)
    for p in searches:
        out, err = p.communicate(timeout=120)
        _ok((p.returncode, out, err), expected)


def _torn(result: tuple[int, bytes, bytes], *expected: tuple[int, bytes, bytes]) -> bool:
    """A reader that caught the file half-written: a problem line for it, and either one of the
    expected answers or an unknown fact."""
    code, out, err = result
    lines = err.decode().splitlines()
    if not lines or not lines[0].startswith("c5lens: warning: ") or str(EDITED) not in lines[0]:
        return False
    if code == 0:
        return out in {e[1] for e in expected}
    return (code, out) == (3, b"") and lines[-1].startswith("c5lens: error: unknown fact")


@pytest.mark.parametrize("in_place", [False, True], ids=["renamed over", "written in place"])
def test_readers_during_repeated_edits(base: Base, in_place: bool) -> None:
    values = ["2724900", "2724911"]
    expected = []
    for v in values:
        base.area(v)
        expected.append(base.run("fact", FACT, "--json", off=True))
    base.run("fact", FACT, "--json")
    rng = random.Random(15)
    readers = []
    for i in range(10):
        base.area(values[i % 2], in_place)
        readers += [base.start("fact", FACT, "--json", stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE) for _ in range(2)]  # fmt: skip
        time.sleep(rng.uniform(0, 0.1))
    for p in readers:
        out, err = p.communicate(timeout=120)
        result = (p.returncode, out, err)
        # A file truncated and rewritten in place is briefly broken on disk, and is reported so.
        if not (in_place and _torn(result, *expected)):
            _ok(result, *expected)
    # Once the edits stop, the answer is the last value's.
    _ok(base.run("fact", FACT, "--json"), expected[1])


def _same_size_edit(base: Base, keep_times: os.stat_result) -> None:
    base.area("2724901", in_place=True)  # the same length as 2724900, in the same inode
    os.utime(base.dir / EDITED, ns=(keep_times.st_atime_ns, keep_times.st_mtime_ns))


@pytest.mark.parametrize("age", ["just written (racy)", "an hour old"])
def test_an_edit_of_the_same_size_with_its_time_set_back(base: Base, age: str) -> None:
    f = base.dir / EDITED
    if age == "an hour old":
        past = time.time_ns() - 3600 * 10**9
        os.utime(f, ns=(past, past))
    st = f.stat()
    base.run("fact", FACT, "--json")
    _same_size_edit(base, st)
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    result = base.run("fact", FACT, "--json")
    _ok(result, base.run("fact", FACT, "--json", off=True))
    assert b"2724901" in result[1]


def test_cp_p_over_a_file(base: Base, tmp_path: Path) -> None:
    f = base.dir / EDITED
    past = time.time_ns() - 3600 * 10**9
    os.utime(f, ns=(past, past))
    copy = tmp_path / "geography.factbook.yaml"
    shutil.copy2(f, copy)
    copy.write_text(copy.read_text().replace("2724900", "2724901", 1))
    os.utime(copy, ns=(past, past))
    base.run("fact", FACT, "--json")
    subprocess.run(["cp", "-p", str(copy), str(f)], check=True)
    result = base.run("fact", FACT, "--json")
    _ok(result, base.run("fact", FACT, "--json", off=True))
    assert b"2724901" in result[1]


def test_kill_9_mid_build_leaves_no_garbage(base: Base) -> None:
    expected = base.run("facts", "--json", off=True)
    (base.cache / "c5lens").mkdir(parents=True)
    # What a killed build of an older c5lens left: a temporary file beside the index.
    stale = base.cache / "c5lens" / f"{base.index.name}.x1y2.tmp"
    stale.write_bytes(b"\0" * 4096)
    rng = random.Random(15)
    sources = base.dir / "sources.yaml"
    text = sources.read_text()
    for i in range(8):
        sources.write_text(text + f"# build {i}\n")  # each run rebuilds the whole index
        p = base.start("facts", "--json", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.5))
        p.send_signal(signal.SIGKILL)
        p.wait()
    _ok(base.run("facts", "--json"), expected)
    names = sorted(os.listdir(base.cache / "c5lens"))
    stem = base.index.name
    assert set(names) <= {stem, f"{stem}-wal", f"{stem}-shm", f"{stem}.lock"}, names
    conn = sqlite3.connect(base.index)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("how", ["full pipe", "SIGSTOP"])
def test_a_paused_reader_makes_no_one_wait(base: Base, how: str) -> None:
    base.run("facts", "--json")
    r, w = os.pipe()
    # facts --json writes far more than a pipe holds: with nobody reading, it blocks.
    reader = base.start("facts", "--json", stdout=w, stderr=subprocess.DEVNULL)
    os.close(w)
    try:
        time.sleep(1.0)
        if how == "SIGSTOP":
            os.kill(reader.pid, signal.SIGSTOP)
        assert reader.poll() is None
        base.area("2724901")
        t = time.monotonic()
        result = base.run("fact", FACT, "--json")
        took = time.monotonic() - t
        _ok(result, base.run("fact", FACT, "--json", off=True))
        assert b"2724901" in result[1]
        assert took < 1.0, took
    finally:
        reader.kill()
        reader.wait()
        os.close(r)
