"""Reading fact files for the index: each parsed and checked into the rows it stores, in this
process or, for a large build, in one worker process per core (D45)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from c5lens.base.record import NamedTuple
from c5lens.index import schema
from c5lens.index.scanning import signature_size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from c5lens.index.scanning import Entry, Scan

# Files are parsed in worker processes, one per core, when there is at least this much YAML
# to read: below it, starting the workers costs more than it saves.
PARALLEL_BYTES = 4 << 20


class Parsed(NamedTuple):
    """One fact file as the index stores it: its problems, and for each fact its row after
    rid and fid (pos, id, line, id_line, id_col, then schema.fact_row), its related subjects
    and, when the search table is kept, its search text."""

    problems: str
    rows: list[tuple[Any, ...]]
    related: list[tuple[int, str]]
    words: list[str]


def parse_file(entry: Entry, reg: Any, names: schema.Names, with_words: bool) -> Parsed:
    """Parse and check one fact file (in this process or a worker)."""
    from c5lens.base import loading
    from c5lens.index.words import search_text

    _dir_i, path, _fkey, rel = entry
    out = loading._Collector()
    rows: list[tuple[Any, ...]] = []
    related: list[tuple[int, str]] = []
    texts: list[str] = []
    # Each fact is made into its row as it is read, and not kept: a large file's facts are
    # never all held at once (D117).
    facts = loading._read_fact_file(Path(path), rel, reg, out)
    for pos, (fact, (id_line, id_col)) in enumerate(facts):
        rows.append((pos, fact.id, fact.line, id_line, id_col, *schema.fact_row(fact, names)))
        related += [(pos, s) for s in fact.related]
        if with_words:
            texts.append(search_text(fact, reg))
    # The problems last: the reading reports them as it goes.
    return Parsed(schema.problems_json(out.problems), rows, related, texts)


_worker_reg: tuple[Any, schema.Names]  # set in each worker as it starts


def _worker_start(reg: Any) -> None:
    global _worker_reg
    _worker_reg = (reg, schema.Names(reg))


def _worker_parse(job: tuple[Entry, bool]) -> Parsed:
    reg, names = _worker_reg
    return parse_file(job[0], reg, names, job[1])


def parse_all(
    found: Scan, entries: Sequence[Entry], reg: Any, with_words: bool
) -> Iterator[tuple[Entry, Parsed]]:
    """Each entry, parsed, in order: in worker processes when there is much to read."""
    size = sum(signature_size(found.file_sigs[e[1]]) for e in entries)
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or size < PARALLEL_BYTES or len(entries) < 2:
        names = schema.Names(reg)
        for entry in entries:
            yield entry, parse_file(entry, reg, names, with_words)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork where the platform forks safely (a worker then starts in a millisecond); spawn
    # elsewhere (macOS, Windows), which imports the loader again in each worker.
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and os.uname().sysname == "Linux" else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, context, _worker_start, (reg,)) as pool:
        jobs = [(entry, with_words) for entry in entries]
        chunk = max(1, min(16, len(entries) // (workers * 8)))
        yield from zip(entries, pool.map(_worker_parse, jobs, chunksize=chunk), strict=True)
