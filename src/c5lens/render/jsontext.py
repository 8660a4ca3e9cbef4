"""Indented JSON text, byte-identical to `json.dumps(obj, ensure_ascii=False, indent=2)`.

With `indent` set, the standard library encodes in pure Python through generators, which made
pretty-printing a large base slower than reading it. This writer does the same job for the
plain data c5lens prints (dicts with string keys, lists, strings, numbers, booleans, null) with
the C string encoder and no generators; tests compare it with `json.dumps` on every output.
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C version when the interpreter has it

from c5lens.render.records import FactRecords

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_FLOAT_REPR = float.__repr__
_INT_REPR = int.__repr__


def dumps(obj: Any, indent: int = 2) -> str:
    """`obj` as indented JSON, UTF-8 characters kept as they are."""
    parts: list[str] = []
    _write(obj, parts, "\n", " " * indent)
    return "".join(parts)


# Pieces gathered before `dump` hands them on: a few hundred records' worth.
_SPILL = 20_000


def dump(obj: Any, write: Callable[[str], object], indent: int = 2) -> None:
    """`obj` as `dumps` writes it, handed to `write` in pieces as it is made; `FactRecords`
    are made one at a time, so only a few hundred are ever held."""
    parts: _Spilling = _Spilling(write)
    _write(obj, parts, "\n", " " * indent)
    parts.spill()


class _Spilling(list[str]):
    """The pieces of the text so far; `spill` writes them out and starts again."""

    def __init__(self, write: Callable[[str], object]) -> None:
        super().__init__()
        self.write = write

    def spill(self) -> None:
        if self:
            self.write("".join(self))
            self.clear()


def _write(obj: Any, parts: list[str], newline: str, step: str) -> None:
    if isinstance(obj, str):
        parts.append(encode_basestring(obj))
    elif obj is None:
        parts.append("null")
    elif obj is True:
        parts.append("true")
    elif obj is False:
        parts.append("false")
    elif isinstance(obj, int):
        parts.append(_INT_REPR(obj))
    elif isinstance(obj, float):
        parts.append(_float(obj))
    elif isinstance(obj, dict):
        if not obj:
            parts.append("{}")
            return
        inner = newline + step
        first = True
        for key, value in obj.items():
            parts.append(("{" if first else ",") + inner + encode_basestring(_key(key)) + ": ")
            first = False
            _write(value, parts, inner, step)
        parts.append(newline + "}")
    elif isinstance(obj, list | tuple | FactRecords):
        if not len(obj):
            parts.append("[]")
            return
        inner = newline + step
        first = True
        spilling = isinstance(parts, _Spilling)
        for value in obj:
            parts.append(("[" if first else ",") + inner)
            first = False
            _write(value, parts, inner, step)
            if spilling and len(parts) > _SPILL:
                parts.spill()  # type: ignore[attr-defined]
        parts.append(newline + "]")
    else:
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return _FLOAT_REPR(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, float):
        return _float(key)
    return str(key)
