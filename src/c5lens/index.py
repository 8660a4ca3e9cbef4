"""A derived index of the loaded, validated base, so that a lookup parses no YAML.

The index is an SQLite database in the user's cache directory (`$XDG_CACHE_HOME/c5lens`, or
`~/.cache/c5lens`), one per list of facts directories. It holds, for every fact file, the facts
the loader made of it and the problems it found, keyed by the file's size and modification time;
the facts that win after overrides, in the loader's order; and an FTS5 table of folded words for
search. On each call only files whose signature changed are parsed again; a change to a registry
file (subjects, topics, sources, metrics) rebuilds everything, since every fact is checked
against them.

Why SQLite: it ships with Python, answers "facts of subject X" and "facts with these words"
from an index instead of a scan, and gives atomic, concurrent-safe updates (a transaction per
refresh; a full rebuild is written to a temporary file and renamed into place). Anything that
goes wrong with the cache (unwritable directory, corrupt or foreign file) falls back to loading
the YAML directly, so the index can make c5lens faster but never wrong or broken.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from c5lens import __version__
from c5lens.dates import parse_as_of
from c5lens.model import (
    Base,
    Correction,
    Fact,
    Metric,
    Problem,
    Source,
    Subject,
    Topic,
)

SCHEMA = 8  # bump when the tables or what is stored in them change
_ENV_OFF = "C5LENS_NO_CACHE"


class IndexUnavailable(Exception):
    """The index cannot be used here (turned off, unwritable, corrupt); load the YAML instead."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "c5lens"


def index_path(dirs: Sequence[Path]) -> Path:
    key = "\n".join(str(Path(d).resolve()) for d in dirs)
    return cache_dir() / f"index-{hashlib.sha256(key.encode()).hexdigest()[:20]}.sqlite"


def _signature(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


# --- serialising facts and registries ------------------------------------------------------------


def _fact_data(f: Fact) -> bytes:
    """A fact as marshal bytes: plain values only (so nothing runs when it is read back), and
    an order of magnitude quicker to write and read than JSON."""
    c = f.correction
    return marshal.dumps(
        (
            f.id, f.subject, f.topic, f.statement, f.value, f.as_of.iso(), f.source, f.locator,
            f.metric, f.unit, f.qualifier, f.scale, f.resolved_from, f.related, f.notes,
            (c.statement, c.source, c.locator) if c else None, f.file, f.line,
        )
    )  # fmt: skip


def _fact_from_data(data: bytes) -> Fact:
    (
        id_, subject, topic, statement, value, as_of, source, locator, metric, unit, qualifier,
        scale, resolved_from, related, notes, correction, file, line,
    ) = marshal.loads(data)  # fmt: skip
    return Fact(
        id=id_, subject=subject, topic=topic, statement=statement, value=value,
        as_of=parse_as_of(as_of), source=source, locator=locator, metric=metric, unit=unit,
        qualifier=qualifier, scale=scale, resolved_from=resolved_from, related=related,
        notes=notes, correction=Correction(*correction) if correction else None, file=file,
        line=line,
    )  # fmt: skip


def _registries_json(reg: Any) -> str:
    def subject(s: Subject) -> list[Any]:
        return [s.key, s.name, s.kind, s.iso_alpha2, s.iso_alpha3, s.iso_numeric, s.factbook,
                list(s.names)]  # fmt: skip

    def source(s: Source) -> list[Any]:
        return [s.id, s.title, s.author, s.publisher, s.published, s.kind, s.document, s.url,
                s.notes]  # fmt: skip

    return json.dumps(
        {
            "subjects": [subject(s) for s in reg.subjects.values()],
            "topics": [[t.key, t.description] for t in reg.topics.values()],
            "sources": [source(s) for s in reg.sources.values()],
            "metrics": [[m.key, m.unit, m.topic, m.description] for m in reg.metrics.values()],
        },
        ensure_ascii=False,
    )


def _registries_from_json(text: str) -> dict[str, dict[str, Any]]:
    data = json.loads(text)
    subjects = {}
    for key, name, kind, a2, a3, num, fb, names in data["subjects"]:
        subjects[key] = Subject(key, name, kind, a2, a3, num, fb, tuple(names))
    return {
        "subjects": subjects,
        "topics": {k: Topic(k, d) for k, d in data["topics"]},
        "sources": {s[0]: Source(*s) for s in data["sources"]},
        "metrics": {m[0]: Metric(*m) for m in data["metrics"]},
    }


def _problems_json(problems: Sequence[Problem]) -> str:
    return json.dumps([[p.path, p.line, p.col, p.message] for p in problems], ensure_ascii=False)


def _problems_from_json(text: str) -> list[Problem]:
    return [Problem(*p) for p in json.loads(text)]


# --- the index -------------------------------------------------------------------------------

# Indexes are made after a rebuild's bulk insert: building them once is quicker than keeping
# them up to date row by row.
_INDEXES = """
CREATE INDEX rows_path ON rows(path);
CREATE INDEX facts_id ON facts(id);
CREATE INDEX facts_subject ON facts(subject);
CREATE INDEX facts_metric ON facts(metric);
CREATE INDEX facts_source ON facts(source);
CREATE INDEX facts_rid ON facts(rid);
"""
_TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(path TEXT PRIMARY KEY, dir INTEGER, fkey TEXT, rel TEXT, sig TEXT,
                   problems TEXT);
CREATE TABLE rows(rid INTEGER PRIMARY KEY, path TEXT, pos INTEGER, id TEXT, line INTEGER,
                  id_line INTEGER, id_col INTEGER,
                  subject TEXT, topic TEXT, metric TEXT, source TEXT, related TEXT, data BLOB);
CREATE TABLE facts(ord INTEGER PRIMARY KEY, rid INTEGER, id TEXT, subject TEXT, topic TEXT,
                   metric TEXT, source TEXT, related TEXT, reading INTEGER);
CREATE VIRTUAL TABLE words USING fts5(text, detail="none",
                                      tokenize="unicode61 remove_diacritics 0");
"""


class Index:
    """An open, up-to-date index of one list of facts directories."""

    def __init__(self, conn: sqlite3.Connection, problems: list[Problem]) -> None:
        self.conn = conn
        self.problems = tuple(problems)
        reg = _registries_from_json(self._meta("registries"))
        self.subjects: dict[str, Subject] = reg["subjects"]
        self.topics: dict[str, Topic] = reg["topics"]
        self.sources: dict[str, Source] = reg["sources"]
        self.metrics: dict[str, Metric] = reg["metrics"]

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise IndexUnavailable(f"index has no {key}")
        return row[0]

    def base(self, where: str = "", params: Sequence[Any] = ()) -> Base:
        """A Base holding the registries and the facts that match an SQL condition on `facts`."""
        sql = "SELECT r.data FROM facts f JOIN rows r ON r.rid = f.rid"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY f.ord"
        rows = self.conn.execute(sql, tuple(params))
        facts = tuple(_fact_from_data(data) for (data,) in rows)
        return Base(self.subjects, self.topics, self.sources, self.metrics, facts, self.problems)

    def search_base(self, terms: Sequence[str]) -> Base:
        """The facts whose folded words include a word starting with every term."""
        if not terms:
            return self.base("0")
        match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in terms)
        return self.base("f.rid IN (SELECT rowid FROM words WHERE words MATCH ?)", (match,))

    def counts(self, column: str) -> dict[str, int]:
        assert column in ("subject", "topic", "source")
        sql = f"SELECT {column}, COUNT(*) FROM facts GROUP BY {column}"
        return dict(self.conn.execute(sql).fetchall())

    def metric_subjects(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        sql = "SELECT metric, subject FROM facts WHERE metric IS NOT NULL ORDER BY ord"
        for metric, subject in self.conn.execute(sql):
            subjects = out.setdefault(metric, [])
            if subject not in subjects:
                subjects.append(subject)
        return out

    def reading_order(self, batch: int = 2000) -> Iterator[list[Fact]]:
        """Every fact, in reading order (subject, topic, file), a batch at a time."""
        sql = "SELECT r.data FROM facts f JOIN rows r ON r.rid = f.rid ORDER BY f.reading"
        cursor = self.conn.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield [_fact_from_data(data) for (data,) in rows]


def open_index(dirs: Sequence[Path]) -> Index:
    """The index of dirs, brought up to date; raises IndexUnavailable if it cannot be used."""
    if os.environ.get(_ENV_OFF, "") not in ("", "0"):
        raise IndexUnavailable(f"{_ENV_OFF} is set")
    path = index_path(dirs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexUnavailable(f"cannot create {path.parent}: {e}") from None
    for attempt in (1, 2):
        try:
            return _open_and_refresh(path, dirs)
        except (sqlite3.DatabaseError, IndexUnavailable, ValueError, KeyError, TypeError) as e:
            # A corrupt, foreign or half-written file: start again from nothing, once.
            if attempt == 2:
                raise IndexUnavailable(f"index unusable: {e}") from None
            try:
                path.unlink(missing_ok=True)
            except OSError as e2:
                raise IndexUnavailable(f"cannot remove {path}: {e2}") from None
        except OSError as e:
            raise IndexUnavailable(f"cannot use {path}: {e}") from None
    raise IndexUnavailable("unreachable")  # pragma: no cover


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def _stamp() -> str:
    # marshal's format belongs to the Python version that wrote it.
    return f"{SCHEMA}:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}:{marshal.version}"


def _open_and_refresh(path: Path, dirs: Sequence[Path]) -> Index:
    scan = _scan(dirs)
    if path.exists():
        conn = _connect(path)
        try:
            stamp = conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
            if stamp and stamp[0] == _stamp():
                reg_sig = conn.execute(
                    "SELECT value FROM meta WHERE key = 'registry_sig'"
                ).fetchone()
                if reg_sig and reg_sig[0] == scan.registry_sig:
                    stored = dict(conn.execute("SELECT path, sig FROM files").fetchall())
                    if stored != scan.file_sigs:
                        from c5lens import loading  # YAML is read only when files changed

                        _refresh(conn, dirs, scan, stored, loading)
                    return Index(conn, _problems(conn, scan))
        except BaseException:
            conn.close()
            raise
        conn.close()
    from c5lens import loading

    _rebuild(path, dirs, scan, loading)
    conn = _connect(path)
    return Index(conn, _problems(conn, scan))


class _Scan:
    """What is on disk now: file signatures, listing problems, registry signature."""

    def __init__(self) -> None:
        self.files: list[tuple[int, Path, str, str]] = []  # dir, path, fkey, rel
        self.file_sigs: dict[str, str] = {}
        self.listing: dict[int, list[Problem]] = {}
        self.registry_sig = ""


def _scan(dirs: Sequence[Path]) -> _Scan:
    from c5lens.files import REGISTRIES, Collector, fact_files

    scan = _Scan()
    reg_parts = []
    for i, root in enumerate(dirs):
        for kind in REGISTRIES:
            p = root / f"{kind}.yaml"
            try:
                reg_parts.append(f"{p}={_signature(p.stat())}")
            except OSError:
                reg_parts.append(f"{p}=-")
        out = Collector()
        for entry in fact_files(root, out):
            try:
                sig = _signature(entry.stat())
            except OSError:
                sig = "-"  # vanished since the listing: read it again, and let the loader say so
            subject = os.path.basename(os.path.dirname(entry.path))
            scan.files.append(
                (i, entry.path, f"{subject}\x00{entry.name}", f"{subject}/{entry.name}")
            )
            scan.file_sigs[entry.path] = sig
        scan.listing[i] = list(out.problems)
    scan.registry_sig = hashlib.sha256("\n".join(reg_parts).encode()).hexdigest()
    return scan


def _registries(dirs: Sequence[Path], loading: Any) -> tuple[Any, list[Problem]]:
    out = loading._Collector()
    reg = loading._Registries()
    loading._read_registries(dirs, reg, out)
    return reg, list(out.problems)


def _rebuild(path: Path, dirs: Sequence[Path], scan: _Scan, loading: Any) -> None:
    """Build the whole index in a temporary file, then rename it into place."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = _connect(Path(tmp))
        conn.executescript(_TABLES)
        reg, reg_problems = _registries(dirs, loading)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("stamp", _stamp()),
                ("registry_sig", scan.registry_sig),
                ("registries", _registries_json(reg)),
                ("registry_problems", _problems_json(reg_problems)),
            ],
        )
        for entry in scan.files:
            _store(conn, entry, scan, _read_file(entry, reg, loading))
        _assemble(conn, reg)
        for statement in _INDEXES.strip().splitlines():
            conn.execute(statement)
        conn.execute("COMMIT")
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise


def _refresh(
    conn: sqlite3.Connection,
    dirs: Sequence[Path],
    scan: _Scan,
    stored: dict[str, str],
    loading: Any,
) -> None:
    """Parse again only the files that changed, appeared or went away."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have refreshed while this one waited for the lock.
        stored = dict(conn.execute("SELECT path, sig FROM files").fetchall())
        if stored == scan.file_sigs:
            conn.execute("COMMIT")
            return
        reg = None
        for p in set(stored) - set(scan.file_sigs):
            _remove_file(conn, p)
        for entry in scan.files:
            p = str(entry[1])
            if stored.get(p) != scan.file_sigs[p]:
                if reg is None:
                    reg, _ = _registries(dirs, loading)
                _remove_file(conn, p)
                _add_file(conn, entry, scan, reg, loading)
        for entry in scan.files:  # a file's place in the order may change with new neighbours
            conn.execute(
                "UPDATE files SET dir = ?, fkey = ? WHERE path = ?",
                (entry[0], entry[2], str(entry[1])),
            )
        if reg is None:
            reg, _ = _registries(dirs, loading)
        _assemble(conn, reg)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _remove_file(conn: sqlite3.Connection, path: str) -> None:
    rids = [r for (r,) in conn.execute("SELECT rid FROM rows WHERE path = ?", (path,))]
    conn.executemany("DELETE FROM words WHERE rowid = ?", [(r,) for r in rids])
    conn.execute("DELETE FROM rows WHERE path = ?", (path,))
    conn.execute("DELETE FROM files WHERE path = ?", (path,))


def _add_file(conn: sqlite3.Connection, entry: tuple, scan: _Scan, reg: Any, loading: Any) -> None:
    _store(conn, entry, scan, _read_file(entry, reg, loading))


def _read_file(entry: tuple, reg: Any, loading: Any) -> tuple[str, list[tuple], list[str]]:
    """Parse and check one fact file: its problems (as JSON), its rows, and its search text."""
    from c5lens.query import fold

    _dir_i, path, _fkey, rel = entry
    out = loading._Collector()
    facts = loading._read_fact_file(Path(path), rel, reg, out)
    rows, words = [], []
    for pos, (fact, (id_line, id_col)) in enumerate(facts):
        rows.append(
            (
                path, pos, fact.id, fact.line, id_line, id_col, fact.subject, fact.topic,
                fact.metric, fact.source, "," + ",".join(fact.related) + ",",
                _fact_data(fact),
            )
        )  # fmt: skip
        subject = reg.subjects.get(fact.subject)
        text = " ".join(
            (
                fact.statement,
                (fact.metric or "").replace("_", " "),
                fact.notes or "",
                reg.sources[fact.source].title,
                subject.name if subject else fact.subject,
                str(fact.value),
            )
        )
        words.append(fold(text))
    return _problems_json(out.problems), rows, words


def _store(
    conn: sqlite3.Connection, entry: tuple, scan: _Scan, read: tuple[str, list, list]
) -> None:
    dir_i, path, fkey, rel = entry
    problems, rows, words = read
    conn.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
        (path, dir_i, fkey, rel, scan.file_sigs[path], problems),
    )
    (first,) = conn.execute("SELECT COALESCE(MAX(rid), 0) + 1 FROM rows").fetchone()
    conn.executemany(
        "INSERT INTO rows(rid, path, pos, id, line, id_line, id_col, subject, topic, metric,"
        " source, related, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + i, *row) for i, row in enumerate(rows)],
    )
    conn.executemany(
        "INSERT INTO words(rowid, text) VALUES (?, ?)",
        [(first + i, text) for i, text in enumerate(words)],
    )


def _assemble(conn: sqlite3.Connection, reg: Any) -> None:
    """Work out which rows are the base's facts, in the loader's order, and the problems of the
    fact files, as load_base does; store both so that a lookup only reads them."""
    rows = conn.execute(
        "SELECT r.rid, r.id, r.subject, r.topic, r.metric, r.source, r.related, f.dir, r.path,"
        " r.line, r.id_line, r.id_col FROM rows r JOIN files f ON f.path = r.path"
        " ORDER BY f.dir, f.fkey, r.pos"
    ).fetchall()
    winner: dict[str, tuple[int, tuple]] = {}
    first_in_dir: dict[tuple[int, str], str] = {}
    dupes: dict[str, list[Problem]] = {}
    for row in rows:
        id_, dir_i, path, line, id_line, id_col = row[1], row[7], row[8], row[9], row[10], row[11]
        first = first_in_dir.get((dir_i, id_))
        if first is not None:
            message = f"duplicate fact id {id_!r} (first in {first})"
            dupes.setdefault(path, []).append(Problem(path, id_line, id_col, message))
            continue
        first_in_dir[(dir_i, id_)] = f"{path}:{line}"
        if id_ in winner:
            winner[id_] = (winner[id_][0], row)  # keeps its first place, takes the new fact
        else:
            winner[id_] = (len(winner), row)
    so = {k: i for i, k in enumerate(reg.subjects)}
    to = {k: i for i, k in enumerate(reg.topics)}
    placed = [row for _, row in sorted(winner.values(), key=lambda p: p[0])]
    reading = sorted(
        range(len(placed)),
        key=lambda i: (so.get(placed[i][2], 1 << 30), to.get(placed[i][3], 1 << 30), i),
    )
    rank = {i: n for n, i in enumerate(reading)}
    conn.execute("DELETE FROM facts")
    conn.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i, *r[:7], rank[i]) for i, r in enumerate(placed)],
    )
    by_dir: dict[int, list[Problem]] = {}
    for path, dir_i, problems in conn.execute(
        "SELECT path, dir, problems FROM files ORDER BY dir, fkey"
    ):
        found = by_dir.setdefault(dir_i, [])
        found += _problems_from_json(problems)
        found += dupes.get(path, [])
    stored = json.dumps({str(d): json.loads(_problems_json(ps)) for d, ps in by_dir.items()})
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('file_problems', ?)", (stored,))


def _problems(conn: sqlite3.Connection, scan: _Scan) -> list[Problem]:
    """Every problem, in the order load_base reports them: the registries', then for each
    directory what its listing found and what its files hold."""
    meta = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('registry_problems', 'file_problems')"
        ).fetchall()
    )
    out = _problems_from_json(meta["registry_problems"])
    stored = json.loads(meta["file_problems"])
    for dir_i in sorted(scan.listing):
        out += scan.listing[dir_i]
        out += [Problem(*p) for p in stored.get(str(dir_i), [])]
    return out


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True
