"""What search looks through: each fact's fields as folded words, the query, the search table."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Sequence

from c5lens.base.model import Base, Fact, Subject
from c5lens.base.record import NamedTuple
from c5lens.base.text import words
from c5lens.index import schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# The fields a query can look in (`search --in`), in the order a fact's words are kept; all
# but the source's title by default (D85).
FIELDS = ("statement", "value", "note", "metric", "subject", "source")
DEFAULT_FIELDS = ("statement", "value", "note", "metric", "subject")


class Term(NamedTuple):
    """One query term: a word, or a phrase of words in a row; the last a prefix if `*`."""

    words: tuple[str, ...]
    prefix: bool = False


class Query(NamedTuple):
    """A parsed search: every term must be found in one of the fields."""

    terms: tuple[Term, ...]
    fields: tuple[str, ...] = DEFAULT_FIELDS


class Searched(NamedTuple):
    """The facts matching a query, in reading order, and what bm25 needs to know: for each
    of them each term's occurrences and its length in words; of all the facts searched, how
    many, their mean length, and how many hold each term."""

    facts: list[Fact]
    total: int
    mean_length: float
    frequencies: tuple[int, ...]
    counts: list[tuple[tuple[int, ...], int]]

    def keeping(self, kept: Sequence[Fact]) -> Searched:
        """The same search with only these of its facts (those a filter keeps)."""
        ids = {f.id for f in kept}
        pairs = [(f, c) for f, c in zip(self.facts, self.counts, strict=True) if f.id in ids]
        return self._replace(facts=[f for f, _ in pairs], counts=[c for _, c in pairs])


# compiled on the first search (the re module caches it), not by every lookup that imports this
_TOKEN = r'"([^"]*)"?(\*?)|(\S+)'


def parse_query(text: str, fields: Sequence[str] = DEFAULT_FIELDS) -> Query:
    """A query as FTS5 reads one: `"a b"` a phrase, `word*` a prefix, the rest words, ANDed;
    a bare word that folds to several (`rare-earth`) is a phrase of them."""
    terms: dict[Term, None] = {}
    for m in re.finditer(_TOKEN, text):
        quoted, star, bare = m.groups()
        if bare is not None:
            star = "*" if bare.endswith("*") else ""
        found = tuple(words(quoted if bare is None else bare))
        if found:
            terms[Term(found, bool(star))] = None
    chosen = tuple(f for f in FIELDS if f in fields) or DEFAULT_FIELDS
    return Query(tuple(terms), chosen)


Words = tuple[str, ...]


def field_words(fact: Fact, reg: Base) -> tuple[Words, ...]:
    """A fact's folded words, one list per field of FIELDS."""
    metric = reg.metrics.get(fact.metric) if fact.metric else None
    subject = reg.subjects.get(fact.subject)
    source = reg.sources.get(fact.source)
    metric_names: tuple[str, ...] = ()
    if fact.metric:
        key = fact.metric.replace("_", " ")
        metric_names = (key, metric.title, metric.short_label) if metric else (key,)
    value = fact.value
    if value is None:  # a claim without a value (D96)
        value_text = ""
    else:
        value_text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return (
        tuple(words(fact.statement)),
        tuple(words(value_text)),
        tuple(words(fact.notes or "")),
        _names(metric_names),
        # every name `country` accepts for the subject the fact is filed under (D85)
        _subject_words(subject) if subject else _names((fact.subject,)),
        _names((source.title,)) if source else (),
    )


@functools.lru_cache(maxsize=4096)
def _subject_words(subject: Subject) -> Words:
    from c5lens.base.names import subject_names

    return _names(subject_names(subject))


@functools.lru_cache(maxsize=4096)
def _names(names: tuple[str, ...]) -> Words:
    """The words of several names, each name once however it is written (`Arland`, `arland`);
    kept, as a subject's, metric's and source's names are the same for many facts."""
    kept = dict.fromkeys(" ".join(words(n)) for n in names)
    return tuple(" ".join(k for k in kept if k).split())


def occurrences(term: Term, found: Words) -> int:
    """How many times a term occurs in one field's words."""
    whole, last = term.words[:-1], term.words[-1]
    if not whole:  # one word, the common case: no scan in Python
        if term.prefix:
            return sum(1 for w in found if w.startswith(last))
        return found.count(last)
    n = len(whole)
    count = 0
    for i in range(len(found) - n):
        if found[i : i + n] == whole:
            word = found[i + n]
            if word == last or (term.prefix and word.startswith(last)):
                count += 1
    return count


def term_counts(query: Query, fields: tuple[Words, ...]) -> tuple[list[int], int]:
    """For a fact's field words: each term's occurrences in the query's fields, and their length."""
    chosen = [fields[FIELDS.index(f)] for f in query.fields]
    counts = [sum(occurrences(t, ws) for ws in chosen) for t in query.terms]
    return counts, sum(len(ws) for ws in chosen)


def search_in(facts: Sequence[Fact], fields: Sequence[tuple[Words, ...]], query: Query) -> Searched:
    """A query answered by reading every fact's field words (the YAML-only store's way)."""
    found, held, length, frequencies = [], [], 0, [0] * len(query.terms)
    for fact, words_of in zip(facts, fields, strict=True):
        counts, n = term_counts(query, words_of)
        length += n
        for i, c in enumerate(counts):
            frequencies[i] += c > 0
        if all(counts):
            found.append(fact)
            held.append((tuple(counts), n))
    total = len(facts)
    mean = length / total if total else 0.0
    return Searched(found, total, mean, tuple(frequencies), held)


def search_text(fact: Fact, reg: Base) -> str:
    """The folded words the search table holds: every field's, to find candidates with."""
    return " ".join(" ".join(ws) for ws in field_words(fact, reg))


def fts_match(terms: Sequence[Term]) -> str | None:
    """An FTS5 query finding every fact a term can match (and a few more, checked after).

    FTS5 splits words where text.words does not (at `_`, and at letters newer than its Unicode
    tables), and the table keeps no positions: every piece of every word as a prefix finds each
    fact the terms can match. None when no piece is left (every fact is a candidate)."""
    pieces = dict.fromkeys(p for t in terms for w in t.words for p in w.split("_") if p)
    if not pieces:
        return None
    return " AND ".join('"' + p.replace('"', '""') + '"*' for p in pieces)


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    """A value of the meta table, checked against its CRC (schema.Damaged if it differs)."""
    row = conn.execute("SELECT value, crc FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    return str(schema.checked(row[0], row[1], key))


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES (?, ?, ?)", (key, value, schema.crc(key, value))
    )


def has_words(conn: sqlite3.Connection) -> bool:
    # The search table is built on the first search, not on the first run: most runs never
    # search, and it is a tenth of what reading a large base costs.
    return (meta_value(conn, "words") or "").startswith("built")


def _words_crc(conn: sqlite3.Connection) -> int:
    """The CRC of what FTS5 stores: a search finds no fact its damaged table lost (D77)."""
    import zlib

    value = 0
    for table in ("SELECT id, block FROM words_data ORDER BY id",
                  "SELECT segid, term, pgno FROM words_idx ORDER BY segid, term"):  # fmt: skip
        for row in conn.execute(table):
            for cell in row:
                value = zlib.crc32(cell if type(cell) is bytes else str(cell).encode(), value)
    return value


def seal(conn: sqlite3.Connection) -> None:
    """Record the search table's CRC, after it was built or changed (in the transaction)."""
    # FTS5 keeps new words in memory until a savepoint or the commit: written out first.
    conn.execute("SAVEPOINT seal")
    conn.execute("RELEASE seal")
    set_meta(conn, "words", f"built:{_words_crc(conn)}")


def check(conn: sqlite3.Connection) -> None:
    """schema.Damaged unless the search table is as sealed."""
    if meta_value(conn, "words") != f"built:{_words_crc(conn)}":
        raise schema.Damaged("the search table is not as it was written")


def build_words(
    conn: sqlite3.Connection, reg: Base, names: Any, same_build: Callable[[], None]
) -> tuple[bool, list[int] | None]:
    """Fill the search table: (False, None) if another process is writing (search then reads
    every fact instead of waiting); else True, with the words in each field of the winning rows
    counted on the way (None if another process built it meanwhile). `same_build` raises
    unless the index is still the build whose registries `reg` and `names` are."""
    from c5lens.index.guard import is_busy

    sizes: list[int] | None = None
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if is_busy(e):
            return False, None
        raise
    try:
        same_build()
        if not has_words(conn):  # another process may have built it meanwhile
            sizes = [0] * len(FIELDS)
            cursor = conn.execute(
                f"SELECT r.rid, r.win, {schema.FACT_COLUMNS} FROM rows r JOIN files f USING (fid)"
            )
            while batch := cursor.fetchmany(5000):
                texts = []
                for row in batch:
                    fields = field_words(schema.make_fact(row[2:], names, win=row[1]), reg)
                    if row[1]:
                        for i, ws in enumerate(fields):
                            sizes[i] += len(ws)
                    texts.append((row[0], " ".join(" ".join(ws) for ws in fields)))
                conn.executemany("INSERT INTO words(rowid, text) VALUES (?, ?)", texts)
            seal(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if sizes is not None:
        from c5lens.index.guard import empty_wal

        empty_wal(conn)
    return True, sizes
