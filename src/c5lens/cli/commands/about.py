"""info: what c5lens is reading (version, facts directories, sources, newest date, index)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from c5lens.cli.result import Result, Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

    from c5lens.base.model import Fact, Problem

INFO_FIELDS = ["version", "directories", "sources", "newest_as_of", "index"]


def _index(session: Session, store: Any) -> dict[str, Any]:
    """The index's record: the state the store is in after this run's questions (D71, D77)."""
    from datetime import UTC, datetime

    from c5lens.index.api import cache_settings
    from c5lens.index.sqlite import SqliteStore, index_path
    from c5lens.render.records import index_record

    cache, _ = cache_settings(session.env.environ)
    if cache is None or not isinstance(store, SqliteStore) or store.state == "busy":
        return index_record("off", None, None, None)
    path = index_path(session.dirs(), cache)
    if store.state == "damaged":
        return index_record("damaged", str(path), None, None)
    store.settle()
    st = path.stat()
    # In WAL mode a write lands in the -wal file first: the later of the two is the last write.
    mtime = st.st_mtime
    with contextlib.suppress(OSError):
        mtime = max(mtime, os.stat(f"{path}-wal").st_mtime)
    when = datetime.fromtimestamp(mtime, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return index_record(store.state, str(path), st.st_size, when)


def _owner_of_problem(problem: Problem, roots: Sequence[str]) -> int | None:
    """The directory a problem is in: the longest root its path starts with (the last such)."""
    best, length = None, -1
    for i, root in enumerate(roots):
        inside = problem.path == root or problem.path.startswith(root.rstrip(os.sep) + os.sep)
        if inside and len(root) >= length:
            best, length = i, len(root)
    return best


def _entries(path: Path) -> set[tuple[str, int]]:
    """(id, line) of each fact entry of a fact file, read without checking it."""
    from c5lens.base.files import Collector
    from c5lens.base.loading import read_doc

    doc = read_doc(path, Collector())
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("facts"), list):
        return set()
    return {
        (entry["id"], doc.value_pos(("facts", i))[0])
        for i, entry in enumerate(doc.data["facts"])
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }


def _census(dirs: Sequence[Path], facts: Iterable[Fact]) -> tuple[list[int], list[int], str | None]:
    """Facts and files of each directory, and the newest date of any fact; one pass.

    A fact names its file relative to its directory. Where one relative path is a fact file in
    several directories, the fact is the one of the last of them whose file has an entry with
    its id at its line (a later directory's fact replaces an earlier one of the same id); only
    those files are read again.
    """
    from c5lens.base.files import Collector, fact_files

    owners: dict[str, list[int]] = {}
    files = []
    for i, root in enumerate(dirs):
        listed = fact_files(root, Collector())
        files.append(len(listed))
        for entry in listed:
            rel = Path(entry.path).relative_to(root).as_posix()
            owners.setdefault(rel, []).append(i)
    entries: dict[tuple[int, str], set[tuple[str, int]]] = {}
    counts = [0] * len(dirs)
    newest: tuple[Any, int, str] | None = None
    for f in facts:
        candidates = owners.get(f.file, [])
        owner = candidates[-1] if candidates else None
        if len(candidates) > 1:
            for i in reversed(candidates):
                if (i, f.file) not in entries:
                    entries[(i, f.file)] = _entries(dirs[i] / f.file)
                if (f.id, f.line) in entries[(i, f.file)]:
                    owner = i
                    break
        if owner is not None:
            counts[owner] += 1
        end = f.as_of.end or f.as_of.start
        key = (end.last_day(), len(end.iso()), end.iso())
        if newest is None or key > newest:
            newest = key
    return counts, files, newest[2] if newest else None


def info(session: Session) -> Result:
    """Show what c5lens is reading: version, facts directories, sources, newest date, index."""
    from c5lens import version
    from c5lens.render.records import directory_record, info_record

    store = session.store()
    dirs = session.dirs()
    base = store.registries()
    counts, files, newest = _census(dirs, store.in_reading_order())
    index = _index(session, store)
    roots = [str(d) for d in dirs]
    problems = [0] * len(dirs)
    for p in store.problems():
        owner = _owner_of_problem(p, roots)
        if owner is not None:
            problems[owner] += 1
    directories = [
        directory_record(
            roots[i],
            "bundled" if i == 0 and session.env.bundled else "user",
            counts[i],
            files[i],
            problems[i],
        )
        for i in range(len(dirs))
    ]
    record = info_record(version(), directories, len(base.sources), newest, index)

    def view(console: Console) -> None:
        from c5lens.render.tables import print_info

        print_info(console, record)

    return Result([record], view=view, document=record, fields=INFO_FIELDS)


INDEX_FIELDS = ["path", "state", "facts", "quick_check", "damage"]


def index(session: Session, check: bool = False, rebuild: bool = False) -> Result:
    """Check the index whole (quick_check and every checksum), or build it again."""
    from c5lens.cli.exitcodes import ExitCode
    from c5lens.index import health
    from c5lens.index.api import cache_settings
    from c5lens.index.build import IndexUnavailable

    cache, use = cache_settings(session.env.environ)
    notes: list[str] = []
    record: dict[str, Any]
    if cache is None or not use:
        record = {"path": None, "state": "off", "facts": None, "quick_check": None, "damage": []}
    else:
        try:
            record = (health.rebuild if rebuild else health.check)(session.dirs(), cache)
        except (IndexUnavailable, OSError) as e:
            record = health.check(session.dirs(), cache)
            notes.append(f"c5lens: cannot rebuild the index: {e}")
    code = ExitCode.INVALID_DATA if record["state"] == "damaged" else ExitCode.OK
    if notes:
        code = ExitCode.ERROR

    def view(console: Console) -> None:
        from c5lens.base.model import one_line

        lines = [f"index   {record['state']}" + (f" · {record['path']}" if record["path"] else "")]
        if record["facts"] is not None:
            lines.append(f"facts   {record['facts']}")
        lines += [f"damage  {one_line(d)}" for d in record["damage"]]
        console.print("\n".join(lines), markup=False, highlight=False)

    return Result([record], view=view, document=record, fields=INDEX_FIELDS, notes=notes, exit=code)
