"""Hostile command lines: property-based tests of the real `c5lens` console script.

Random names, ids, dates, formats and options (Unicode, empty, very long, option-like, control
characters, bytes that are not UTF-8) go to every command, through the Typer-free fast path
(`country`, `facts`, `search`, `rank`, `fact`, `compare`, `validate`) and through Typer's
(`timeline`, `source`, `cite`, `sources`, `conflicts`, help, anything unusual). For each run:

- the exit code is a documented one for bad input: 0, 2 (usage), 3 (not found) or 4 (invalid
  data); never 1 (an unexpected error) nor a signal;
- stderr holds no traceback and at most a few lines (one error, or the warnings of `--facts-dir`
  problems);
- nothing hangs: every run has a timeout.

Each run is a process (about a tenth of a second), so the properties run few examples; the runs
are derandomized, so CI runs the same command lines every time (numbers in
docs/reliability.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from c5lens.cli import spec

C5LENS = Path(sys.executable).parent / "c5lens"
pytestmark = pytest.mark.skipif(not C5LENS.exists(), reason=f"no console script at {C5LENS}")

FAST_EXAMPLES = 30
TYPER_EXAMPLES = 25
RANDOM_EXAMPLES = 20
ALLOWED_EXIT = {0, 2, 3, 4}
MAX_STDERR_LINES = 7  # a lookup's five warnings, the count of the rest, and one error

Arg = str | bytes

KNOWN = [
    "kazakhstan", "Қазақстан", "Ўзбекистон", "KZ", "kz", "KAZ", "398", "Qazaqstan", "japan",
    "united-states", "central-asia", "china", "PRC", "kazakhstan.freedom-house-score-2025",
    "kazakhstan.freedom-house-score-2024", "imai-2025", "shamsuddinov-2026", "population",
    "freedom_house_score", "governance", "economy", "2025", "2025-06", "2025-06-19", "2025-13",
    "2025-02-30", "0000", "9999-12-31", "json", "jsonl", "csv", "tsv", "yaml", "markdown",
    "table", "text", "bibtex", "csl-json", "id,value", "id,,value", ",", "nope", "rare earth",
    "0", "5", "-1", "99999999999999999999", "1e3", "*", "%", "_", "'", '"', "\\", "NULL",
    "' OR 1=1 --", '"*', "NEAR(a b)", "a AND b", "^", "…", "ǅ", "ß", "İ", "ﬁ", "\u0301",
    "\u200b", "\ufeff", "\U0001f600", "Ⅻ", "٣", ".", "..", "/", "~",
]  # fmt: skip
OPTION_LIKE = [
    "-", "--", "-x", "---", "--json", "--format", "-f", "--fields", "--facts-dir", "--no-color",
    "--country=kz", "--country", "-c", "-n", "--limit", "--limit=-1", "--since", "--until",
    "--ascending", "--descending", "--topic", "-t", "--source", "-s", "--metric", "-m",
    "--full", "--help", "-h", "--version", "--install-completion", "--show-completion", "-abc",
    "--format=json", "-fjson", "--out", "--=", "-\u2014",
]  # fmt: skip
CONTROL = [
    "\n",
    "\r",
    "\t",
    "a\nb",
    "\x1b[31mred\x1b[0m",
    "\x07",
    "\x7f",
    "\x08\x08",
    "\x1b]0;x\x07",
]
COMMANDS = [*(c.name for c in spec.COMMANDS if c.group is None), *spec.GROUPS]

_chars = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
ARG = st.one_of(
    st.sampled_from(KNOWN),
    st.sampled_from(OPTION_LIKE),
    st.sampled_from(CONTROL),
    st.just(""),
    st.text(_chars, max_size=20),
    st.text(_chars, min_size=500, max_size=3000),
    st.integers(200, 20_000).map(lambda n: "kazakhstan" * (n // 10)),
    st.binary(min_size=1, max_size=8).filter(lambda b: b"\x00" not in b),
)


def _settings(n: int) -> settings:
    # By hand, a deeper search: C5LENS_FUZZ_SCALE=10 runs ten times the examples, and
    # C5LENS_FUZZ_RANDOM=1 new ones on every run. CI sets neither: the same inputs every time.
    return settings(
        max_examples=n * int(os.environ.get("C5LENS_FUZZ_SCALE", "1")),
        deadline=None,
        derandomize=os.environ.get("C5LENS_FUZZ_RANDOM", "") != "1",
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty working directory: `--facts-dir ''` or `validate .` reads nothing of ours."""
    return tmp_path_factory.mktemp("cli-fuzz-cwd")


def run(workdir: Path, args: list[Arg]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("C5LENS_", "_C5LENS"))}
    env.pop("COLUMNS", None)
    try:
        done = subprocess.run(
            [str(C5LENS), *args],
            capture_output=True,
            env=env,
            cwd=workdir,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"c5lens {args!r} did not finish in 60 s")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert done.returncode in ALLOWED_EXIT, (done.returncode, err)
    if done.returncode == 2 and err.startswith("Usage: c5lens"):
        # A group named without its command (`c5lens`, `c5lens import`): the help instead of an
        # error line, on stderr, exit 2, as the command line's design says (cli._report).
        assert "Traceback" not in err
        return
    assert len(err.splitlines()) <= MAX_STDERR_LINES, err
    assert not any(c in err.replace("\n", "") for c in "\r\x1b\x07\x85\u2028"), err
    if done.returncode in (2, 3):
        assert err.startswith("c5lens: error: "), err
        assert len(err.splitlines()) == 1, err


FAST = [
    lambda x, y: ["country", x],
    lambda x, y: ["facts", "--country", x],
    lambda x, y: ["search", x],
    lambda x, y: ["rank", x],
    lambda x, y: ["fact", x],
    lambda x, y: ["compare", x, y],
    lambda x, y: ["facts", "--topic", x, "--json"],
    lambda x, y: ["facts", "--source", x, "--metric", y],
    lambda x, y: ["country", "kazakhstan", "--fields", x, "--format", "csv"],
    lambda x, y: ["search", x, "-n", y],
    lambda x, y: ["country", x, "--format", y],
    lambda x, y: ["rank", "population", "--format", x],
    lambda x, y: ["validate", x],
    lambda x, y: ["facts", "--facts-dir", x, "--json"],
]
TYPER = [
    lambda x, y: ["timeline", "--since", x],
    lambda x, y: ["timeline", "--until", x, "--country", y],
    lambda x, y: ["source", x],
    lambda x, y: ["cite", x, "--format", y],
    lambda x, y: ["cite", "imai-2025", "--format", x],
    lambda x, y: ["validate", x, "--format", y],
    lambda x, y: ["sources", "--fields", x, "--json"],
    lambda x, y: ["conflicts", "--format", x],
    lambda x, y: ["--help", x],
    lambda x, y: [x, "--help"],
    lambda x, y: ["country", "--help", x],
    lambda x, y: ["search", x, "--limit", y],
    lambda x, y: [x],
    lambda x, y: ["countries", x],
    lambda x, y: ["metrics", f"--fields={x}", "--json"],
    lambda x, y: ["facts", f"--country={x}"],
]


@_settings(FAST_EXAMPLES)
@given(shape=st.sampled_from(FAST), x=ARG, y=ARG)
def test_fast_path_commands_take_any_argument(workdir: Path, shape, x: Arg, y: Arg) -> None:
    run(workdir, shape(x, y))


@_settings(TYPER_EXAMPLES)
@given(shape=st.sampled_from(TYPER), x=ARG, y=ARG)
def test_typer_commands_take_any_argument(workdir: Path, shape, x: Arg, y: Arg) -> None:
    run(workdir, shape(x, y))


@_settings(RANDOM_EXAMPLES)
@given(
    command=st.sampled_from(COMMANDS),
    rest=st.lists(
        st.one_of(ARG, st.sampled_from(OPTION_LIKE), st.sampled_from(COMMANDS)), max_size=6
    ),
)
def test_any_command_line(workdir: Path, command: str, rest: list[Arg]) -> None:
    run(workdir, [command, *rest])


# The arguments that once broke c5lens, each as a plain test (each was exit 1 or a traceback).
REGRESSIONS = [
    ["fact", b"\xff\xfe"],
    ["facts", "--topic", b"\xff"],
    ["source", b"\xff"],
    ["cite", b"\xff"],
    ["rank", b"\xff"],
    ["search", b"\xff"],
    ["validate", "a" * 5000],
    ["facts", "--facts-dir", "a" * 5000],
    ["facts", "--facts-dir", b"\xff", "--json"],
    ["search", "a_b"],
    ["search", "freedom_house_score", "--json"],
    ["search", "0_0", "\U000f06ac"],
    ["facts", "--facts-dir", "bad\npath\x1b[31m", "--json"],
]


@pytest.mark.parametrize("args", REGRESSIONS, ids=lambda a: " ".join(map(repr, a))[:40])
def test_arguments_that_once_broke_it(workdir: Path, args: list[Arg]) -> None:
    run(workdir, args)


# Search terms the index's full-text table splits where c5lens's search does not (`_`, letters
# newer than SQLite's Unicode tables): the index must find what reading the YAML finds.
SEARCH_FACT = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.table-3
    statement: Growth is in table_3 of the annex, under GDP_growth.
    value: 4.8
    as_of: '2024'
    source: src-a
    locator: Economy, para 1
    notes: See also x_\U000f06ac.
"""


@pytest.mark.parametrize(
    ("terms", "hits"),
    [
        (["table_3"], 1),
        (["gdp_growth"], 1),
        (["table_", "annex"], 0),  # a whole word, not a prefix (D87)
        (["table_*", "annex"], 1),
        (["_3"], 0),
        (["x_\U000f06ac"], 1),
        (["table_4"], 0),
        (["_"], 0),
    ],
)
def test_search_terms_the_index_splits(write_base, workdir: Path, terms: list[str], hits: int):
    import json

    root = write_base(files={"kazakhstan/economy.yaml": SEARCH_FACT})
    outputs = []
    for cache in ({}, {"C5LENS_NO_CACHE": "1"}):
        env = {k: v for k, v in os.environ.items() if not k.startswith("C5LENS_")}
        env.update(C5LENS_NO_BUNDLED="1", **cache)
        done = subprocess.run(
            [str(C5LENS), "search", *terms, "--json", "--facts-dir", str(root)],
            capture_output=True, env=env, cwd=workdir, timeout=60, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, b"")
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) == hits
