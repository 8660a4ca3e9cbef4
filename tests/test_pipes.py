"""The installed `c5lens` console script in real processes: pipes, locales, terminals, signals,
shell completion.

These run the script next to the test interpreter (`Path(sys.executable).parent / "c5lens"`),
over the shipped facts unless a test says otherwise.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import write_fixture_base

C5LENS = Path(sys.executable).parent / "c5lens"
pytestmark = pytest.mark.skipif(not C5LENS.exists(), reason=f"no console script at {C5LENS}")

# What a user's shell would not have set: no facts of ours, no width, colour or buffering hints.
_DROP = (
    "C5LENS_FACTS_PATH", "C5LENS_NO_BUNDLED", "C5LENS_NO_CACHE", "COLUMNS", "LINES", "NO_COLOR",
    "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "PYTHONUNBUFFERED", "PYTHONIOENCODING",
    "PYTHONUTF8",
)  # fmt: skip


def env(**extra: str | None) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in _DROP}
    out.update(extra)
    return {k: v for k, v in out.items() if v is not None}


def run(*args: str, **extra: str | None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(C5LENS), *args], env=env(**extra), capture_output=True, timeout=60, check=False
    )


# --- pipes that close early ----------------------------------------------------------------------


def read_then_close(args: list[str], nbytes: int) -> tuple[int, bytes, bytes]:
    """Run c5lens into a small pipe, read `nbytes` of it and close it, as `| head -c` does."""
    r, w = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(r, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)  # Linux: make the pipe fill
    except (ImportError, OSError):
        pass
    proc = subprocess.Popen(
        [str(C5LENS), *args], stdout=w, stderr=subprocess.PIPE, env=env(), close_fds=True
    )
    os.close(w)
    head = b""
    while len(head) < nbytes:
        chunk = os.read(r, nbytes - len(head))
        if not chunk:
            break
        head += chunk
    os.close(r)
    err = proc.stderr.read()
    proc.stderr.close()
    return proc.wait(timeout=60), head, err


@pytest.mark.parametrize(
    "args", [["facts", "--json"], ["facts", "--format", "jsonl"], ["facts"], ["timeline"]]
)
def test_closed_pipe_ends_quietly_with_0(args: list[str]) -> None:
    code, head, err = read_then_close(args, 100)
    assert len(head) == 100
    assert b"Traceback" not in err and b"BrokenPipeError" not in err
    assert (code, err) == (0, b"")


@pytest.mark.parametrize(
    "pipeline",
    [
        '"$C5LENS" facts --json | head -c 100',
        '"$C5LENS" facts --format jsonl | head -1',
        '"$C5LENS" facts | head -1',
    ],
)
def test_shell_pipeline_with_pipefail(pipeline: str) -> None:
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipeline],
        env=env(C5LENS=str(C5LENS)),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout
    if "jsonl" in pipeline:
        assert json.loads(done.stdout)["id"]


# --- locales -------------------------------------------------------------------------------------

C_LOCALES = {
    # Python switches to UTF-8 by itself in the C locale (PEP 540) ...
    "C": {"LANG": "C", "LC_ALL": "C"},
    # ... unless told not to: then stdout is ASCII and argv arrives undecoded.
    "C-no-utf8-mode": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"},
}


@pytest.mark.parametrize("locale", list(C_LOCALES))
def test_native_names_in_the_c_locale(locale: str) -> None:
    done = run("country", "Қазақстан", "--json", **C_LOCALES[locale])
    assert (done.returncode, done.stderr) == (0, b"")
    subject = json.loads(done.stdout.decode("utf-8"))["subject"]
    assert subject["key"] == "kazakhstan"
    assert "Қазақстан" in subject["names"] and "Казахстан" in subject["names"]


@pytest.mark.parametrize("locale", list(C_LOCALES))
def test_tables_in_the_c_locale(locale: str) -> None:
    done = run("country", "Oʻzbekiston", **C_LOCALES[locale])
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")  # UTF-8 whatever the locale says
    assert text.startswith("Uzbekistan  country · UZ / UZB / 860 · ")
    done = run("countries", **C_LOCALES[locale])
    assert done.returncode == 0
    assert "Қазақстан" in done.stdout.decode("utf-8")


# --- stdout carries only data --------------------------------------------------------------------


def test_errors_print_nothing_on_stdout() -> None:
    done = run("country", "nowhere")
    assert (done.returncode, done.stdout) == (3, b"")
    assert done.stderr == (
        b"c5lens: error: unknown subject 'nowhere' (run 'c5lens countries' to list them)\n"
    )
    done = run("country", "kazakstn")
    assert (done.returncode, done.stdout) == (3, b"")
    assert done.stderr == b"c5lens: error: unknown subject 'kazakstn' (did you mean kazakhstan?)\n"


def test_warnings_go_to_stderr(tmp_path: Path) -> None:
    root = write_fixture_base(tmp_path / "facts", broken=True)
    done = run("facts", "--json", "--facts-dir", str(root), C5LENS_NO_BUNDLED="1")
    assert done.returncode == 4
    assert len(json.loads(done.stdout)) == 10
    assert done.stderr.decode().splitlines()[0].startswith("c5lens: warning: ")


# --- colour --------------------------------------------------------------------------------------


def run_in_terminal(args: list[str], **extra: str | None) -> bytes:
    """c5lens with stdout on a pseudo-terminal of 100 columns; what it wrote there."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
    proc = subprocess.Popen(
        [str(C5LENS), *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=env(**{"C5LENS_PAGER": "", **extra}),  # the pager has its own tests (test_views)
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side has closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks)


def test_a_terminal_gets_colour() -> None:
    # The control for the tests below: colour codes do reach a terminal that asks for them.
    out = run_in_terminal(["country", "kazakhstan"], TERM="xterm-256color")
    assert b"Kazakhstan" in out and b"\x1b[" in out


@pytest.mark.parametrize(
    "args,extra",
    [
        (["country", "kazakhstan"], {"NO_COLOR": "1", "TERM": "xterm-256color"}),
        (["country", "kazakhstan"], {"TERM": "dumb"}),
        (["country", "kazakhstan", "--no-color"], {"TERM": "xterm-256color"}),
        (["rank", "freedom_house_score", "--no-color"], {"TERM": "xterm-256color"}),
    ],
    ids=["NO_COLOR", "TERM=dumb", "--no-color", "rank --no-color"],
)
def test_no_colour_on_a_terminal_when_asked(args: list[str], extra: dict[str, str]) -> None:
    out = run_in_terminal(args, **extra)
    assert b"Kazakhstan" in out
    assert b"\x1b[" not in out


def test_piped_tables_are_plain_and_unwrapped() -> None:
    done = run("country", "kazakhstan", TERM="xterm-256color")
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert max(len(line) for line in lines) > 80  # not wrapped to the 80 columns of a guess
    assert all(line == line.rstrip() for line in lines)  # and no padding at the end


def test_piped_tables_follow_columns() -> None:
    done = run("country", "kazakhstan", COLUMNS="100")
    assert done.returncode == 0
    lines = done.stdout.decode("utf-8").splitlines()
    assert max(len(line) for line in lines) == 100


# --- Ctrl-C --------------------------------------------------------------------------------------

_INTERRUPTED = """
import os, sys, time
import c5lens.cli.result as result
from c5lens.cli.fast import main

MODE = sys.argv[1]

def load(self, *args, **kwargs):
    if MODE == "raise":
        raise KeyboardInterrupt
    os.write(2, b"ready\\n")
    time.sleep(30)

result.Session.registries = result.Session.store = load
sys.argv[1:] = ["facts"]
main()
"""


def test_keyboard_interrupt_exits_130_with_a_newline() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED, "raise"],
        env=env(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"\n")


def test_sigint_exits_130_with_a_newline() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED, "wait"],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stderr.readline() == b"ready\n"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert (proc.returncode, out, err) == (130, b"", b"\n")


# --- shell completion ----------------------------------------------------------------------------


def complete(words: str, **extra: str | None) -> list[str]:
    done = run(
        _C5LENS_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        **extra,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    return done.stdout.decode("utf-8").splitlines()


COMPLETIONS = {
    "c5lens country kaz": ["kazakhstan"],
    "c5lens compare kazakhstan uz": ["uzbekistan"],
    "c5lens facts --topic gov": ["governance"],
    "c5lens facts --source ima": ["imai-2025"],
    "c5lens rank freedom_house": ["freedom_house_score", "freedom_house_status"],
    "c5lens fact kazakhstan.freedom-house-s": [
        "kazakhstan.freedom-house-score-2025",
        "kazakhstan.freedom-house-status-2025",
    ],
    "c5lens source shams": ["shamsuddinov-2026"],
    "c5lens cite imai": ["imai-2025"],
    "c5lens cou": ["country", "countries"],
}


@pytest.mark.parametrize("words", list(COMPLETIONS))
def test_completion(words: str) -> None:
    assert complete(words) == COMPLETIONS[words]


def test_completion_of_a_private_base(tmp_path: Path) -> None:
    root = write_fixture_base(tmp_path / "facts")
    private = {"C5LENS_FACTS_PATH": str(root), "C5LENS_NO_BUNDLED": "1"}
    assert complete("c5lens country ", **private) == ["arland", "borduria", "syldavia", "steppe"]
    assert complete("c5lens rank gr", **private) == ["growth_rate"]
    assert complete("c5lens fact arland.c", **private) == ["arland.capital"]
