"""Closed and full standard streams, with real processes: one line on stderr where stderr
works, exit 1 when stdout lost data, and never "Exception ignored" or a traceback (D81)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).parent / "c5lens")
FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
needs_sh = pytest.mark.skipif(not Path("/bin/sh").exists(), reason="closes streams with /bin/sh")
COMMANDS = [
    ["topics"], ["topics", "--json"], ["facts", "--json"], ["country", "kz"], ["--version"],
    ["--help"], ["country", "--help"],
]  # fmt: skip
CLOSED = "standard output is closed"
NO_SPACE = "cannot write standard output: "


def _env(tmp_path: Path) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    return {**env, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}


def _shell(tmp_path: Path, redirect: str, args: list[str]) -> tuple[int, str]:
    """Run c5lens ARGS with a shell redirection; (exit code, what stderr got, if a file)."""
    err = tmp_path / "err"
    line = " ".join([EXE, *args, redirect])
    done = subprocess.run(["/bin/sh", "-c", line], env=_env(tmp_path), check=False, timeout=120)
    return done.returncode, err.read_text(encoding="utf-8") if err.exists() else ""


def _clean(err: str) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err


@needs_full
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_stdout_on_dev_full_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    with FULL.open("w") as full:
        done = subprocess.run(
            [EXE, *args], stdout=full, stderr=subprocess.PIPE, env=_env(tmp_path), check=False
        )
    err = done.stderr.decode()
    _clean(err)
    assert done.returncode == 1
    assert len(err.splitlines()) == 1 and err.startswith(f"c5lens: error: {NO_SPACE}"), err


@needs_sh
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_closed_stdout_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    code, err = _shell(tmp_path, f">&- 2>{tmp_path / 'err'}", args)
    _clean(err)
    assert (code, err) == (1, f"c5lens: error: {CLOSED}\n")


@needs_full
@pytest.mark.parametrize("args", [["topics", "--json"], ["fact", "nope"], ["country", "kz"]])
def test_stderr_on_dev_full_keeps_the_exit_code(tmp_path: Path, args: list[str]) -> None:
    expected = subprocess.run([EXE, *args], capture_output=True, env=_env(tmp_path), check=False)
    with FULL.open("w") as full:
        done = subprocess.run(
            [EXE, *args], stdout=subprocess.PIPE, stderr=full, env=_env(tmp_path), check=False
        )
    assert (done.returncode, done.stdout) == (expected.returncode, expected.stdout)
    assert done.returncode in (0, 3)


@needs_sh
@pytest.mark.parametrize("args", [["topics", "--json"], ["fact", "nope"]])
def test_closed_stderr_keeps_the_exit_code(tmp_path: Path, args: list[str]) -> None:
    expected = subprocess.run([EXE, *args], capture_output=True, env=_env(tmp_path), check=False)
    out = tmp_path / "out"
    code, _ = _shell(tmp_path, f">{out} 2>&-", args)
    assert (code, out.read_bytes()) == (expected.returncode, expected.stdout)


@needs_full
def test_both_on_dev_full_is_exit_1_and_silent(tmp_path: Path) -> None:
    with FULL.open("w") as full:
        done = subprocess.run([EXE, "facts", "--json"], stdout=full, stderr=full, check=False)
    assert done.returncode == 1


@needs_sh
def test_closed_stdin_and_every_stream_closed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = _shell(tmp_path, f"<&- >{out}", ["topics", "--json"])
    assert code == 0 and json.loads(out.read_text(encoding="utf-8"))
    code, _ = _shell(tmp_path, "<&- >&- 2>&-", ["topics", "--json"])
    assert code == 1


@needs_sh
def test_a_file_opened_with_stdout_closed_never_gets_the_output(tmp_path: Path) -> None:
    """With descriptor 1 closed, the first file c5lens opened (the index) took number 1 and a
    write to stdout would have gone into it: the closed descriptors get /dev/null first."""
    code, err = _shell(tmp_path, f">&- 2>{tmp_path / 'err'}", ["facts", "--json"])
    assert (code, err) == (1, f"c5lens: error: {CLOSED}\n")
    again = subprocess.run(
        [EXE, "fact", "kazakhstan.fb-capital", "--json"],
        capture_output=True,
        env=_env(tmp_path),
        check=False,
    )
    assert again.returncode == 0 and json.loads(again.stdout)["id"] == "kazakhstan.fb-capital"
