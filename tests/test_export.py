"""export sqlite and export csv: a relational database and CSV files that hold the base exactly.

Over the fixture base of test_cli.py alone (10 facts in 7 files, 2 sources, 4 subjects, 3
topics, 3 metrics, 3 related subjects), through the index and straight from the YAML; run
in-process with an injected Environment, and once through the console script.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import write_fixture_base

from c5lens.base.loading import load_base
from c5lens.cli.environment import Environment
from c5lens.cli.fast import run
from c5lens.exporters import rows
from c5lens.exporters.csv import FILE_NAMES

SUMMARY = "exported 10 facts, 2 sources, 4 subjects, 3 topics and 3 metrics to {}\n"
TABLE_NAMES = ["subjects", "topics", "sources", "metrics", "facts", "related"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_base(tmp_path_factory.mktemp("fixture") / "facts")


@pytest.fixture(params=["index", "yaml"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    # c5 passes these on: the index in a cache of this test's own, or none.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if request.param == "yaml":
        monkeypatch.setenv("C5LENS_NO_CACHE", "1")
    else:
        monkeypatch.delenv("C5LENS_NO_CACHE", raising=False)
    return str(request.param)


def c5(base: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    # The variables the fixtures set, passed in as a shell would pass them.
    passed = {
        k: os.environ[k] for k in ("XDG_CACHE_HOME", "C5LENS_NO_CACHE", "HOME") if k in os.environ
    }
    env = Environment(out, err, {**passed, "C5LENS_NO_BUNDLED": "1"}, stdout_isatty=False)
    code = run([*args, "--facts-dir", str(base)], env)
    return code, out.getvalue(), err.getvalue()


def _error(command: str, what: str, message: str) -> str:
    return f"c5lens: error: Invalid value for '{what}': {message} (see 'c5lens {command} --help')\n"


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# --- export sqlite ---------------------------------------------------------------------------


def test_the_database_holds_the_base(base: Path, tmp_path: Path, mode: str) -> None:
    db = tmp_path / "c5lens.db"
    assert c5(base, "export", "sqlite", str(db)) == (0, "", SUMMARY.format(db))
    assert listing(tmp_path) == (["c5lens.db", "cache"] if mode == "index" else ["c5lens.db"]), (
        listing(tmp_path)
    )
    loaded = load_base([base])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLE_NAMES}
    assert counts == {
        "subjects": len(loaded.subjects),
        "topics": len(loaded.topics),
        "sources": len(loaded.sources),
        "metrics": len(loaded.metrics),
        "facts": len(loaded.facts),
        "related": sum(len(f.related) for f in loaded.facts),
    }
    assert counts == {"subjects": 4, "topics": 3, "sources": 2, "metrics": 3, "facts": 10,
                      "related": 3}  # fmt: skip
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    # every foreign key, and an index on each (the primary key's own covers related.fact_id)
    fks = {
        (t, row[3], row[2], row[4])
        for t in TABLE_NAMES
        for row in conn.execute(f"PRAGMA foreign_key_list({t})")
    }
    assert fks == {
        ("metrics", "topic", "topics", "key"),
        ("facts", "subject", "subjects", "key"),
        ("facts", "topic", "topics", "key"),
        ("facts", "metric", "metrics", "key"),
        ("facts", "source", "sources", "id"),
        ("facts", "correction_source", "sources", "id"),
        ("related", "fact_id", "facts", "id"),
        ("related", "subject", "subjects", "key"),
    }
    indexed = {
        (t, conn.execute(f"PRAGMA index_info({name})").fetchone()[2])
        for t in TABLE_NAMES
        for _, name, *_ in conn.execute(f"PRAGMA index_list({t})")
    }
    assert {(t, c) for t, c, *_ in fks} <= indexed
    # a join over the foreign keys
    joined = conn.execute(
        "SELECT f.id, s.name, t.description, m.unit, src.title, c.title, group_concat(r.subject)"
        " FROM facts f JOIN subjects s ON s.key = f.subject JOIN topics t ON t.key = f.topic"
        " LEFT JOIN metrics m ON m.key = f.metric JOIN sources src ON src.id = f.source"
        " LEFT JOIN sources c ON c.id = f.correction_source"
        " LEFT JOIN related r ON r.fact_id = f.id GROUP BY f.id ORDER BY f.rowid"
    ).fetchall()
    assert joined[:2] == [
        ("arland.freedom-score-2025", "Arland", "Political system and political freedom.",
         "points", "Arland and Borduria after the thaw", None, None),
        ("arland.capital", "Arland", "Political system and political freedom.", None,
         "Arland and Borduria after the thaw", "Syldavia's steppe policy", None),
    ]  # fmt: skip
    assert ("syldavia.aid-pledge-2025", "arland,borduria") in {(j[0], j[6]) for j in joined}
    # full-text search, diacritics folded
    match = "SELECT f.id FROM facts_fts JOIN facts f ON f.rowid = facts_fts.rowid"
    assert conn.execute(f"{match} WHERE facts_fts MATCH 'treaty' ").fetchall() == [
        ("borduria.klow-treaty",)
    ]
    assert len(conn.execute(f"{match} WHERE facts_fts MATCH 'freedom'").fetchall()) == 3


def test_each_column_of_a_fact(base: Path, tmp_path: Path, mode: str) -> None:
    db = tmp_path / "c5lens.db"
    assert c5(base, "export", "sqlite", str(db))[0] == 0
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    got = {r["id"]: dict(r) for r in conn.execute("SELECT * FROM facts")}
    assert list(got["arland.capital"].items()) == [
        ("id", "arland.capital"), ("subject", "arland"), ("topic", "governance"),
        ("metric", None), ("statement", "The brief calls Arlburg the capital of Arland."),
        ("value", "Arlburg"), ("value_number", None), ("value_type", "string"), ("unit", None),
        ("qualifier", None), ("scale", None), ("as_of", "2025-08-15"),
        ("as_of_first", "2025-08-15"), ("as_of_last", "2025-08-15"), ("precision", "day"),
        ("resolved_from", "currently"), ("source", "alpha-2025"),
        ("locator", "Governance, para 2"), ("notes", "The source is wrong here."),
        ("correction_statement", "Arland's capital is Neu-Arlburg."),
        ("correction_source", "beta-2026"), ("correction_locator", "Capitals, para 1"),
        ("file", "arland/governance.yaml"),
    ]  # fmt: skip
    pick = ("value", "value_number", "value_type", "as_of", "as_of_first", "as_of_last",
            "precision")  # fmt: skip
    assert {i: tuple(got[i][k] for k in pick) for i in got} == {
        "arland.freedom-score-2025": ("40", 40.0, "number", "2025", "2025-01-01", "2025-12-31",
                                      "year"),
        "arland.capital": ("Arlburg", None, "string", "2025-08-15", "2025-08-15", "2025-08-15",
                           "day"),
        "arland.growth-2025": ("4.5", 4.5, "number", "2025", "2025-01-01", "2025-12-31", "year"),
        "arland.growth-2026": ("5.1", 5.1, "number", "2026", "2026-01-01", "2026-12-31", "year"),
        "borduria.freedom-score-2025": ("40", 40.0, "number", "2025", "2025-01-01",
                                        "2025-12-31", "year"),
        "borduria.klow-treaty": ("Treaty of Klow", None, "string", "2025-12-19/2025-12-20",
                                 "2025-12-19", "2025-12-20", "day"),
        "borduria.union-member": ("true", None, "boolean", "2025-08-15", "2025-08-15",
                                  "2025-08-15", "day"),
        "syldavia.freedom-score-2025": ("75", 75.0, "number", "2025", "2025-01-01",
                                        "2025-12-31", "year"),
        "syldavia.aid-pledge-2025": ("1200", 1200.0, "number", "2025-06", "2025-06-01",
                                     "2025-06-30", "month"),
        "steppe.mine-sites-2025": ("300", 300.0, "number", "2025", "2025-01-01", "2025-12-31",
                                   "year"),
    }  # fmt: skip
    subject = dict(conn.execute("SELECT * FROM subjects WHERE key = 'arland'").fetchone())
    assert subject["names"] == '["Republic of Arland", "Арланд"]'
    metric = dict(conn.execute("SELECT * FROM metrics WHERE key = 'growth_rate'").fetchone())
    assert metric == {"key": "growth_rate", "unit": "%", "topic": "economy",
                      "description": "Annual GDP growth rate.", "broader": "[]",
                      "narrower": "[]", "related": "[]"}  # fmt: skip


def test_the_sqlite3_tool_opens_it(base: Path, tmp_path: Path) -> None:
    db = tmp_path / "c5lens.db"
    assert c5(base, "export", "sqlite", str(db))[0] == 0
    tool = shutil.which("sqlite3")
    if tool is None:  # not installed here: the module's checks above and below still run
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT count(*) FROM facts").fetchone() == (10,)
        return
    sql = (
        "PRAGMA foreign_keys = ON; PRAGMA foreign_key_check;"
        " SELECT count(*) FROM facts;"
        " SELECT s.name, count(*) FROM facts f JOIN subjects s ON s.key = f.subject"
        " GROUP BY s.key ORDER BY s.key;"
        " SELECT facts.id FROM facts_fts JOIN facts ON facts.rowid = facts_fts.rowid"
        " WHERE facts_fts MATCH 'mine';"
    )
    done = subprocess.run(
        [tool, "-batch", str(db), sql], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "10\nArland|4\nBorduria|3\nThe Steppe|1\nSyldavia|2\nsteppe.mine-sites-2025\n"
    )


def test_the_index_and_the_yaml_give_the_same_database(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dumps = []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for no_cache in ("", "1"):
        monkeypatch.setenv("C5LENS_NO_CACHE", no_cache)
        db = tmp_path / f"c5lens{no_cache}.db"
        assert c5(base, "export", "sqlite", str(db))[0] == 0
        dumps.append("\n".join(sqlite3.connect(db).iterdump()))
    assert dumps[0] == dumps[1]


def test_an_existing_file_is_kept_unless_forced(base: Path, tmp_path: Path, mode: str) -> None:
    db = tmp_path / "c5lens.db"
    db.write_text("mine")
    assert c5(base, "export", "sqlite", str(db)) == (
        2, "", _error("export sqlite", "FILE", f"{db} exists (--force overwrites it)")
    )  # fmt: skip
    assert db.read_text() == "mine"
    assert c5(base, "export", "sqlite", str(db), "--force") == (0, "", SUMMARY.format(db))
    assert sqlite3.connect(db).execute("SELECT count(*) FROM facts").fetchone() == (10,)
    assert [p for p in listing(tmp_path) if p.endswith(".tmp")] == []


def test_bad_targets_are_one_line_and_exit_2(base: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "c5lens.db"
    assert c5(base, "export", "sqlite", str(missing)) == (
        2, "", _error("export sqlite", "FILE", f"{missing.parent} does not exist")
    )  # fmt: skip
    (tmp_path / "file").write_text("x")
    under_file = tmp_path / "file" / "c5lens.db"
    assert c5(base, "export", "sqlite", str(under_file)) == (
        2, "", _error("export sqlite", "FILE", f"{tmp_path / 'file'} is not a directory")
    )  # fmt: skip
    assert c5(base, "export", "sqlite", str(tmp_path), "--force") == (
        2, "", _error("export sqlite", "FILE", f"{tmp_path} is a directory")
    )  # fmt: skip
    assert listing(tmp_path) == ["file"]


def test_an_unwritable_directory_is_exit_1_and_names_the_file(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from c5lens.exporters import files

    db = tmp_path / "c5lens.db"

    def refuse(path: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(path.parent / ".c5lens.db.x.tmp"))

    with monkeypatch.context() as m:
        m.setattr(files, "temporary_beside", refuse)
        assert c5(base, "export", "sqlite", str(db)) == (
            1, "", f"c5lens: error: Permission denied: {db}\n"
        )  # fmt: skip
        assert c5(base, "export", "csv", str(tmp_path / "out")) == (
            1, "", f"c5lens: error: Permission denied: {tmp_path / 'out'}\n"
        )  # fmt: skip
    assert listing(tmp_path) == []
    if os.geteuid() != 0:  # the real thing, where permissions bind (root ignores them)
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        try:
            code, out, err = c5(base, "export", "sqlite", str(locked / "c5lens.db"))
            assert (code, out) == (1, "")
            assert err.startswith("c5lens: error: Permission denied: ") and err.count("\n") == 1
            assert listing(locked) == []
        finally:
            locked.chmod(0o700)


@pytest.mark.parametrize("command", ["sqlite", "csv"])
@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failure_half_way_leaves_nothing_behind(
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    error: BaseException,
) -> None:
    real, seen = rows.fact_row, []

    def fail_on_the_fifth(f):  # type: ignore[no-untyped-def]
        seen.append(f.id)
        if len(seen) == 5:
            raise error
        return real(f)

    monkeypatch.setattr(rows, "fact_row", fail_on_the_fifth)
    target = tmp_path / ("c5lens.db" if command == "sqlite" else "out")
    code, out, err = c5(base, "export", command, str(target))
    if isinstance(error, KeyboardInterrupt):
        assert (code, out, err) == (130, "", "\n")
    else:
        assert (code, out) == (1, "")
        assert err == "c5lens: internal error: RuntimeError: boom (please report this)\n"
    assert listing(tmp_path) == []


def test_the_console_script_exports(base: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "c5lens"
    db = tmp_path / "c5lens.db"
    env = {"C5LENS_NO_CACHE": "1", "C5LENS_NO_BUNDLED": "1", "PATH": "/usr/bin:/bin"}
    args = [str(exe), "export", "sqlite", str(db), "--facts-dir", str(base)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", SUMMARY.format(db))
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert oct(db.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- export csv ------------------------------------------------------------------------------


def test_one_csv_per_table_with_the_databases_cells(base: Path, tmp_path: Path, mode: str) -> None:
    out = tmp_path / "out"
    assert c5(base, "export", "csv", str(out)) == (0, "", SUMMARY.format(out))
    assert listing(out) == sorted(FILE_NAMES)
    db = tmp_path / "c5lens.db"
    assert c5(base, "export", "sqlite", str(db))[0] == 0
    conn = sqlite3.connect(db)
    for table in rows.TABLES:
        with (out / f"{table.name}.csv").open(encoding="utf-8", newline="") as f:
            got = list(csv.reader(f))
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table.name})")]
        assert got[0] == columns == table.names
        cells = [
            ["" if v is None else repr(v) if isinstance(v, float) else str(v) for v in r]
            for r in conn.execute(f"SELECT * FROM {table.name} ORDER BY rowid")
        ]
        assert got[1:] == cells, table.name
    text = (out / "related.csv").read_text(encoding="utf-8")
    assert text == (
        "fact_id,subject\nborduria.klow-treaty,syldavia\nsyldavia.aid-pledge-2025,arland\n"
        "syldavia.aid-pledge-2025,borduria\n"
    )


def test_csv_never_overwrites_unless_forced(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "facts.csv").write_text("mine")
    (out / "notes.txt").write_text("kept")
    assert c5(base, "export", "csv", str(out)) == (
        2, "", _error("export csv", "DIR", f"{out / 'facts.csv'} exists (--force overwrites it)")
    )  # fmt: skip
    assert listing(out) == ["facts.csv", "notes.txt"]
    assert (out / "facts.csv").read_text() == "mine"
    assert c5(base, "export", "csv", str(out), "--force") == (0, "", SUMMARY.format(out))
    assert listing(out) == sorted([*FILE_NAMES, "notes.txt"])
    assert (out / "notes.txt").read_text() == "kept"


def test_csv_bad_targets(base: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert c5(base, "export", "csv", str(tmp_path / "file")) == (
        2, "", _error("export csv", "DIR", f"{tmp_path / 'file'} is not a directory")
    )  # fmt: skip
    deep = tmp_path / "no" / "such"
    assert c5(base, "export", "csv", str(deep)) == (
        2, "", _error("export csv", "DIR", f"{deep.parent} does not exist")
    )  # fmt: skip
    assert listing(tmp_path) == ["file"]
