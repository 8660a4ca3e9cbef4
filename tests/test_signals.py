"""Ctrl-C and SIGTERM sent to real c5lens processes at sampled moments: exit 130 or 143, one
line at most, never a traceback (D80).

A delay counts from the start of the process, but the signal is not sent before c5lens's
handlers are in (seen in /proc/PID/status): before that the interpreter is still starting and
no package code can help (docs/reliability.md measures that window).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="needs Linux's /proc to see the handlers"
)

EXE = str(Path(sys.executable).parent / "c5lens")
SEED = 15
DELAYS = sorted(random.Random(SEED).uniform(40, 350) for _ in range(10))


def _env(cache: Path, **more: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    return {**env, "XDG_CACHE_HOME": str(cache), **more}


def _handlers_in(pid: int) -> bool:
    """Whether the process catches SIGTERM, which only c5lens's handlers do."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("SigCgt:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    except OSError:
        pass
    return False


def _signalled(
    tmp_path: Path, sig: int, delay_ms: float, env: dict[str, str], *args: str
) -> tuple[int | None, str, bytes]:
    """Run c5lens ARGS, send `sig` after `delay_ms`; (exit code, stderr, stdout). The code is
    None when the run had ended before the signal could be sent."""
    out = tmp_path / "out"
    with out.open("wb") as stdout:
        start = time.monotonic()
        p = subprocess.Popen(
            [EXE, *args], stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=tmp_path
        )
        while not _handlers_in(p.pid) and p.poll() is None:
            time.sleep(0.0005)
        time.sleep(max(0.0, delay_ms / 1000 - (time.monotonic() - start)))
        ended = p.poll() is not None
        if not ended:
            p.send_signal(sig)
        _, err = p.communicate(timeout=120)
    return (None if ended else p.returncode), err.decode(errors="replace"), out.read_bytes()


def _check(code: int | None, err: str, data: bytes, expected: int, line: str) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    if code == 0:  # the run ended between the last look and the signal: all of it is there
        assert isinstance(json.loads(data), list)
        return
    if code is not None:
        assert (code, err) == (expected, line)


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    subprocess.run([EXE, "facts", "--json"], env=_env(cache), capture_output=True, check=True)
    return cache


@pytest.mark.parametrize("delay", DELAYS[::2], ids=lambda d: f"{d:.0f}ms")
@pytest.mark.parametrize("no_cache", ["0", "1"])
def test_ctrl_c_at_any_moment_is_130_and_a_newline(
    tmp_path: Path, warm_cache: Path, delay: float, no_cache: str
) -> None:
    env = _env(warm_cache, C5LENS_NO_CACHE=no_cache)
    code, err, data = _signalled(tmp_path, signal.SIGINT, delay, env, "facts", "--json")
    _check(code, err, data, 130, "\n")


@pytest.mark.parametrize("delay", DELAYS[1::2], ids=lambda d: f"{d:.0f}ms")
def test_sigterm_at_any_moment_is_143_and_silent(
    tmp_path: Path, warm_cache: Path, delay: float
) -> None:
    env = _env(warm_cache, C5LENS_NO_CACHE="1")
    code, err, data = _signalled(tmp_path, signal.SIGTERM, delay, env, "facts", "--json")
    _check(code, err, data, 143, "")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_a_first_build_leaves_a_usable_index(tmp_path: Path, sig: int) -> None:
    cache = tmp_path / "cache"
    delay = random.Random(f"{SEED}-{sig}").uniform(40, 120)
    code, err, _ = _signalled(tmp_path, sig, delay, _env(cache), "search", "capital", "--json")
    assert "Traceback" not in err
    assert code in (None, 0, 128 + sig)
    again = subprocess.run(
        [EXE, "search", "capital", "--json"], env=_env(cache), capture_output=True, check=False
    )
    plain = subprocess.run(
        [EXE, "search", "capital", "--json"],
        env=_env(cache, C5LENS_NO_CACHE="1"),
        capture_output=True,
        check=False,
    )
    assert (again.returncode, again.stdout) == (plain.returncode, plain.stdout) == (0, plain.stdout)
    assert [p.name for p in cache.rglob("*.tmp")] == []


def test_a_second_ctrl_c_while_the_first_unwinds_ends_at_once(
    tmp_path: Path, warm_cache: Path
) -> None:
    env = _env(warm_cache, C5LENS_NO_CACHE="1")
    p = subprocess.Popen(
        [EXE, "facts", "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    while not _handlers_in(p.pid) and p.poll() is None:
        time.sleep(0.0005)
    time.sleep(0.06)
    for _ in range(3):
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
        time.sleep(0.002)
    _, err = p.communicate(timeout=60)
    assert b"Traceback" not in err
    assert p.returncode in (0, 130)


TYPER_DELAYS = sorted(random.Random(SEED + 1).uniform(40, 350) for _ in range(4))


@pytest.mark.parametrize("delay", TYPER_DELAYS, ids=lambda d: f"{d:.0f}ms")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_in_a_command_typer_runs_keeps_its_code(
    tmp_path: Path, warm_cache: Path, delay: float, sig: int
) -> None:
    """`export` goes through the Typer app, which turns a KeyboardInterrupt reaching it into a
    bare 130: SIGTERM must still be 143, and Ctrl-C still end its line."""
    target = tmp_path / "export"
    env = _env(warm_cache, C5LENS_NO_CACHE="1")
    out = tmp_path / "out"
    with out.open("wb") as stdout:
        start = time.monotonic()
        p = subprocess.Popen(
            [EXE, "export", "csv", str(target)], stdout=stdout, stderr=subprocess.PIPE, env=env
        )
        while not _handlers_in(p.pid) and p.poll() is None:
            time.sleep(0.0005)
        time.sleep(max(0.0, delay / 1000 - (time.monotonic() - start)))
        ended = p.poll() is not None
        if not ended:
            p.send_signal(sig)
        _, err = p.communicate(timeout=120)
    assert b"Traceback" not in err
    if ended or p.returncode == 0:
        assert p.returncode == 0 and target.is_dir()
        return
    assert (p.returncode, err) == (128 + sig, b"\n" if sig == signal.SIGINT else b"")
    assert not target.exists() or sorted(f.name for f in target.iterdir()) != []
