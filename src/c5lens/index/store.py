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

import contextlib
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
from c5lens.base.dates import parse_as_of
from c5lens.base.model import (
    Base,
    Correction,
    Fact,
    Metric,
    Problem,
    Source,
    Subject,
    Topic,
)

SCHEMA = 12  # bump when the tables or what is stored in them change
_ENV_OFF = "C5LENS_NO_CACHE"


class IndexUnavailable(Exception):
    """The index cannot be used here (turned off, unwritable, corrupt); load the YAML instead."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "c5lens"


def index_path(dirs: Sequence[Path]) -> Path:
    # realpath, not Path.resolve: it raises RuntimeError for a symlink loop, which the loader
    # reports as an unreadable directory.
    key = "\n".join(os.path.realpath(d) for d in dirs)
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()  # any name
    return cache_dir() / f"index-{digest[:20]}.sqlite"


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
            "metrics": [
                [m.key, m.unit, m.topic, m.description, m.broader, m.narrower, m.related]
                for m in reg.metrics.values()
            ],
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
        "metrics": {m[0]: Metric(*m[:4], *(tuple(k) for k in m[4:])) for m in data["metrics"]},
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
CREATE INDEX facts_ord ON facts(ord);
CREATE INDEX facts_reading ON facts(srank, trank, ord);
CREATE INDEX rows_id ON rows(id);
CREATE INDEX facts_subject ON facts(subject, metric);
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
CREATE TABLE facts(id TEXT PRIMARY KEY, rid INTEGER, subject TEXT, topic TEXT, metric TEXT,
                   source TEXT, related TEXT, ord TEXT, srank INTEGER, trank INTEGER);
CREATE TABLE dupes(path TEXT, pos INTEGER, problem TEXT);
CREATE VIRTUAL TABLE words USING fts5(text, detail="none",
                                      tokenize="unicode61 remove_diacritics 0");
"""


class Index:
    """An open, up-to-date index of one list of facts directories."""

    def __init__(self, conn: sqlite3.Connection, problems: list[Problem]) -> None:
        self.conn = conn
        self.problems = tuple(problems)
        registries = _meta_value(conn, "registries")
        if registries is None:
            raise IndexUnavailable("index has no registries")
        reg = _registries_from_json(registries)
        self.subjects: dict[str, Subject] = reg["subjects"]
        self.topics: dict[str, Topic] = reg["topics"]
        self.sources: dict[str, Source] = reg["sources"]
        self.metrics: dict[str, Metric] = reg["metrics"]

    def base(self, where: str = "", params: Sequence[Any] = ()) -> Base:
        """A Base holding the registries and the facts that match an SQL condition on `facts`."""
        sql = "SELECT r.data FROM facts f JOIN rows r ON r.rid = f.rid"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY f.ord"
        rows = self.conn.execute(sql, tuple(_param(p) for p in params))
        facts = tuple(_fact_from_data(data) for (data,) in rows)
        return Base(self.subjects, self.topics, self.sources, self.metrics, facts, self.problems)

    def search_base(self, terms: Sequence[str]) -> Base:
        """The facts whose folded words include a word starting with every term."""
        if not terms or not all(_is_utf8(t) for t in terms):
            return self.base("0")  # a word that is not UTF-8 is in no fact
        if not _has_words(self.conn):
            _build_words(self.conn, self.subjects, self.sources)
        # FTS5 splits words where query.words does not (at `_`, and at letters newer than its
        # Unicode tables): a term it reads as two words makes a phrase query, which a table
        # without positions cannot answer. Every piece of a term as a prefix finds each fact
        # the term can match, and a few more, which query.search leaves out.
        pieces = dict.fromkeys(p for t in terms for p in t.split("_") if p)
        if not pieces:
            return self.base()
        match = " AND ".join('"' + p.replace('"', '""') + '"*' for p in pieces)
        try:
            return self.base("f.rid IN (SELECT rowid FROM words WHERE words MATCH ?)", (match,))
        except sqlite3.OperationalError:  # still a term FTS5 cannot take: read every fact
            return self.base()

    def disputed_base(self, pairs: Sequence[tuple[str, str]]) -> Base:
        """The facts of those (subject, metric) pairs that have values from more than one
        source: all the facts that can disagree with facts of those pairs."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(subject TEXT, metric TEXT)")
        conn.execute("DELETE FROM temp.wanted")
        conn.executemany(
            "INSERT INTO temp.wanted VALUES (?, ?)",
            [(_param(s), _param(m)) for s, m in pairs],
        )
        # A join from the few pairs wanted, through the (subject, metric) index.
        disputed = conn.execute(
            "SELECT w.subject, w.metric FROM temp.wanted w JOIN facts f"
            " ON f.subject = w.subject AND f.metric = w.metric"
            " GROUP BY w.subject, w.metric HAVING COUNT(DISTINCT f.source) > 1"
        ).fetchall()
        conn.execute("DELETE FROM temp.wanted")
        conn.executemany("INSERT INTO temp.wanted VALUES (?, ?)", disputed)
        return self.base(
            "f.rowid IN (SELECT f2.rowid FROM temp.wanted w JOIN facts f2"
            " ON f2.subject = w.subject AND f2.metric = w.metric)"
        )

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
        sql = (
            "SELECT r.data FROM facts f JOIN rows r ON r.rid = f.rid"
            " ORDER BY f.srank, f.trank, f.ord"
        )
        cursor = self.conn.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield [_fact_from_data(data) for (data,) in rows]


def _is_utf8(text: str) -> bool:
    """False for text with lone surrogates: an argument of bytes that are not UTF-8, as Python
    keeps it. SQLite refuses such text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _param(value: Any) -> Any:
    # Text that is not UTF-8 equals no text of the base (every file is UTF-8); bound as a blob,
    # it matches nothing, as it should, instead of making SQLite raise.
    if isinstance(value, str) and not _is_utf8(value):
        return value.encode("utf-8", "surrogateescape")
    return value


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
                        from c5lens.base import loading  # YAML is read only when files changed

                        _refresh(conn, dirs, scan, stored, loading)
                    return Index(conn, _problems(conn, scan))
        except BaseException:
            conn.close()
            raise
        conn.close()
    from c5lens.base import loading

    _rebuild(path, dirs, scan, loading)
    conn = _connect(path)
    return Index(conn, _problems(conn, scan))


class _Scan:
    """What is on disk now: file signatures, listing problems, registry signature."""

    def __init__(self) -> None:
        self.files: list[tuple[int, str, str, str]] = []  # dir, path, fkey, rel
        self.file_sigs: dict[str, str] = {}
        self.listing: dict[int, list[Problem]] = {}
        self.registry_sig = ""


def _scan(dirs: Sequence[Path]) -> _Scan:
    from c5lens.base.files import REGISTRIES, Collector, fact_files

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
        with contextlib.suppress(OSError):
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
        reg, _ = _registries(dirs, loading)
        ids: set[str] = set()
        paths = set(stored) - set(scan.file_sigs)
        for p in paths:
            ids |= _remove_file(conn, p)
        for entry in scan.files:
            p = entry[1]
            if stored.get(p) != scan.file_sigs[p]:
                paths.add(p)
                ids |= _remove_file(conn, p)
                ids |= _add_file(conn, entry, scan, reg, loading)
        _assemble(conn, reg, ids, paths)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _remove_file(conn: sqlite3.Connection, path: str) -> set[str]:
    """Forget a file's rows; the ids they had."""
    found = conn.execute("SELECT rid, id FROM rows WHERE path = ?", (path,)).fetchall()
    if _has_words(conn):
        conn.executemany("DELETE FROM words WHERE rowid = ?", [(rid,) for rid, _ in found])
    conn.execute("DELETE FROM rows WHERE path = ?", (path,))
    conn.execute("DELETE FROM files WHERE path = ?", (path,))
    return {id_ for _, id_ in found}


def _add_file(
    conn: sqlite3.Connection, entry: tuple, scan: _Scan, reg: Any, loading: Any
) -> set[str]:
    """Read a file into the index; the ids of its rows."""
    read = _read_file(entry, reg, loading)
    _store(conn, entry, scan, read)
    return {row[2] for row in read[1]}


def _read_file(entry: tuple, reg: Any, loading: Any) -> tuple[str, list[tuple]]:
    """Parse and check one fact file: its problems (as JSON) and its rows."""
    _dir_i, path, _fkey, rel = entry
    out = loading._Collector()
    facts = loading._read_fact_file(Path(path), rel, reg, out)
    rows = [
        (
            path, pos, fact.id, fact.line, id_line, id_col, fact.subject, fact.topic,
            fact.metric, fact.source, "," + ",".join(fact.related) + ",", _fact_data(fact),
        )
        for pos, (fact, (id_line, id_col)) in enumerate(facts)
    ]  # fmt: skip
    return _problems_json(out.problems), rows


def _search_text(fact: Fact, subjects: dict[str, Subject], sources: dict[str, Source]) -> str:
    """The folded words search looks through: statement, metric, notes, source, subject."""
    from c5lens.base.text import fold

    subject = subjects.get(fact.subject)
    return fold(
        " ".join(
            (
                fact.statement,
                (fact.metric or "").replace("_", " "),
                fact.notes or "",
                sources[fact.source].title,
                subject.name if subject else fact.subject,
                str(fact.value),
            )
        )
    )


def _store(conn: sqlite3.Connection, entry: tuple, scan: _Scan, read: tuple[str, list]) -> None:
    dir_i, path, fkey, rel = entry
    problems, rows = read
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
    if _has_words(conn):
        reg = _registries_from_json(_meta_value(conn, "registries") or "{}")
        conn.executemany(
            "INSERT INTO words(rowid, text) VALUES (?, ?)",
            [
                (first + i, _search_text(_fact_from_data(row[-1]), reg["subjects"], reg["sources"]))
                for i, row in enumerate(rows)
            ],
        )


def _meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _has_words(conn: sqlite3.Connection) -> bool:
    # The search table is built on the first search, not on the first run: most runs never
    # search, and it is a tenth of what reading a large base costs.
    return _meta_value(conn, "words") == "built"


def _build_words(conn: sqlite3.Connection, subjects: dict, sources: dict) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not _has_words(conn):  # another process may have built it meanwhile
            cursor = conn.execute("SELECT rid, data FROM rows")
            while batch := cursor.fetchmany(5000):
                conn.executemany(
                    "INSERT INTO words(rowid, text) VALUES (?, ?)",
                    [
                        (rid, _search_text(_fact_from_data(d), subjects, sources))
                        for rid, d in batch
                    ],
                )
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('words', 'built')")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _ord(dir_i: int, fkey: str, pos: int) -> str:
    """A text that sorts as the loader reads: directory, then file, then place in the file."""
    return f"{dir_i:05d}\x01{fkey}\x01{pos:08d}"


def _assemble(
    conn: sqlite3.Connection,
    reg: Any,
    ids: set[str] | None = None,
    paths: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Work out, as load_base does, which row is the base's fact for each id (the first in the
    last directory that has it), where it stands in the loader's order (where the id first
    appears), and which rows repeat an id within one directory (a problem, not loaded).

    With `ids`, only those ids are worked out again: after an edit, the ids of the rows the
    changed `paths` had and have now; other facts keep what they had.
    """
    sql = (
        "SELECT r.rid, r.id, r.subject, r.topic, r.metric, r.source, r.related, f.dir, f.fkey,"
        " r.pos, r.path, r.line, r.id_line, r.id_col FROM rows r JOIN files f ON f.path = r.path"
    )
    if ids is None:
        conn.execute("DELETE FROM facts")
        conn.execute("DELETE FROM dupes")
        rows = conn.execute(sql + " ORDER BY f.dir, f.fkey, r.pos").fetchall()
    else:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed(id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM changed")
        conn.executemany("INSERT OR IGNORE INTO changed VALUES (?)", [(i,) for i in ids])
        conn.execute("DELETE FROM facts WHERE id IN (SELECT id FROM changed)")
        conn.execute(
            "DELETE FROM dupes WHERE problem IN (SELECT d.problem FROM dupes d"
            " JOIN rows r ON r.path = d.path AND r.pos = d.pos WHERE r.id IN"
            " (SELECT id FROM changed))"
        )
        conn.executemany("DELETE FROM dupes WHERE path = ?", [(p,) for p in paths])
        rows = conn.execute(
            sql + " WHERE r.id IN (SELECT id FROM changed) ORDER BY f.dir, f.fkey, r.pos"
        ).fetchall()
    so = {k: i for i, k in enumerate(reg.subjects)}
    to = {k: i for i, k in enumerate(reg.topics)}
    winner: dict[str, tuple] = {}
    first_ord: dict[str, str] = {}
    first_in_dir: dict[tuple[int, str], str] = {}
    dupes = []
    for row in rows:
        id_, dir_i, fkey, pos, path, line, id_line, id_col = (
            row[1], row[7], row[8], row[9], row[10], row[11], row[12], row[13],
        )  # fmt: skip
        first = first_in_dir.get((dir_i, id_))
        if first is not None:
            message = f"duplicate fact id {id_!r} (first in {first})"
            dupes.append((path, pos, _problems_json([Problem(path, id_line, id_col, message)])))
            continue
        first_in_dir[(dir_i, id_)] = f"{path}:{line}"
        first_ord.setdefault(id_, _ord(dir_i, fkey, pos))
        winner[id_] = row  # a later directory's row replaces an earlier one
    conn.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r[1], r[0], r[2], r[3], r[4], r[5], r[6], first_ord[id_],
             so.get(r[2], 1 << 30), to.get(r[3], 1 << 30))
            for id_, r in winner.items()
        ],
    )  # fmt: skip
    conn.executemany("INSERT INTO dupes VALUES (?, ?, ?)", dupes)


def _problems(conn: sqlite3.Connection, scan: _Scan) -> list[Problem]:
    """Every problem, in the order load_base reports them: the registries', then for each
    directory what its listing found, then each file's own and its repeated ids."""
    (registry,) = conn.execute("SELECT value FROM meta WHERE key = 'registry_problems'").fetchone()
    out = _problems_from_json(registry)
    by_dir: dict[int, list[Problem]] = {}
    for path, dir_i, problems in conn.execute(
        "SELECT path, dir, problems FROM files WHERE problems != '[]' OR path IN"
        " (SELECT path FROM dupes) ORDER BY dir, fkey"
    ):
        found = by_dir.setdefault(dir_i, [])
        found += _problems_from_json(problems)
        for (dupe,) in conn.execute(
            "SELECT problem FROM dupes WHERE path = ? ORDER BY pos", (path,)
        ):
            found += _problems_from_json(dupe)
    for dir_i in sorted(scan.listing):
        out += scan.listing[dir_i]
        out += by_dir.get(dir_i, [])
    return out
