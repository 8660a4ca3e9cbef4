"""What the index stores: its tables, and facts, registries and problems as stored.

A fact is one row of `rows`: the columns lookups select and sort by (id, subject, topic,
metric, source, dates, whether the value is a number), and the rest of the record as one
compact marshal tuple (plain values only, so nothing runs when it is read back). Subject,
topic, metric and source are stored as their place in their registry (`Names`): a fact of an
unknown one is not loaded, a number is a fifth of the key's size in the rows and their
indexes, and the places of subjects and topics are the reading order. Each row is
stored once: the row that wins for its id (the first in the last directory that has it) is
marked `win` and carries the loader's order. Which facts disagree is stored as the groups
(`conflicts`), not as pairs: a fact's others are the rest of its groups, found by its rid.

Nothing read back is trusted (D77): each row, each file (D110), each meta value and each
conflict carries a CRC-32 of what it holds, checked as it is read; a mismatch raises `Damaged`
and the store answers from the YAML instead.
"""

from __future__ import annotations

import itertools
import json
import marshal
import sys
import zlib
from collections.abc import Sequence

from c5lens import __version__
from c5lens.base.dates import AsOf, parse_as_of
from c5lens.base.model import Correction, Fact, Metric, Problem, Source, Subject, Topic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA = 24  # bump when the tables or what is stored in them change

# Indexes are made after a rebuild's bulk insert: building them once is quicker than keeping
# them up to date row by row. Those on `win` rows only are what lookups use.
INDEXES = """
CREATE INDEX rows_fid ON rows(fid);
CREATE INDEX rows_id ON rows(id);
CREATE INDEX rows_subject ON rows(subject, metric, y) WHERE win;
CREATE INDEX rows_metric ON rows(metric, num, subject, y) WHERE win;
CREATE INDEX rows_source ON rows(source) WHERE win;
CREATE INDEX rows_topic ON rows(topic) WHERE win;
CREATE INDEX rows_first ON rows(first) WHERE win;
CREATE INDEX rows_reading ON rows(subject, topic, ord) WHERE win;
CREATE INDEX related_subject ON related(subject);
"""
TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT, crc INTEGER);
CREATE TABLE files(fid INTEGER PRIMARY KEY, path TEXT UNIQUE, dir INTEGER, fkey TEXT, rel TEXT,
                   sig TEXT, problems TEXT, forder INTEGER, hash TEXT, crc INTEGER);
CREATE TABLE rows(rid INTEGER PRIMARY KEY, fid INTEGER, pos INTEGER, id TEXT, line INTEGER,
                  id_line INTEGER, id_col INTEGER, subject INTEGER, topic INTEGER,
                  metric INTEGER, source INTEGER, y INTEGER, sk INTEGER, first INTEGER,
                  last INTEGER, num INTEGER, win INTEGER, ord INTEGER, data BLOB, crc INTEGER,
                  ocrc INTEGER, pcrc INTEGER);
CREATE TABLE related(rid INTEGER, subject TEXT, crc INTEGER, PRIMARY KEY (rid, subject))
                     WITHOUT ROWID;
CREATE TABLE series(sid INTEGER PRIMARY KEY, subject INTEGER, metric INTEGER, first INTEGER,
                    n INTEGER, crc INTEGER, UNIQUE (subject, metric));
CREATE TABLE conflicts(sid INTEGER, gno INTEGER, pos INTEGER, rid INTEGER, crc INTEGER,
                       PRIMARY KEY (sid, gno, pos)) WITHOUT ROWID;
CREATE TABLE dupes(fid INTEGER, pos INTEGER, problem TEXT, crc INTEGER);
CREATE VIRTUAL TABLE words USING fts5(text, content="", detail="none", columnsize=0,
                                      tokenize="unicode61 remove_diacritics 0");
"""

# The columns a Fact is made from, in this order (r: rows, f: its file); the columns after
# data are only checked (the row's CRC covers them and the row's file: lookups select and sort
# by them), and the order, that rows came in the order asked (a damaged SQL index can mix them
# up); its CRC covers whether the row is its id's fact (win).
FACT_COLUMNS = (
    "r.id, r.subject, r.topic, r.metric, r.source, f.rel, r.data,"
    " r.y, r.sk, r.first, r.last, r.num, r.crc, r.ord, r.ocrc, r.fid"
)
# Where a row stands in its file, which only building on the index reads (which row of an id
# is first, and where a repeated id's problem is): the CRC pcrc covers these (D104).
PLACE_COLUMNS = ("id", "fid", "pos", "line", "id_line", "id_col")
# The places in FACT_COLUMNS of what each order sorts by.
ORDERS = {" ORDER BY r.subject, r.topic, r.ord": (1, 2, 13), " ORDER BY r.ord": (13,),
          " ORDER BY r.sk, r.subject, r.topic, r.ord": (8, 1, 2, 13)}  # fmt: skip


# A file's columns, in this order, and its CRC, which covers them all (D110): its id (which
# rows and repeated ids are its), path, directory and place in its listing (the order its
# problems are reported in), name (what its facts give as their file), place in the loader's
# order (which of an id's rows wins, and where), hash, problems and signature.
FILE_COLUMNS = "fid, path, dir, fkey, rel, forder, hash, problems, sig, crc"


def file_crc(fid: int, path: str, dir_i: int, fkey: str, rel: str, forder: int,
             hash_: str | None, problems: str, sig: str) -> int:  # fmt: skip
    """The CRC of a file's row: FILE_COLUMNS but crc (text as str, not as to_db stores it)."""
    return crc(fid, path, dir_i, fkey, rel, forder, hash_, problems, sig)


def check_file(row: Sequence[Any]) -> tuple[Any, ...]:
    """The FILE_COLUMNS of a file's row but crc, its text as str; Damaged unless they are what
    was written."""
    if len(row) != 10:
        raise Damaged("a file's row of another shape")
    fid, path, dir_i, fkey, rel, forder, hash_, problems, sig, stored = row
    values = (fid, from_db(path), dir_i, from_db(fkey), from_db(rel), forder, hash_, problems,
              sig)  # fmt: skip
    if (
        type(stored) is not int
        or type(fid) is not int
        or type(dir_i) is not int
        or type(forder) is not int
        or file_crc(*values) != stored
    ):
        raise Damaged(f"the row of file {values[1]!r} does not match its checksum")
    return values


def check_order(rows: Sequence[Sequence[Any]], order: str) -> None:
    """Damaged unless rows are sorted as order (one of ORDERS) says."""
    places = ORDERS.get(order)
    if places is None:
        return
    keys = [tuple(row[i] for i in places) for row in rows]
    try:
        if any(a > b for a, b in itertools.pairwise(keys)):
            raise Damaged("rows out of the order asked for")
    except TypeError:
        raise Damaged("a sort key that is not a number") from None


class Damaged(Exception):
    """What was read from the index is not what was written: answer from the YAML."""


class Changed(Exception):
    """Another process built the index again while this one read it: the YAML answers this
    run (the index is sound, and is kept)."""


def crc(*values: Any) -> int:
    """The CRC-32 of values as stored (text, numbers and None; a bytes value only last)."""
    if values and type(values[-1]) is bytes:
        head = "\x1f".join(map(str, values[:-1])).encode("utf-8", "surrogateescape")
        return zlib.crc32(values[-1], zlib.crc32(head))
    return zlib.crc32("\x1f".join(map(str, values)).encode("utf-8", "surrogateescape"))


def checked(value: Any, stored_crc: Any, *more: Any) -> Any:
    """value, if its CRC (with more) is stored_crc; else Damaged."""
    if type(stored_crc) is not int or crc(*more, value) != stored_crc:
        raise Damaged("a value's checksum does not match")
    return value


def to_db(text: str) -> str | bytes:
    """Text as SQLite can store it: a file name that is not UTF-8 as its bytes (D79)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")
    return text


def from_db(value: Any) -> str:
    """Text stored by to_db."""
    if type(value) is bytes:
        return value.decode("utf-8", "surrogateescape")
    if type(value) is not str:
        raise Damaged(f"text expected, found {type(value).__name__}")
    return value


def stamp() -> str:
    # marshal's format belongs to the Python version that wrote it.
    return f"{SCHEMA}:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}:{marshal.version}"


def day_number(year: int, month: int | None, day: int | None, end: bool) -> int:
    """A date as one sortable number; a missing month or day as the first or the last."""
    return year * 10000 + (month or (12 if end else 1)) * 100 + (day or (31 if end else 1))


class Names:
    """Each registry's keys by their place, and their places by key: what the rows store."""

    def __init__(self, reg: Any) -> None:
        self.subjects: list[str] = list(reg.subjects)
        self.topics: list[str] = list(reg.topics)
        self.metrics: list[str] = list(reg.metrics)
        self.sources: list[str] = list(reg.sources)
        self.codes: dict[str, dict[str, int]] = {
            column: {k: i for i, k in enumerate(keys)}
            for column, keys in (
                ("subject", self.subjects), ("topic", self.topics),
                ("metric", self.metrics), ("source", self.sources),
            )
        }  # fmt: skip

    def of(self, column: str) -> list[str]:
        return {"subject": self.subjects, "topic": self.topics, "metric": self.metrics,
                "source": self.sources}[column]  # fmt: skip


def fact_row(fact: Fact, names: Names) -> tuple[Any, ...]:
    """The stored columns of a fact after id: subject, topic, metric, source, y, sk, first,
    last, num, data."""
    c = fact.correction
    data = marshal.dumps(
        (
            fact.statement, fact.value, fact.as_of.iso(), fact.locator, fact.unit,
            fact.qualifier, fact.scale, fact.resolved_from, fact.related, fact.notes,
            (c.statement, c.source, c.locator) if c else None, fact.line,
        )
    )  # fmt: skip
    start, end = fact.as_of.start, fact.as_of.end or fact.as_of.start
    y, m, d = start.sort_key()
    codes = names.codes
    return (
        codes["subject"][fact.subject], codes["topic"][fact.topic],
        None if fact.metric is None else codes["metric"][fact.metric],
        codes["source"][fact.source], y, y * 10000 + m * 100 + d,
        day_number(start.year, start.month, start.day, False),
        day_number(end.year, end.month, end.day, True),
        1 if fact.is_numeric else 0, data,
    )  # fmt: skip


_AS_OF: dict[str, AsOf] = {}


def row_crc(id_: str, rel: str, fid: int, values: Sequence[Any]) -> int:
    """The CRC of a row: its id, its file (name and fid) and fact_row's values (data last)."""
    return crc(id_, rel, fid, *values)


def order_crc(order: int, win: int) -> int:
    """The CRC of a row's order and whether it is its id's fact (1) or not (0)."""
    return crc(order, win)


def check_row(row: Sequence[Any], win: int = 1) -> None:
    """Damaged unless the FACT_COLUMNS of a row are what was written, the row being its id's
    fact (win 1: every lookup reads those) or not (0)."""
    id_, subject, topic, metric, source, file, data, y, sk, first, last, num, stored = row[:13]
    if (
        type(data) is not bytes
        or stored != crc(id_, from_db(file), row[15], subject, topic, metric, source, y, sk,
                         first, last, num, data)
        or row[14] != order_crc(row[13], win)
    ):  # fmt: skip
        raise Damaged(f"row of {id_!r} does not match its checksum")


def check_place(row: Sequence[Any], stored: Any) -> None:
    """Damaged unless the PLACE_COLUMNS of a row (in that order) are what was written."""
    if type(stored) is not int or crc(*row) != stored:
        raise Damaged(f"the place of {row[0]!r} in its file does not match its checksum")


def make_fact(row: Sequence[Any], names: Names, check: bool = True, win: int = 1) -> Fact:
    """A Fact from the FACT_COLUMNS of a row; Damaged if the row is not what was written
    (unless check_row has said so already)."""
    if check:
        check_row(row, win)
    id_, subject, topic, metric, source, file, data = row[:7]
    file = from_db(file)
    (
        statement, value, as_of, locator, unit, qualifier, scale, resolved_from, related, notes,
        correction, line,
    ) = marshal.loads(data)  # fmt: skip
    parsed = _AS_OF.get(as_of)
    if parsed is None:
        parsed = _AS_OF[as_of] = parse_as_of(as_of)
    return Fact(
        id=id_, subject=names.subjects[subject], topic=names.topics[topic],
        statement=statement, value=value, as_of=parsed, source=names.sources[source],
        locator=locator, metric=None if metric is None else names.metrics[metric], unit=unit,
        qualifier=qualifier, scale=scale, resolved_from=resolved_from, related=related,
        notes=notes, correction=Correction(*correction) if correction else None, file=file,
        line=line,
    )  # fmt: skip


def corrected(data: bytes) -> bool:
    """Whether a stored fact carries a correction (a source's mistake, never a reading: D97)."""
    return marshal.loads(data)[10] is not None


def value_key(data: bytes) -> tuple[object, ...]:
    """What makes two stored values differ: the value (a bool apart from 1) and its unit."""
    values = marshal.loads(data)
    return (type(values[1]) is bool, values[1], values[4])


def registries_json(reg: Any) -> str:
    def subject(s: Subject) -> list[Any]:
        return [s.key, s.name, s.kind, s.iso_alpha2, s.iso_alpha3, s.iso_numeric, s.factbook,
                list(s.names)]  # fmt: skip

    def source(s: Source) -> list[Any]:
        return [s.id, s.title, s.author, s.publisher, s.published, s.kind, s.document, s.url,
                s.notes, s.sha256]  # fmt: skip

    return json.dumps(
        {
            "subjects": [subject(s) for s in reg.subjects.values()],
            "topics": [[t.key, t.description] for t in reg.topics.values()],
            "sources": [source(s) for s in reg.sources.values()],
            "metrics": [[*m[:7], m.label, m.short_label] for m in reg.metrics.values()],
        },
        ensure_ascii=False,
    )


def _digests(value: Any) -> Any:
    """A source's sha256 as the loader makes it: a string, or (file, digest) pairs."""
    return tuple((name, digest) for name, digest in value) if isinstance(value, list) else value


def registries_from_json(text: str) -> dict[str, dict[str, Any]]:
    data = json.loads(text)
    subjects = {}
    for key, name, kind, a2, a3, num, fb, names in data["subjects"]:
        subjects[key] = Subject(key, name, kind, a2, a3, num, fb, tuple(names))
    return {
        "subjects": subjects,
        "topics": {k: Topic(k, d) for k, d in data["topics"]},
        "sources": {s[0]: Source(*s[:9])._replace(sha256=_digests(s[9])) for s in data["sources"]},
        "metrics": {
            m[0]: Metric(*m[:4], *(tuple(k) for k in m[4:7]), *m[7:9]) for m in data["metrics"]
        },
    }


def problems_json(problems: Sequence[Problem]) -> str:
    rows = [[p.path, p.line, p.col, p.message] for p in problems]
    text = json.dumps(rows, ensure_ascii=False)
    # A path that is not UTF-8 is kept as JSON escapes, which SQLite can store.
    return text if isinstance(to_db(text), str) else json.dumps(rows)


def problems_from_json(text: str) -> list[Problem]:
    return [Problem(*p) for p in json.loads(text)]
