"""The fact store read from the index: an SQLite database in the user's cache directory
(`$XDG_CACHE_HOME/c5lens`, or `~/.cache/c5lens`), one per list of facts directories.

Why SQLite: it ships with Python, answers each question through an index over the rows of its
answer instead of a scan, and gives atomic, concurrent-safe updates. Anything that goes wrong
with the cache (unwritable directory, corrupt or foreign file) falls back to loading the YAML
directly (api.open_store), so the index can make c5lens faster but never wrong or broken; and
anything that goes wrong while reading it (an SQLite error, a row whose checksum differs, a
missing table) makes the store answer that question and every later one from the YAML (D77).
Every answer is read whole before it is returned: no read transaction stays open while output
is written.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

from c5lens.base.dates import PartialDate
from c5lens.base.model import Base, Fact, Problem
from c5lens.index import build, guard, schema, series, words
from c5lens.index.api import (
    COUNTABLE,
    NEAR,
    Filter,
    RankInput,
    as_list,
    closest,
    narrowed,
    near_ranges,
)
from c5lens.index.build import IndexUnavailable
from c5lens.index.opening import DAMAGE, cache_dir, index_path, open_index, remove
from c5lens.index.params import is_utf8, param, where_clauses
from c5lens.index.problems import stored_problems
from c5lens.index.words import Query, Searched, Words, field_words, fts_match, term_counts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["IndexUnavailable", "SqliteStore", "cache_dir", "index_path", "open_index"]

_READING = " ORDER BY r.subject, r.topic, r.ord"


def _guarded(method: _F) -> _F:
    """A store method that, where the index cannot answer, answers from the YAML."""
    name = method.__name__

    @functools.wraps(method)
    def run(self: SqliteStore, *args: Any, **kwargs: Any) -> Any:
        if self.fallback is None:
            try:
                with self.snapshot():
                    return method(self, *args, **kwargs)
            except (*DAMAGE, schema.Changed) as e:
                self.fall_back(e)
        return getattr(self.fallback, name)(*args, **kwargs)

    return run  # type: ignore[return-value]


def _end_read(conn: sqlite3.Connection) -> None:
    """End a read transaction (a damaged file may refuse even that: the caller's error tells)."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("COMMIT")


class SqliteStore:
    """An open, up-to-date index of one list of facts directories; where it turns out damaged
    (or busy) part way, the YAML (`fallback`) answers from then on."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        found: build.Scan,
        dirs: Sequence[Path] = (),
        holder: guard.Holder | None = None,
        wrote: bool = False,
    ) -> None:
        self.conn = conn
        self.dirs = list(dirs)
        self.holder = holder
        # fresh, rebuilt (this run wrote it), or, once the YAML answers, damaged or busy
        self.state = "rebuilt" if wrote else "fresh"
        self.fallback: Any = None
        self._reading = 0
        conn.execute("BEGIN")  # what follows is read from one state of the index
        try:
            self._build = build.meta_value(conn, "build")
            registries = build.meta_value(conn, "registries")
            if registries is None:
                raise IndexUnavailable("index has no registries")
            reg = schema.registries_from_json(registries)
            self._names = schema.Names(SimpleNamespace(**reg))
            self._problems = tuple(stored_problems(conn, found))
        finally:
            _end_read(conn)
        self._registries = Base(
            reg["subjects"], reg["topics"], reg["sources"], reg["metrics"], (), self._problems
        )

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction around a question: every statement of it sees the same state
        of the index, whatever another process commits meanwhile (WAL: writers do not wait
        for it). Raises schema.Changed if the index was built again since it was opened."""
        if self._reading:
            yield
            return
        self.conn.execute("BEGIN")
        self._reading += 1
        try:
            self.check_build()
            yield
        finally:
            self._reading -= 1
            _end_read(self.conn)

    def check_build(self) -> None:
        """schema.Changed unless the index is the build this store opened."""
        if build.meta_value(self.conn, "build") != self._build:
            raise schema.Changed("the index was built again while this run read it")

    def fall_back(self, error: BaseException) -> None:
        """Answer from the YAML from now on; a damaged index is removed (when no other process
        holds it), so that the next run builds it again."""
        from c5lens.index.memory import MemoryStore

        # Busy, or built again by another process, is never damage: the index is kept.
        busy = guard.is_busy(error) or isinstance(error, schema.Changed)
        self.state = "busy" if busy else "damaged"
        self.conn.close()
        if not busy and self.holder is not None and self.dirs:
            remove(self.holder.path, self.holder)
        self.fallback = MemoryStore(self.dirs)

    def settle(self) -> None:
        """Write the WAL back into the file, if no reader holds it (info reports the file)."""
        if self.fallback is None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        self.conn.close()
        if self.holder is not None:
            self.holder.release()

    # --- reading facts -----------------------------------------------------------------------

    def _select(self, where: Sequence[str] = (), params: Sequence[Any] = (), order: str = _READING):
        sql = f"SELECT {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid) WHERE r.win"
        for w in where:
            sql += f" AND {w}"
        names = self._names
        rows = self.conn.execute(sql + order, params).fetchall()
        schema.check_order(rows, order)
        if not where:
            self._check_count(len(rows))
        return [schema.make_fact(row, names) for row in rows]

    def _check_count(self, n: int) -> None:
        """Every fact was read: a damaged SQL index can leave rows out without an error."""
        if str(n) != build.meta_value(self.conn, "facts"):
            raise schema.Damaged("the index holds another number of facts than it lists")

    @_guarded
    def registries(self) -> Base:
        return self._registries

    @_guarded
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    @_guarded
    def base(self) -> Base:
        """The whole base, in the loader's order (what load_base gives)."""
        return self._registries._replace(facts=tuple(self._select(order=" ORDER BY r.ord")))

    @_guarded
    def facts(
        self,
        subject: Filter = None,
        topic: Filter = None,
        metric: Filter = None,
        source: Filter = None,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        about: Filter = None,
    ) -> list[Fact]:
        where, params = where_clauses(
            self._names, subject=subject, topic=topic, metric=metric, source=source
        )
        if since is not None:
            where.append("r.last >= ?")
            params.append(schema.day_number(since.year, since.month, since.day, False))
        if until is not None:
            where.append("r.first <= ?")
            params.append(schema.day_number(until.year, until.month, until.day, True))
        about_keys = as_list(about)
        if about_keys is not None:
            marks = ", ".join("?" * len(about_keys))
            where.append(
                f"(r.subject IN ({marks}) OR r.rid IN "
                f"(SELECT rid FROM related WHERE subject IN ({marks})))"
            )
            params += [self._names.codes["subject"].get(k, -1) for k in about_keys]
            params += [param(k) for k in about_keys]
            from c5lens.index import involving  # only a question by --involving needs it

            found = self._select(where, params)
            involving.check(self.conn, about_keys, found)
            return found
        return self._select(where, params)

    @_guarded
    def fact(self, fact_id: str) -> Fact | None:
        found = self._select(["r.id = ?"], [param(fact_id)])
        if found and found[0].id == fact_id:
            return found[0]
        # Unknown, or a damaged SQL index lost it: only reading the table itself tells.
        sql = "SELECT id FROM rows NOT INDEXED WHERE win"
        ids = [i for (i,) in self.conn.execute(sql)]
        if found or fact_id in ids or build.ids_sum(ids) != build.meta_value(self.conn, "ids"):
            raise schema.Damaged(f"the SQL index of ids does not find {fact_id!r}")
        return None

    @_guarded
    def ids(self) -> list[str]:
        found = [i for (i,) in self.conn.execute("SELECT id FROM rows WHERE win ORDER BY ord")]
        self._check_count(len(found))
        if not all(type(i) is str for i in found):
            raise schema.Damaged("an id that is not text")
        return found

    @_guarded
    def near_ids(self, fact_id: str, n: int = 3) -> list[str]:
        probe, low, high = near_ranges(fact_id)

        def count(lo: str, hi: str) -> int:
            sql = "SELECT COUNT(*) FROM rows WHERE win AND id >= ? AND id < ?"
            return int(self.conn.execute(sql, (lo, hi)).fetchone()[0])

        low, high = narrowed(probe, low, high, count)
        sql = (
            "SELECT id FROM (SELECT id FROM rows WHERE win AND id < ?1 ORDER BY id DESC LIMIT ?4)"
            " UNION SELECT id FROM (SELECT id FROM rows WHERE win AND id >= ?1 ORDER BY id"
            " LIMIT ?4) UNION SELECT id FROM rows WHERE win AND id >= ?2 AND id < ?3"
        )
        found = [i for (i,) in self.conn.execute(sql, (probe, low, high, NEAR))]
        return closest(fact_id, sorted(found), n)

    @_guarded
    def latest(
        self, subject: Filter = None, metric: Filter = None, topic: Filter = None
    ) -> list[Fact]:
        return self._latest(subject, metric, topic, numeric=False)

    def _latest(self, subject: Filter, metric: Filter, topic: Filter, numeric: bool) -> list[Fact]:
        where, params = where_clauses(self._names, subject=subject, metric=metric, topic=topic)
        where.append("r.metric IS NOT NULL")
        if numeric:
            where.append("r.num = 1")
        cond = " AND ".join(["r.win", *where])
        sql = (
            f"WITH newest AS (SELECT r.subject, r.metric, MAX(r.y) AS y FROM rows r WHERE {cond}"
            f" GROUP BY r.subject, r.metric) SELECT {schema.FACT_COLUMNS} FROM newest n"
            " JOIN rows r ON r.subject = n.subject AND r.metric = n.metric AND r.y >= n.y - 1"
            f" JOIN files f ON f.fid = r.fid WHERE {cond}" + _READING
        )
        rows = self.conn.execute(sql, params + params).fetchall()
        schema.check_order(rows, _READING)
        return [schema.make_fact(row, self._names) for row in rows]

    @_guarded
    def series(self, subject: str, metric: str) -> list[Fact]:
        where, params = where_clauses(self._names, subject=subject, metric=metric)
        return self._select(where, params, " ORDER BY r.sk, r.subject, r.topic, r.ord")

    @_guarded
    def disputed(self, fact_ids: Sequence[str]) -> dict[str, list[Fact]]:
        # The others of a fact are the rest of each group it is in, group by group, each once.
        # Facts near each other share most of their others: each is read and made once. A
        # fact's groups are found among its series' (a few hundred rows at most), through the
        # series, so that no index of conflicts by row is kept (D116).
        in_series = (
            "SELECT m.rid, m.metric, s.sid, s.subject, s.metric, s.first, s.n, s.crc FROM rows m"
            " LEFT JOIN series s ON s.subject = m.subject AND s.metric = m.metric"
            " WHERE m.win AND m.id = ?"
        )
        sql = (
            "SELECT o.rid, o.sid, o.gno, o.pos, o.crc FROM conflicts c"
            " JOIN conflicts o ON o.sid = c.sid AND o.gno = c.gno AND o.rid != c.rid"
            " WHERE c.sid = ? AND c.rid = ? ORDER BY o.gno, o.pos"
        )
        made: dict[int, Fact] = {}
        out: dict[str, list[Fact]] = {}
        for fact_id in dict.fromkeys(fact_ids):
            found = []
            for rid, metric, *one in self.conn.execute(in_series, (param(fact_id),)).fetchall():
                if metric is None:
                    continue
                if one[0] is None:  # every fact of a metric is in its subject's series
                    raise schema.Damaged(f"the series of {fact_id!r} is not stored")
                series.check_series(one)
                found += self.conn.execute(sql, (one[0], rid)).fetchall()
            rids = list(dict.fromkeys(schema.checked(r, c, s, g, p) for r, s, g, p, c in found))
            if rids:
                self._make([r for r in rids if r not in made], made)
                out[fact_id] = [made[r] for r in rids]
        return out

    def _make(self, rids: list[int], into: dict[int, Fact]) -> None:
        """Read and make the facts of those rows, into `into` by rid."""
        sql = f"SELECT r.rid, {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid)"
        for i in range(0, len(rids), 500):  # within every SQLite's limit of bound values
            chunk = rids[i : i + 500]
            where = f" WHERE r.rid IN ({', '.join('?' * len(chunk))})"
            for row in self.conn.execute(sql + where, chunk):
                into[row[0]] = schema.make_fact(row[1:], self._names)

    @_guarded
    def conflicts(self) -> list[list[Fact]]:
        return series.conflict_groups(self.conn, self._names)

    @_guarded
    def rank(self, metric: str) -> RankInput:
        subjects = self._names.subjects
        comparable = {subjects[s] for s in series.series_subjects(self.conn)}
        return RankInput(self._latest(None, metric, None, numeric=True), comparable)

    @_guarded
    def search(self, query: Query) -> Searched:
        """The facts matching every term, and the counts bm25 weighs them by (D86)."""
        if not query.terms:
            return Searched([], 0, 0.0, (), [])
        reg = self._registries
        counted = None
        fts = True
        if not words.has_words(self.conn):
            # Written in a transaction of its own, then read in a new snapshot of the same
            # build. False: another process is writing; read every fact rather than wait.
            _end_read(self.conn)
            try:
                fts, counted = words.build_words(self.conn, reg, self._names, self.check_build)
            finally:
                self.conn.execute("BEGIN")
            self.check_build()
        if fts:
            words.check(self.conn)
        total, length = self._word_sizes(query.fields, counted)
        # Each term's candidates, checked: how many facts hold it, and which hold them all
        # (those of the first term that hold every other).
        held: list[set[str]] = []
        first: list[Fact] = []
        words_of: dict[str, tuple[Words, ...]] = {}
        for i, term in enumerate(query.terms):
            one = query._replace(terms=(term,))
            ids = set()
            for f in self._candidates(term, fts):
                fields = words_of.get(f.id) or field_words(f, reg)
                if term_counts(one, fields)[0][0]:
                    ids.add(f.id)
                    if not i:
                        first.append(f)
                        words_of[f.id] = fields
            held.append(ids)
        found = [f for f in first if all(f.id in h for h in held[1:])]
        counts = []
        for f in found:
            c, n = term_counts(query, words_of[f.id])
            counts.append((tuple(c), n))
        mean = length / total if total else 0.0
        return Searched(found, total, mean, tuple(len(h) for h in held), counts)

    def _candidates(self, term: words.Term, fts: bool) -> list[Fact]:
        if not all(is_utf8(w) for w in term.words):
            return []  # a word that is not UTF-8 is in no fact
        match = fts_match([term]) if fts else None
        if match is None:
            return self._select()
        try:
            return self._select(["r.rid IN (SELECT rowid FROM words WHERE words MATCH ?)"], [match])
        except sqlite3.OperationalError:  # still a term FTS5 cannot take: read every fact
            return self._select()

    def _word_sizes(self, fields: Sequence[str], counted: list[int] | None) -> tuple[int, int]:
        """How many facts there are, and how many words they have in these fields: kept in
        `meta` for the files as they are (counted as the search table is built, or again
        once the files change)."""
        sql = "SELECT path, sig FROM files ORDER BY fid"
        key = build.sha256_hex(repr(self.conn.execute(sql).fetchall()).encode())
        kept = words.meta_value(self.conn, "word_sizes")
        sizes = json.loads(kept) if kept else {}
        if sizes.get("files") != key:
            n = self.conn.execute("SELECT count(*) FROM rows WHERE win").fetchone()[0]
            if counted is None:
                counted = [0] * len(words.FIELDS)
                for fact in self.in_reading_order():
                    for i, ws in enumerate(field_words(fact, self._registries)):
                        counted[i] += len(ws)
            sizes = {"files": key, "total": n, "words": counted}
            # read-only or busy: counted again next time
            with contextlib.suppress(sqlite3.OperationalError):
                words.set_meta(self.conn, "word_sizes", json.dumps(sizes))
        chosen = sum(sizes["words"][words.FIELDS.index(f)] for f in fields)
        return sizes["total"], chosen

    @_guarded
    def counts(self, by: str) -> dict[str, int]:
        if by not in COUNTABLE:
            raise ValueError(f"cannot count facts by {by!r}")
        sql = f"SELECT {by}, COUNT(*) FROM rows WHERE win GROUP BY {by}"
        keys = self._names.of(by)
        return dict(sorted((keys[k], n) for k, n in self.conn.execute(sql) if k is not None))

    @_guarded
    def metric_subjects(self) -> dict[str, list[str]]:
        n = self._names
        out: dict[str, list[str]] = {}
        pairs = series.series_pairs(self.conn)
        for subject, metric in sorted((n.subjects[s], n.metrics[m]) for s, m in pairs):
            out.setdefault(metric, []).append(subject)
        return out

    @_guarded
    def in_reading_order(self) -> Iterator[Fact]:
        # Read whole and checked before the first fact is given: no read transaction is held
        # while the caller writes them out, and no damage is found half way through.
        sql = f"SELECT {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid) WHERE r.win"
        rows = self.conn.execute(sql + _READING).fetchall()
        self._check_count(len(rows))
        schema.check_order(rows, _READING)
        for row in rows:
            schema.check_row(row)
        names = self._names
        return (schema.make_fact(row, names, False) for row in rows)
