"""What changed between two bases: facts added, removed and changed field by field, and the
registries' entries likewise."""

from __future__ import annotations

from c5lens.base.model import Base, Fact
from c5lens.base.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# A fact's fields in the order of docs/fact-format.md; `file` and `line` say where it is
# written, not what it says, and a move shows as a change of subject or topic.
FACT_FIELDS = (
    "subject",
    "topic",
    "statement",
    "metric",
    "value",
    "unit",
    "qualifier",
    "scale",
    "as_of",
    "resolved_from",
    "source",
    "locator",
    "related",
    "notes",
    "correction",
)
REGISTRY_KINDS = ("subjects", "topics", "metrics", "sources")


class FieldChange(NamedTuple):
    """One field's value before and after, as plain JSON values (None where absent)."""

    field: str
    old: Any
    new: Any


class FactChange(NamedTuple):
    """A fact that both bases have, and the fields in which they differ."""

    id: str
    old: Fact
    new: Fact
    changes: tuple[FieldChange, ...]


class EntryChange(NamedTuple):
    """A registry entry (a subject, topic, metric or source) added, removed or changed."""

    kind: str
    key: str
    status: str  # added, removed, changed
    changes: tuple[FieldChange, ...] = ()


class BaseDiff(NamedTuple):
    """Everything that differs between an old and a new base."""

    added: tuple[Fact, ...]
    removed: tuple[Fact, ...]
    changed: tuple[FactChange, ...]
    registries: tuple[EntryChange, ...]

    @property
    def differ(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.registries)


def plain(value: Any) -> Any:
    """A field's value as JSON has it: dates in ISO 8601, tuples as lists, records as objects."""
    if hasattr(value, "iso"):
        return value.iso()
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type: 23 and 23.0 are two values in a fact file, and so are 1 and
    true. (Nested values compare as Python does; a fact's only nested ones hold strings.)"""
    return type(a) is type(b) and a == b


def _value(record: Any, name: str) -> Any:
    value = getattr(record, name)
    if name == "sha256" and isinstance(value, tuple):  # a folder's: file -> digest
        return dict(value)
    return plain(value)


def _changes(old: Any, new: Any, fields: tuple[str, ...]) -> tuple[FieldChange, ...]:
    pairs = ((name, _value(old, name), _value(new, name)) for name in fields)
    return tuple(FieldChange(name, a, b) for name, a, b in pairs if not _same(a, b))


def diff(old: Base, new: Base) -> BaseDiff:
    """What `new` adds to, removes from and changes in `old`, facts in the new base's order
    (removed ones in the old base's), registry entries by kind, then key."""
    before = {f.id: f for f in old.facts}
    after = {f.id: f for f in new.facts}
    added = tuple(f for f in new.facts if f.id not in before)
    removed = tuple(f for f in old.facts if f.id not in after)
    changed = []
    for fact in new.facts:
        was = before.get(fact.id)
        if was is not None:
            changes = _changes(was, fact, FACT_FIELDS)
            if changes:
                changed.append(FactChange(fact.id, was, fact, changes))
    entries: list[EntryChange] = []
    for kind in REGISTRY_KINDS:
        a, b = getattr(old, kind), getattr(new, kind)
        for key in sorted(a.keys() | b.keys()):
            if key not in a:
                entries.append(EntryChange(kind, key, "added"))
            elif key not in b:
                entries.append(EntryChange(kind, key, "removed"))
            else:
                changes = _changes(a[key], b[key], a[key]._fields)
                if changes:
                    entries.append(EntryChange(kind, key, "changed", changes))
    return BaseDiff(added, removed, tuple(changed), tuple(entries))
