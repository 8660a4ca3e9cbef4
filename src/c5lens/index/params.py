"""What a fact query binds: clauses over the registries' codes, and text SQLite can take."""

from __future__ import annotations

from c5lens.index import schema
from c5lens.index.api import Filter, as_list

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def is_utf8(text: str) -> bool:
    """False for text with lone surrogates: an argument of bytes that are not UTF-8, as Python
    keeps it. SQLite refuses such text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def param(value: Any) -> Any:
    """A value to bind: text that is not UTF-8 as a blob."""
    # Text that is not UTF-8 equals no text of the base (every file is UTF-8); bound as a blob,
    # it matches nothing, as it should, instead of making SQLite raise.
    if isinstance(value, str) and not is_utf8(value):
        return value.encode("utf-8", "surrogateescape")
    return value


def where_clauses(names: schema.Names, **filters: Filter) -> tuple[list[str], list[Any]]:
    """The WHERE clauses and parameters of a fact query, by the registries' codes."""
    where, params = [], []
    for column, value in filters.items():
        values = as_list(value)
        if values is None:
            continue
        codes = names.codes[column]
        # A key no registry has is in no row: -1 is the place of none.
        where.append(f"r.{column} IN ({', '.join('?' * len(values))})")
        params += [codes.get(v, -1) for v in values]
    return where, params
