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
    kind = type(obj)
    if kind is dict:
        _dict(obj, parts, newline, step)
    elif kind is list or kind is tuple or kind is FactRecords:
        _list(obj, parts, newline, step)
    else:
        parts.append(_scalar(obj) if kind in _SCALARS else _other(obj, parts, newline, step))


# The exact types whose text `_scalar` makes (bool before int: True is an int).
_SCALARS = frozenset((str, int, float, bool, type(None)))


def _scalar(obj: Any) -> str:
    kind = type(obj)
    if kind is str:
        return encode_basestring(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if kind is int:
        return _INT_REPR(obj)
    return _float(obj)


def _other(obj: Any, parts: list[str], newline: str, step: str) -> str:
    """The text of a subclass of a plain type (as json.dumps writes it); "" once a container
    of one is written into parts."""
    if isinstance(obj, str):
        return encode_basestring(obj)
    if isinstance(obj, int):
        return _INT_REPR(obj)
    if isinstance(obj, float):
        return _float(obj)
    if isinstance(obj, dict):
        _dict(obj, parts, newline, step)
        return ""
    if isinstance(obj, list | tuple | FactRecords):
        _list(obj, parts, newline, step)
        return ""
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


# Each indentation's key texts, `\n    "key": `, made once: the records of a long answer
# repeat a dozen keys thousands of times.
_KEYS: dict[str, dict[str, str]] = {}


def _dict(obj: dict[Any, Any], parts: list[str], newline: str, step: str) -> None:
    if not obj:
        parts.append("{}")
        return
    inner = newline + step
    keys = _KEYS.get(inner)
    if keys is None:
        keys = _KEYS[inner] = {}
    append = parts.append
    sep = "{"
    for key, value in obj.items():
        if type(key) is str:
            text = keys.get(key)
            if text is None:
                text = inner + encode_basestring(key) + ": "
                if len(keys) < 4096:
                    keys[key] = text
        else:
            text = inner + encode_basestring(_key(key)) + ": "
        kind = type(value)
        if kind in _SCALARS:
            append(sep + text + _scalar(value))
        else:
            append(sep + text)
            _write(value, parts, inner, step)
        sep = ","
    append(newline + "}")


def _list(obj: Any, parts: list[str], newline: str, step: str) -> None:
    if not len(obj):
        parts.append("[]")
        return
    inner = newline + step
    append = parts.append
    spilling = isinstance(parts, _Spilling)
    sep = "[" + inner
    for value in obj:
        kind = type(value)
        if kind in _SCALARS:
            append(sep + _scalar(value))
        else:
            append(sep)
            _write(value, parts, inner, step)
            if spilling and len(parts) > _SPILL:
                parts.spill()  # type: ignore[attr-defined]
        sep = "," + inner
    append(newline + "]")


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
