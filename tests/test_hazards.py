"""Hazards of a facts directory: each is one clear line for its path, and the rest still loads.

Every hazard is checked three ways: `load_base` in this process (exactly one problem, for that
path, a path-level one: line 0), and the real console script with the index (the default) and
with `C5LENS_NO_CACHE=1`: `validate` lists the problem and exits 4; a lookup prints every valid
fact, warns with the same line on stderr and exits 4. Nothing may hang: every run has a timeout.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import c5lens.base.files
import c5lens.base.loading
from c5lens.base.docread import OUTSIDE
from c5lens.base.loading import load_base
from c5lens.base.model import Problem

WriteBase = Callable[..., Path]
C5LENS = Path(sys.executable).parent / "c5lens"

BASE_IDS = [
    "kazakhstan.tokyo-summit-2025",
    "kazakhstan.freedom-house-score-2025",
    "kazakhstan.capital",
    "uzbekistan.gdp-growth-2024",
    "uzbekistan.freedom-house-score-2025",
]
KAZAKHSTAN_IDS = [i for i in BASE_IDS if i.startswith("kazakhstan.")]
ECONOMY = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.gdp-growth-2024
    statement: Kazakhstan's economy grew by 4.8% in 2024.
    metric: gdp_growth
    value: 4.8
    unit: '%'
    as_of: '2024'
    source: src-a
    locator: Economy, para 1
"""


class Hazard:
    """A facts directory with one thing wrong, and the one problem it must give."""

    def __init__(self, root: Path, path: Path, message: str, extra_dirs: list[Path] | None = None):
        self.root, self.path, self.message = root, path, message
        self.dirs = [root, *(extra_dirs or [])]

    @property
    def line(self) -> str:
        return str(Problem(str(self.path), 0, 0, self.message))


def _unreadable(root: Path) -> tuple[Path, str]:
    """A fact file that exists but cannot be read, and the problem it gives."""
    path = root / "kazakhstan" / "economy.yaml"
    if os.geteuid() != 0:
        path.write_text(ECONOMY, encoding="utf-8")
        path.chmod(0)
        return path, "cannot read: Permission denied"
    # Root reads a file whatever its mode, so chmod 000 proves nothing here. A file whose read
    # fails for root too is Linux's /proc/self/mem; a link to it lies outside the facts
    # directory, so it is refused before any read is tried (D82).
    mem = Path("/proc/self/mem")
    if mem.exists():
        path.symlink_to(mem)
        return path, OUTSIDE
    pytest.skip("running as root, where chmod 000 does not stop a read, and without /proc")


def make_hazard(kind: str, root: Path, tmp_path: Path) -> Hazard:
    econ = root / "kazakhstan" / "economy.yaml"
    if kind == "symlink loop (file)":
        econ.symlink_to("economy.yaml")
        return Hazard(root, econ, "cannot read: Too many levels of symbolic links")
    if kind == "symlink loop (facts directory)":
        loop = tmp_path / "loop"
        loop.symlink_to("loop")
        return Hazard(
            root,
            loop,
            "cannot read facts directory: Too many levels of symbolic links",
            [loop],
        )
    if kind == "unreadable file":
        path, message = _unreadable(root)
        return Hazard(root, path, message)
    if kind == "directory named like a file":
        (econ / "inner.yaml").parent.mkdir()
        (econ / "inner.yaml").write_text(ECONOMY, encoding="utf-8")
        return Hazard(root, econ, "is a directory, not a file")
    if kind == "facts path that does not exist":
        missing = tmp_path / "no-such-dir"
        return Hazard(root, missing, "facts directory does not exist", [missing])
    if kind == "facts path too long":
        long = tmp_path / ("x" * 300)
        return Hazard(root, long, "cannot read facts directory: File name too long", [long])
    if kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes on this system")
        os.mkfifo(econ)
        return Hazard(root, econ, "not a regular file")
    if kind == "device":
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero on this system")
        try:  # a device node inside the facts directory, where one can be made
            os.mknod(econ, stat.S_IFCHR | 0o644, os.makedev(1, 5))
            return Hazard(root, econ, "not a regular file")
        except (OSError, AttributeError):
            econ.symlink_to("/dev/zero")  # refused as a link outside, before it is opened
            return Hazard(root, econ, OUTSIDE)
    raise AssertionError(kind)


HAZARDS = [
    "symlink loop (file)",
    "symlink loop (facts directory)",
    "unreadable file",
    "directory named like a file",
    "facts path that does not exist",
    "facts path too long",
    "named pipe",
    "device",
]


@pytest.fixture
def hazard(request: pytest.FixtureRequest, write_base: WriteBase, tmp_path: Path) -> Hazard:
    return make_hazard(request.param, write_base(), tmp_path)


@pytest.mark.parametrize("hazard", HAZARDS, indirect=True)
def test_the_loader_reports_one_line_and_loads_the_rest(hazard: Hazard) -> None:
    base = load_base(hazard.dirs)
    assert [str(p) for p in base.problems] == [hazard.line]
    assert [f.id for f in base.facts] == BASE_IDS


def _cli(hazard: Hazard, args: list[str], cache: str, env_extra: dict[str, str] | None = None,
         argv: list[str] | None = None) -> tuple[int, str, str]:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("C5LENS_", "COLUMNS"))}
    env["C5LENS_NO_BUNDLED"] = "1"
    if cache == "no index":
        env["C5LENS_NO_CACHE"] = "1"
    env.update(env_extra or {})
    dirs = [a for d in hazard.dirs for a in ("--facts-dir", str(d))]
    done = subprocess.run(
        [*(argv or [str(C5LENS)]), *args, *dirs],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


CACHE = ["index", "no index"]


def check_cli(hazard: Hazard, cache: str, argv: list[str] | None = None, restore=None) -> None:
    restore = restore or (lambda: None)
    for _ in range(2 if cache == "index" else 1):  # a cold and a warm index
        restore()
        code, out, err = _cli(hazard, ["validate"], cache, argv=argv)
        assert (code, out, err) == (4, hazard.line + "\n", "1 problem found\n")

        restore()
        code, out, err = _cli(hazard, ["facts", "--json"], cache, argv=argv)
        assert (code, err) == (4, f"c5lens: warning: {hazard.line}\n")
        assert sorted(f["id"] for f in json.loads(out)) == sorted(BASE_IDS)

        restore()
        code, out, err = _cli(hazard, ["country", "kazakhstan", "--json"], cache, argv=argv)
        assert (code, err) == (4, f"c5lens: warning: {hazard.line}\n")
        assert sorted(f["id"] for f in json.loads(out)["facts"]) == sorted(KAZAKHSTAN_IDS)


@pytest.mark.skipif(not C5LENS.exists(), reason=f"no console script at {C5LENS}")
@pytest.mark.parametrize("cache", CACHE)
@pytest.mark.parametrize("hazard", HAZARDS, indirect=True)
def test_the_command_line_reports_it_and_still_answers(hazard: Hazard, cache: str) -> None:
    check_cli(hazard, cache)


# --- a file removed between listing and reading --------------------------------------------------

# The console script's entry point, with the listing wrapped so that the victim file is deleted
# right after every directory listing: listed, then gone when it is read.
DRIVER = """\
import os, sys
import c5lens.base.files
victim = sys.argv.pop(1)
listing = c5lens.base.files.fact_files
def fact_files(root, out):
    found = listing(root, out)
    if os.path.lexists(victim):
        os.unlink(victim)
    return found
c5lens.base.files.fact_files = fact_files
from c5lens.cli.fast import main
main()
"""


def test_a_file_removed_between_listing_and_reading(
    write_base: WriteBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_base()
    victim = root / "kazakhstan" / "economy.yaml"
    victim.write_text(ECONOMY, encoding="utf-8")
    listing = c5lens.base.files.fact_files

    def fact_files(where, out):
        found = listing(where, out)
        victim.unlink(missing_ok=True)
        return found

    monkeypatch.setattr(c5lens.base.loading, "_fact_files", fact_files)
    base = load_base([root])
    assert [str(p) for p in base.problems] == [f"{victim}: cannot read: No such file or directory"]
    assert [f.id for f in base.facts] == BASE_IDS


@pytest.mark.parametrize("cache", CACHE)
def test_a_file_removed_between_listing_and_reading_on_the_command_line(
    write_base: WriteBase, tmp_path: Path, cache: str
) -> None:
    root = write_base()
    victim = root / "kazakhstan" / "economy.yaml"
    hazard = Hazard(root, victim, "cannot read: No such file or directory")
    check_cli(
        hazard,
        cache,
        argv=[sys.executable, "-c", DRIVER, str(victim)],
        restore=lambda: victim.write_text(ECONOMY, encoding="utf-8"),
    )


def test_the_unreadable_file_really_cannot_be_read(write_base: WriteBase, tmp_path: Path) -> None:
    hazard = make_hazard("unreadable file", write_base(), tmp_path)
    with pytest.raises(OSError):
        hazard.path.read_bytes()
    assert stat.S_ISREG(hazard.path.stat().st_mode)


# --- an alias bomb ------------------------------------------------------------------------------


@pytest.mark.skipif(not C5LENS.exists(), reason=f"no console script at {C5LENS}")
@pytest.mark.parametrize("cache", CACHE)
def test_an_alias_bomb_is_refused_quickly_on_the_command_line(
    write_base: WriteBase, cache: str
) -> None:
    """30 levels of 30 aliases (30**30 strings if expanded): refused where the first anchor is,
    in well under a second of work, and the rest of the base still answers."""
    import time

    lines = [
        "subject: kazakhstan",
        "topic: economy",
        "facts: []",
        "l0: &l0 [" + "lol, " * 29 + "lol]",
    ]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 30) + "]" for n in range(1, 30)]
    root = write_base(files={"kazakhstan/economy.yaml": "\n".join(lines) + "\n"})
    bomb = root / "kazakhstan" / "economy.yaml"
    hazard = Hazard(root, bomb, "")
    start = time.perf_counter()
    code, out, err = _cli(hazard, ["validate"], cache)
    assert time.perf_counter() - start < 5  # a process start, and the refusal
    assert code == 4
    first = f"{bomb}:4:5: anchors and aliases are not allowed in fact files (anchor &l0)"
    assert out.splitlines()[0] == first
    assert err == f"{30 + 29 * 30} problems found\n"
    code, out, err = _cli(hazard, ["facts", "--json"], cache)
    assert code == 4 and err.splitlines()[0] == f"c5lens: warning: {first}"
    assert sorted(f["id"] for f in json.loads(out)) == sorted(BASE_IDS)
