"""`NamedTuple` for c5lens's records: typing's class syntax, without importing typing at run time.

Type checkers see `typing.NamedTuple`. At run time a class written with it becomes a subclass of
a `collections.namedtuple` (fields from the annotations, defaults from the class body): the same
tuple, `_fields`, `_replace`, `_make` and pickling, for half the cost of building it and none of
typing's import, which a lookup otherwise pays for on every start.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    from collections import namedtuple

    class _RecordType(type):
        def __new__(mcls, name, bases, ns):
            if not bases:  # NamedTuple itself
                return super().__new__(mcls, name, bases, ns)
            fields = tuple(ns.get("__annotations__", {}))
            defaults = [ns[f] for f in fields if f in ns]
            if any(f in ns for f in fields[: len(fields) - len(defaults)]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            module = ns.get("__module__")
            base = namedtuple(name, fields, defaults=defaults, module=module)
            body = {k: v for k, v in ns.items() if k not in fields}
            body.setdefault("__slots__", ())
            return type(name, (base,), body)

    class NamedTuple(metaclass=_RecordType):
        """Base of a record class: its annotated names are the tuple's fields."""
