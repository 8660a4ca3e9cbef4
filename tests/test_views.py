"""The profile, the timeline, the pager and colour, as a person sees them (D97-D99).

Screens are the shipped base at 80 and 120 columns (`C5LENS_UPDATE_GOLDEN=1` rewrites them);
`country` is also run under a real pseudo-terminal, with a fake pager written in tmp_path.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from c5lens.cli.environment import Environment
from c5lens.cli.fast import run

GOLDEN = Path(__file__).parent / "golden" / "screens"
UPDATE = os.environ.get("C5LENS_UPDATE_GOLDEN", "") not in ("", "0")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def c5(*args: str, **variables: str) -> tuple[int, str, str]:
    """c5lens in-process over the shipped base, as through a pipe (with COLUMNS, at that width)."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, {"C5LENS_NO_CACHE": "1", **variables}, stdout_isatty=False)
    code = run(list(args), env)
    return code, out.getvalue(), err.getvalue()


SCREENS = {
    "country-kazakhstan": ("country", "kazakhstan"),
    "timeline": ("timeline",),
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, width: int) -> None:
    code, out, err = c5(*SCREENS[name], COLUMNS=str(width))
    assert (code, err) == (0, "")
    path = GOLDEN / f"{name}-{width}.txt"
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
    assert max(len(line) for line in out.splitlines()) <= width


def test_country_shows_a_correction_not_a_dispute() -> None:
    _, out, _ = c5("country", "kazakhstan", COLUMNS="400")
    assert "≠" not in out
    assert re.search(r"^Capital +Astana$", out, re.M)
    assert "— corrected: Kazakhstan's capital is Astana, not Almaty." in out
    assert "Almaty   " not in out  # never the brief's value in a Value column
    # older values folded after the latest, newest first
    assert "4.8% (2024 est.) · 5.1% (2023 est.) · 3.2% (2022 est.)" in out


def test_country_lists_the_facts_involving_it() -> None:
    _, out, _ = c5("country", "kazakhstan", COLUMNS="400")
    involving = out[out.index("Involving Kazakhstan") :]
    tokyo = "The Central Asia + Japan Dialogue held its first-ever"
    assert tokyo in involving and "19–20 December 2025" in involving
    # the 12 facts of other subjects whose `related` names Kazakhstan
    _, records, _ = c5("facts", "--involving", "kazakhstan", "--json")
    others = [r for r in json.loads(records) if r["country"] != "kazakhstan"]
    assert all("kazakhstan" in r["related"] for r in others)
    assert len(others) == 12
    assert all(r["statement"] in involving for r in others)


def test_country_json_is_the_subjects_own_facts() -> None:
    _, out, _ = c5("country", "kazakhstan", "--json")
    _, facts, _ = c5("facts", "--country", "kazakhstan", "--json")
    document = json.loads(out)
    assert list(document) == ["subject", "facts"]
    assert document["facts"] == json.loads(facts)


def test_conflicts_are_real_disagreements_only() -> None:
    assert c5("conflicts", "--json") == (0, "[]\n", "")
    assert c5("conflicts", COLUMNS="80") == (0, "", "c5lens: no disagreements\n")
    _, out, _ = c5("compare", "kazakhstan", "--metric", "capital", "--json")
    assert [(r["value"], r["disagreement"]) for r in json.loads(out)] == [("Astana", False)]


def _ids(*args: str) -> list[str]:
    code, out, err = c5(*args, "--json")
    assert (code, err) == (0, "")
    return [r["id"] for r in json.loads(out)]


def test_timeline_leaves_the_reference_basics_out_unless_asked() -> None:
    shown, every = _ids("timeline"), _ids("timeline", "--all")
    factbook = _ids("timeline", "--source", "world-factbook-2026")
    assert (len(shown), len(every), len(factbook)) == (205, 458, 253)
    assert set(shown) | set(factbook) == set(every)
    assert not [i for i in shown if ".fb-" in i]


@pytest.mark.parametrize(("precision", "count"), [("day", 93), ("month", 108), ("year", 205)])
def test_timeline_precision(precision: str, count: int) -> None:
    ids = _ids("timeline", "--precision", precision)
    _, out, _ = c5("timeline", "--json")
    kept = {"day": ["day"], "month": ["day", "month"], "year": ["day", "month", "year"]}
    assert ids == [r["id"] for r in json.loads(out) if r["precision"] in kept[precision]]
    assert len(ids) == count
    code, out, _ = c5("timeline", "--precision", precision.upper(), "--json")
    assert (code, len(json.loads(out))) == (0, count)


def test_timeline_precision_refuses_other_words() -> None:
    code, out, err = c5("timeline", "--precision", "hour")
    assert (code, out) == (2, "")
    assert err.startswith("c5lens: error: ") and "'--precision'" in err and "hour" in err
    assert err.count("\n") == 1


def test_timeline_groups_by_year() -> None:
    _, out, _ = c5("timeline", "--since", "2025-12", COLUMNS="200")
    headings = [line for line in out.splitlines() if re.fullmatch(r"\d{4}", line)]
    assert headings == ["2025", "2026"]


# --- colour -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "variables", "coloured"),
    [
        ((), {}, False),  # a pipe: auto is plain
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # the option beats the variable
        (("--color", "always", "--no-color"), {}, False),  # --no-color wins
        (("--color", "never"), {}, False),
        (("--color", "ALWAYS"), {"COLUMNS": "80"}, True),
    ],
)
def test_color_option(args: tuple[str, ...], variables: dict[str, str], coloured: bool) -> None:
    code, out, _ = c5("rank", "freedom_house_score", *args, **variables)
    assert code == 0
    assert ("\x1b[" in out) is coloured
    assert ANSI.sub("", out).startswith("Freedom House score (freedom_house_score): ")


def test_color_before_the_command_too() -> None:
    assert c5("--color", "always", "topics")[1].count("\x1b[") > 0


def test_color_refuses_other_words() -> None:
    code, out, err = c5("topics", "--color", "sometimes")
    assert (code, out) == (2, "")
    assert "'--color'" in err and err.count("\n") == 1


# --- the pager, under a real pseudo-terminal ------------------------------------------------


def _fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that copies what it is given to a file and prints one line of its own."""
    got = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(
        "import sys\n"
        f"open({str(got)!r}, 'wb').write(sys.stdin.buffer.read())\n"
        "print('FAKE-PAGER-RAN')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}", got


def _in_pty(args: list[str], variables: dict[str, str], rows: int = 24, cols: int = 80) -> str:
    """c5lens in a pseudo-terminal of rows x cols; what the terminal showed."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update({"C5LENS_NO_CACHE": "1", "TERM": "xterm", **variables})
    proc = subprocess.Popen(
        [sys.executable, "-m", "c5lens", *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


def test_country_on_a_terminal_is_the_80_column_screen(tmp_path: Path) -> None:
    shown = _in_pty(["country", "kazakhstan", "--no-pager"], {})
    golden = (GOLDEN / "country-kazakhstan-80.txt").read_text(encoding="utf-8")
    assert "".join(line.rstrip() + "\n" for line in shown.splitlines()) == golden


def test_tall_output_goes_through_the_pager(tmp_path: Path) -> None:
    pager, got = _fake_pager(tmp_path)
    shown = _in_pty(["country", "kazakhstan"], {"C5LENS_PAGER": pager, "PAGER": "false"})
    assert shown == "FAKE-PAGER-RAN\n"
    paged = ANSI.sub("", got.read_text(encoding="utf-8"))
    golden = (GOLDEN / "country-kazakhstan-80.txt").read_text(encoding="utf-8")
    assert "".join(line.rstrip() + "\n" for line in paged.splitlines()) == golden


def test_pager_falls_back_to_pager_variable(tmp_path: Path) -> None:
    pager, got = _fake_pager(tmp_path)
    assert _in_pty(["timeline"], {"PAGER": pager}) == "FAKE-PAGER-RAN\n"
    assert got.exists()


@pytest.mark.parametrize(
    ("args", "variables"),
    [
        (["country", "kazakhstan", "--no-pager"], {}),
        (["--no-pager", "country", "kazakhstan"], {}),
        (["country", "kazakhstan"], {"C5LENS_PAGER": ""}),
        (["country", "kazakhstan"], {"C5LENS_PAGER": "cat"}),
        (["country", "kazakhstan"], {"C5LENS_PAGER": "/no/such/pager"}),  # written as is
        (["country", "kazakhstan"], {"C5LENS_PAGER": "'unbalanced"}),
        (["country", "kazakhstan", "--json"], {}),  # never with a non-table format
        (["topics"], {}),  # shorter than the terminal
    ],
)
def test_no_pager(tmp_path: Path, args: list[str], variables: dict[str, str]) -> None:
    pager, got = _fake_pager(tmp_path)
    shown = _in_pty(args, {"PAGER": pager, **variables}, rows=24 if args != ["topics"] else 60)
    assert "FAKE-PAGER-RAN" not in shown and not got.exists()
    assert shown.strip()


def test_never_a_pager_in_a_pipe(tmp_path: Path) -> None:
    pager, got = _fake_pager(tmp_path)
    env = {**os.environ, "C5LENS_NO_CACHE": "1", "C5LENS_PAGER": pager, "LINES": "5"}
    done = subprocess.run(
        [sys.executable, "-m", "c5lens", "country", "kazakhstan"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "FAKE-PAGER-RAN" not in done.stdout and not got.exists()
    assert done.stdout.startswith("Kazakhstan  country")


# --- no token is ever split -----------------------------------------------------------------


def _tokens(records: list[dict], subjects: bool) -> set[str]:
    """What a person copies from the records shown: source ids, subject keys, dates as shown,
    and the figures of the values (with thousands separators)."""
    from c5lens.base.dates import parse_as_of
    from c5lens.render.display import format_number

    out: set[str] = set()
    for r in records:
        source = r["source"]["id"] if isinstance(r["source"], dict) else r["source"]
        # The basics name their source by title, once, and their date only where it is not
        # the edition's: only their figures are tokens.
        if source != "world-factbook-2026":
            out.add(source)
            out.add(parse_as_of(r["as_of"]).human())
        if subjects:
            out.add(r["country"])
        value = r["value"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.add(format_number(value))
    return out


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize(
    ("args", "subjects"),
    [(("country", "kazakhstan"), False), (("country", "japan"), False), (("timeline",), True)],
)
def test_no_token_is_split(args: tuple[str, ...], subjects: bool, width: int) -> None:
    _, out, _ = c5(*args, COLUMNS=str(width))
    _, data, _ = c5(*args, "--json")
    document = json.loads(data)
    records = document["facts"] if isinstance(document, dict) else document
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    broken = [t for t in _tokens(records, subjects) if not any(t in line for line in lines)]
    assert broken == []
