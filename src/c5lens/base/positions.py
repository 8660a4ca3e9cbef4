"""Where each field of each record of a YAML file is written, for problems found after loading."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from c5lens.base.files import Collector
from c5lens.base.loading import read_doc

Positions = dict[str, dict[str, tuple[int, int]]]


def record_positions(path: Path, list_key: str, key_field: str) -> Positions:
    """For each record of the file's `list_key` list, by its `key_field`: the (line, col) of the
    record itself (under "") and of each field's value ("correction.locator" for a sub-field).
    A file that cannot be read gives nothing: loading has reported why."""
    return _positions(path, list_key, key_field, _stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=256)
def _positions(path: Path, list_key: str, key_field: str, _stamp: tuple[int, int]) -> Positions:
    doc = read_doc(path, Collector())
    out: Positions = {}
    if doc is None or not isinstance(doc.data, dict):
        return out
    records = doc.data.get(list_key)
    if not isinstance(records, list):
        return out
    for i, record in enumerate(records):
        if not isinstance(record, dict) or not isinstance(record.get(key_field), str):
            continue
        where = (list_key, i)
        found = {"": doc.value_pos((*where, key_field))}
        for key, value in record.items():
            found[str(key)] = doc.value_pos((*where, key))
            if isinstance(value, dict):
                for sub in value:
                    found[f"{key}.{sub}"] = doc.value_pos((*where, key, sub))
        out.setdefault(record[key_field], found)  # a repeated id: loading reports it
    return out
