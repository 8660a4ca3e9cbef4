"""Screens as a person sees them on a terminal: compare, rank and history at 80 and 120 columns.

Each screen is drawn in-process as on a terminal (bars and sparklines, no colour: NO_COLOR)
and compared with tests/golden/screens/<name>-<width>.txt; compare and rank are drawn again by
a real process under a pseudo-terminal of that size, and must print the same lines. After a
deliberate change, rewrite the goldens with

    C5LENS_UPDATE_GOLDEN=1 python -m pytest tests/test_screens.py

and read `git diff tests/golden/screens` before committing.
"""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from c5lens.cli.environment import Environment
from c5lens.cli.fast import run

GOLDEN = Path(__file__).parent / "golden" / "screens"
UPDATE = os.environ.get("C5LENS_UPDATE_GOLDEN", "") not in ("", "0")
WIDTHS = (80, 120)
SCREENS = {
    "compare": "compare",
    "compare-population": "compare --metric population",
    "rank": "rank freedom_house_score",
    "rank-growth": "rank real_gdp_growth_rate",
    "history": "history kazakhstan real_gdp_growth_rate",
}
UNDER_PTY = ("compare", "compare-population", "rank")


def _lines(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.replace("\r\n", "\n").splitlines())


def screen(command: str, width: int, home: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    environ = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "xterm", "HOME": home}
    code = run(shlex.split(command), Environment(out, err, environ, stdout_isatty=True))
    assert code == 0
    return _lines(out.getvalue())


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("home"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SCREENS)
def test_screen(name: str, width: int, home: str) -> None:
    text = screen(SCREENS[name], width, home)
    path = GOLDEN / f"{name}-{width}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert all(len(line) <= width for line in text.splitlines())


def _under_pty(command: str, width: int, home: str) -> str:
    """c5lens run by a real process whose stdout is a pseudo-terminal `width` columns wide."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    attrs = termios.tcgetattr(follower)
    attrs[1] &= ~termios.ONLCR  # the lines as written, without the terminal's \r
    termios.tcsetattr(follower, termios.TCSANOW, attrs)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("C5LENS_")},
        "COLUMNS": str(width),
        "NO_COLOR": "1",
        "TERM": "xterm",
        "HOME": home,
        "XDG_CACHE_HOME": str(Path(home) / "cache"),
        "C5LENS_PAGER": "",  # the screen itself, not a pager's (test_views covers the pager)
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "c5lens", *shlex.split(command)],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower closed: Linux reports EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    return _lines(b"".join(chunks).decode("utf-8"))


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals on Windows")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", UNDER_PTY)
def test_screen_under_a_pseudo_terminal(name: str, width: int, home: str) -> None:
    text = _under_pty(SCREENS[name], width, home)
    assert "\x1b" not in text  # NO_COLOR: no escape codes at all
    assert text == (GOLDEN / f"{name}-{width}.txt").read_text(encoding="utf-8")
