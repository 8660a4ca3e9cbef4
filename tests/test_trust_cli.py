"""verify, fact --evidence, diff and new through the command line: in-process through the
fast path's `run` (and the Typer app where the fast reader defers), and once through the
console script. Exact stdout, stderr and exit codes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import KAZAKHSTAN_GOVERNANCE_YAML
from test_verify import A_TXT, B_TXT

from c5lens.cli.environment import Environment
from c5lens.cli.fast import run

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "src" / "c5lens" / "render" / "schema.json").read_text()
)


def valid(command: str, data: object) -> bool:
    schema = {k: v for k, v in SCHEMA.items() if k != "anyOf"}
    validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/commands/{command}"})
    return not list(validator.iter_errors(data))


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def base(write_base: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path]:
    """The fixture base and its documents: (facts, documents)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(A_TXT, encoding="utf-8")
    (docs / "b.txt").write_text(B_TXT, encoding="utf-8")
    return write_base(), docs


@pytest.fixture
def c5(base: tuple[Path, Path], tmp_path: Path) -> Cli:
    facts, _docs = base

    def invoke(*args: str, **environ: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        variables = {
            "C5LENS_NO_BUNDLED": "1",
            "C5LENS_FACTS_PATH": str(facts),
            "C5LENS_NO_CACHE": "1",
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            **environ,
        }
        code = run(list(args), Environment(out, err, variables))
        return code, out.getvalue(), err.getvalue()

    return invoke


# --- verify -------------------------------------------------------------------------------------


def test_verify_clean(c5: Cli, base: tuple[Path, Path]) -> None:
    _facts, docs = base
    assert c5("verify", "--documents", str(docs)) == (0, "", "no problems found\n")
    assert c5("verify", "--json", C5LENS_DOCUMENTS_PATH=str(docs)) == (0, "[]\n", "")


def test_verify_reports_a_wrong_figure_exactly(c5: Cli, base: tuple[Path, Path]) -> None:
    facts, docs = base
    wrong = KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 54.6")
    (facts / "kazakhstan" / "governance.yaml").write_text(wrong)
    line = (
        f"{facts}/kazakhstan/governance.yaml:7:12: fact kazakhstan.freedom-house-score-2025:"
        ' 54.6 not in "Challenges, para 5" of a.txt'
    )
    assert c5("verify", "--documents", str(docs)) == (4, line + "\n", "1 problem found\n")
    code, out, err = c5("verify", "--documents", str(docs), "--json")
    data = json.loads(out)
    assert (code, err) == (4, "")
    assert data == [
        {
            "path": f"{facts}/kazakhstan/governance.yaml",
            "line": 7,
            "col": 12,
            "message": "fact kazakhstan.freedom-house-score-2025: 54.6 not in"
            ' "Challenges, para 5" of a.txt',
        }
    ]
    assert valid("verify", data)
    # Only the facts of the paths given.
    assert c5("verify", str(facts / "uzbekistan"), "--documents", str(docs))[0] == 0


def test_verify_without_documents(c5: Cli) -> None:
    assert c5("verify") == (
        3,
        "",
        "c5lens: error: no documents directory: give --documents DIR or set"
        " C5LENS_DOCUMENTS_PATH (the cited documents are not shipped with c5lens)\n",
    )


def test_verify_a_document_missing(c5: Cli, base: tuple[Path, Path], tmp_path: Path) -> None:
    facts, _docs = base
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, _err = c5("verify", "--documents", str(empty))
    assert code == 4
    assert out.splitlines() == [
        f"{facts}/sources.yaml:8:15: source src-a: document a.txt not found: looked in {empty}",
        f"{facts}/sources.yaml:17:15: source src-b: document b.txt not found: looked in {empty}",
    ]


# --- fact --evidence ----------------------------------------------------------------------------


def test_fact_evidence_json(c5: Cli, base: tuple[Path, Path]) -> None:
    _facts, docs = base
    code, out, err = c5(
        "fact", "kazakhstan.freedom-house-score-2025", "--evidence", "--documents", str(docs),
        "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["evidence"] == {
        "document": "a.txt",
        "locator": "Challenges, para 5",
        "text": "Freedom House scored Kazakhstan 23 and Uzbekistan 11 out of 100 in 2025.",
        "spans": [
            {"start": 32, "end": 34, "field": "value"},
            {"start": 60, "end": 63, "field": "statement"},
            {"start": 67, "end": 71, "field": "as_of"},
        ],
    }
    assert list(data)[-1] == "evidence" and valid("fact", data)
    # Without --evidence the record is as before.
    plain = json.loads(c5("fact", "kazakhstan.freedom-house-score-2025", "--json")[1])
    assert "evidence" not in plain and plain == {k: v for k, v in data.items() if k != "evidence"}


def test_fact_evidence_table(c5: Cli, base: tuple[Path, Path]) -> None:
    _facts, docs = base
    code, out, err = c5(
        "fact", "kazakhstan.freedom-house-score-2025", "--evidence", "--documents", str(docs)
    )
    assert (code, err) == (0, "")
    assert out.startswith(
        "Challenges, para 5 · a.txt\n"
        "Freedom House scored Kazakhstan 23 and Uzbekistan 11 out of 100 in 2025.\n\n"
        "id "
    )


def test_fact_evidence_without_the_document(c5: Cli, tmp_path: Path) -> None:
    assert c5("fact", "kazakhstan.capital", "--evidence", "--documents", str(tmp_path)) == (
        3,
        "",
        f"c5lens: error: document a.txt not found: looked in {tmp_path}\n",
    )
    assert c5("fact", "kazakhstan.capital", "--evidence")[0] == 3


# --- diff ---------------------------------------------------------------------------------------


def test_diff_two_directories(c5: Cli, base: tuple[Path, Path], tmp_path: Path) -> None:
    facts, _docs = base
    newer = tmp_path / "newer"
    shutil.copytree(facts, newer)
    changed = KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 25")
    (newer / "kazakhstan" / "governance.yaml").write_text(changed)
    assert c5("diff", str(facts), str(facts), "--exit-code") == (
        0,
        f"No differences between {facts} and {facts}.\n",
        "",
    )
    code, out, err = c5("diff", str(facts), str(newer), "--json", "--exit-code")
    data = json.loads(out)
    assert (code, err) == (1, "")
    assert data["facts"]["changed"] == [
        {
            "id": "kazakhstan.freedom-house-score-2025",
            "changes": [{"field": "value", "old": 23, "new": 25}],
        }
    ]
    assert data["differ"] is True and valid("diff", data)
    assert c5("diff", str(facts), str(newer), "--format", "csv") == (
        0,
        "kind,key,status,field,old,new\n"
        "fact,kazakhstan.freedom-house-score-2025,changed,value,23,25\n",
        "",
    )
    code, out, _ = c5("diff", str(facts), str(newer))
    assert code == 0 and out.splitlines()[-2:] == [
        "~  fact  kazakhstan.freedom-house-score-2025  value 23 → 25",
        "0 added, 0 removed, 1 changed facts; 0 registry entries",
    ]


def test_diff_git_revisions(
    c5: Cli, base: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts, _docs = base
    repo = tmp_path / "repo"
    shutil.copytree(facts, repo / "facts")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=repo, check=True)
    (repo / "facts" / "uzbekistan" / "governance.yaml").unlink()
    monkeypatch.chdir(repo)
    code, out, err = c5("diff", "git:HEAD", "facts", "--json", "--exit-code")
    data = json.loads(out)
    assert (code, err) == (1, "")
    assert [f["id"] for f in data["facts"]["removed"]] == ["uzbekistan.freedom-house-score-2025"]
    assert (repo / "facts" / "kazakhstan" / "governance.yaml").exists()
    assert not (repo / "facts" / "uzbekistan" / "governance.yaml").exists()  # left as it was
    assert c5("diff", "git:nope", "facts") == (
        2,
        "",
        f"c5lens: error: Invalid value for 'OLD': unknown revision 'nope' in {repo} (see"
        " 'c5lens diff --help')\n",
    )
    monkeypatch.chdir(tmp_path)
    assert c5("diff", "git:HEAD", "facts")[0] == 2  # not a repository


# --- new ----------------------------------------------------------------------------------------


def test_new_prints_a_skeleton_and_appends_it(c5: Cli, tmp_path: Path) -> None:
    code, out, err = c5("new", "Qazaqstan", "governance", "--source", "src-b")
    assert (code, err) == (0, "")
    assert out.startswith("  - id: kazakhstan.governance-new-1\n")
    assert "    source: src-b\n" in out
    mine = tmp_path / "mine"
    code, out, err = c5("new", "kazakhstan", "governance", "--into", str(mine))
    path = mine / "kazakhstan" / "governance.yaml"
    assert (code, err) == (0, f"c5lens: added kazakhstan.governance-new-1 to {path}\n")
    assert path.read_text() == "subject: kazakhstan\ntopic: governance\nfacts:\n" + out
    code, _out, err = c5("new", "kazakhstan", "governance", "--into", str(mine))
    assert err == f"c5lens: added kazakhstan.governance-new-2 to {path}\n"
    assert c5("validate", str(mine)) == (0, "", "no problems found\n")


def test_new_refusals(c5: Cli, base: tuple[Path, Path]) -> None:
    from c5lens.base.paths import bundled_facts_dir

    assert c5("new", "kazakhstan", "governanse") == (
        3,
        "",
        "c5lens: error: unknown topic 'governanse' (did you mean governance?)\n",
    )
    code, out, err = c5("new", "kazakhstan", "governance", "--into", str(bundled_facts_dir()))
    assert (code, out) == (2, "")
    assert err.startswith("c5lens: error: Invalid value for '--into': ")
    assert "is in the bundled facts directory" in err


def test_through_the_console_script(base: tuple[Path, Path], tmp_path: Path) -> None:
    facts, docs = base
    script = Path(sys.executable).with_name("c5lens")
    if not script.exists():
        pytest.skip("no c5lens console script beside this Python")
    env = {"C5LENS_NO_BUNDLED": "1", "C5LENS_FACTS_PATH": str(facts), "C5LENS_NO_CACHE": "1",
           "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")}  # fmt: skip
    wrong = KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 24")
    (facts / "kazakhstan" / "governance.yaml").write_text(wrong)
    done = subprocess.run(
        [str(script), "verify", "--documents", str(docs)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (4, "1 problem found\n")
    assert done.stdout == (
        f"{facts}/kazakhstan/governance.yaml:7:12: fact kazakhstan.freedom-house-score-2025:"
        ' 24 not in "Challenges, para 5" of a.txt\n'
    )


def test_the_fast_reader_takes_two_positionals() -> None:
    from c5lens.cli.argv import parse

    got = parse(["diff", "git:HEAD", "facts", "--exit-code"])
    assert got is not None and (got[0].name, got[1]) == (
        "diff",
        {"old": "git:HEAD", "new": "facts", "exit_code": True},
    )
    got = parse(["new", "kz", "governance", "--into", "mine"])
    assert got is not None and got[1] == {
        "subject": "kz",
        "topic": "governance",
        "into": Path("mine"),
    }
    assert parse(["diff", "only-one"]) is None  # Typer says what is missing


def test_fact_evidence_refuses_a_changed_document(
    write_base: Callable[..., Path], base: tuple[Path, Path], tmp_path: Path
) -> None:
    from conftest import SOURCES_YAML

    _facts, docs = base
    pinned = SOURCES_YAML.replace(
        "document: a.txt\n", "document: a.txt\n    sha256: " + "ab" * 32 + "\n"
    )
    write_base(files={"sources.yaml": pinned})
    for cache in ("1", ""):  # from the YAML, and from the index
        out, err = io.StringIO(), io.StringIO()
        env = {"C5LENS_NO_BUNDLED": "1", "C5LENS_FACTS_PATH": str(tmp_path / "facts"),
               "C5LENS_NO_CACHE": cache, "XDG_CACHE_HOME": str(tmp_path / "cache")}  # fmt: skip
        code = run(
            ["fact", "kazakhstan.capital", "--evidence", "--documents", str(docs)],
            Environment(out, err, env),
        )
        assert (code, out.getvalue()) == (4, "")
        assert err.getvalue().startswith(
            f"c5lens: error: {docs}/a.txt is not the document the source cites"
        )
