"""A YAML file's data built straight from the parser's events, in one pass and without a node tree.

`parse_yaml`'s way for most files (D109): the same data, and the same problems at the same
places, as composing the node tree and walking it (`yamlread`'s way, kept for the rest), in a
fraction of the memory (a node tree is about twelve times its file) and of the time (the
composer calls back into Python for every node). On the way it notes where each entry of a
top-level `facts` list and its `id` are, which is all loading asks of a clean fact file; any
other place is found in the tree, composed only when asked.

A file with an anchor or an alias goes back to the tree (`UseTree`): what is reported there
depends on which nodes an alias shares, and such a file is refused whole anyway.
"""

from __future__ import annotations

import sys

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from c5lens.base import yamlread as tree
from c5lens.base import yamlscalars as scalars
from c5lens.base.yamlscalars import YamlProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

Pos = tuple[int, int]
_COLLECTIONS = (SequenceStartEvent, MappingStartEvent)
_ENDS = (SequenceEndEvent, MappingEndEvent)


class UseTree(Exception):
    """The file has an anchor or an alias: read it with the node tree."""


class Built:
    """What one pass over a document's events gave."""

    __slots__ = ("data", "fact_pos", "has_document", "id_pos", "problems", "root_tag")

    def __init__(self) -> None:
        self.data: Any = None
        self.problems: list[YamlProblem] = []
        self.fact_pos: list[Pos] | None = None  # each `facts` entry's place, when it is a list
        self.id_pos: dict[int, Pos] = {}  # the place of entry i's id
        self.has_document = False
        self.root_tag: str | None = None


def _pos(event: Any) -> Pos:
    return tree._mark_pos(event.start_mark)


def _tag(event: Any, default: str) -> str:
    """The tag the composer gives a collection: its own, or the default for `!` and none."""
    tag = event.tag
    return default if tag is None or tag == "!" else tag


class _Builder:
    def __init__(self, text: str, stop_deep: bool) -> None:
        self.next: Callable[[], Any] = yaml.parse(text, Loader=scalars._Loader).__next__
        # Where the tree reader scans events first (a text that could nest dangerously deep, or
        # holds `&`, `*` or `!`), the first collection nested too deeply ends the reading.
        self.stop_deep = stop_deep
        self.out = Built()
        self.problems = self.out.problems

    def run(self) -> Built:
        nxt, out = self.next, self.out
        nxt()  # StreamStartEvent
        event = nxt()
        if type(event) is DocumentStartEvent:
            out.has_document = True
            event = nxt()
            if type(event) is ScalarEvent:
                out.root_tag = self.scalar_tag(event)
            out.data = self.value(event, 0, top=True)
            nxt()  # DocumentEndEvent
            event = nxt()
            if type(event) is not StreamEndEvent:
                error = ComposerError(
                    "expected a single document in the stream",
                    None,
                    "but found another document",
                    event.start_mark,
                )
                if self.stop_deep:  # the tree reader's scan reads on: a later error is first
                    while type(event) is not StreamEndEvent:
                        if type(event) not in (DocumentStartEvent, DocumentEndEvent):
                            self.skip(event, 0)
                        event = nxt()
                raise error
        return out

    # --- values -------------------------------------------------------------------------------

    def value(self, event: Any, depth: int, top: bool = False, entry: int = -1) -> Any:
        kind = type(event)
        if kind is AliasEvent or event.anchor is not None:
            raise UseTree
        if depth > tree.MAX_DEPTH:
            return self.too_deep(event, depth)
        if kind is ScalarEvent:
            return self.scalar(event)
        if kind is SequenceStartEvent:
            tag = _tag(event, scalars._SEQ)
            if tag != scalars._SEQ:
                return self.refuse_tag(event, tag, depth)
            items = []
            nxt = self.next
            item = nxt()
            while type(item) is not SequenceEndEvent:
                items.append(self.value(item, depth + 1))
                item = nxt()
            return items
        tag = _tag(event, scalars._MAP)
        if tag != scalars._MAP:
            return self.refuse_tag(event, tag, depth)
        return self.mapping(depth, top, entry)

    def mapping(self, depth: int, top: bool, entry: int) -> dict[str, Any]:
        nxt, problems = self.next, self.problems
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        key = nxt()
        while type(key) is not MappingEndEvent:
            if type(key) is AliasEvent or key.anchor is not None:
                raise UseTree
            if type(key) is not ScalarEvent:
                refused = tree.key_refusal(_tag(key, ""), None, first_line)
                assert refused is not None
                problems.append(YamlProblem(*_pos(key), refused))
                self.skip(key, depth + 1)
                self.skip(nxt(), depth + 1)
                key = nxt()
                continue
            # One string per distinct key: a file of 20,000 facts repeats a dozen keys.
            name = sys.intern(key.value)
            refused = tree.key_refusal(self.scalar_tag(key), name, first_line)
            if refused is not None:
                problems.append(YamlProblem(*_pos(key), refused))
            else:
                first_line[name] = _pos(key)[0]
                value = nxt()
                if top and name == "facts":
                    out[name] = self.facts(value, depth + 1)
                else:
                    if entry >= 0 and name == "id":
                        self.out.id_pos[entry] = _pos(value)
                    out[name] = self.value(value, depth + 1)
                key = nxt()
                continue
            self.skip(nxt(), depth + 1)  # the value of a key that was refused
            key = nxt()
        return out

    def facts(self, event: Any, depth: int) -> Any:
        """The top-level `facts` value, noting where each entry and its id are."""
        if (
            type(event) is not SequenceStartEvent
            or event.anchor is not None
            or depth > tree.MAX_DEPTH
            or _tag(event, scalars._SEQ) != scalars._SEQ
        ):
            return self.value(event, depth)
        places: list[Pos] = []
        self.out.fact_pos = places
        items = []
        nxt = self.next
        item = nxt()
        while type(item) is not SequenceEndEvent:
            places.append(_pos(item))
            items.append(self.value(item, depth + 1, entry=len(places) - 1))
            item = nxt()
        return items

    def scalar_tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return scalars.resolve_scalar(event.value, event.implicit)
        return str(tag)

    def scalar(self, event: Any) -> Any:
        tag = self.scalar_tag(event)
        value, style = event.value, event.style
        if tag == scalars._STR and (style or not value or value[0] not in scalars._NUMBER_START):
            return value  # the common case, settled without a regular expression
        tagged = event.tag is not None
        return scalars.scalar_value(tag, value, style, _pos(event), tagged, self.problems)

    # --- what is refused ------------------------------------------------------------------------

    def too_deep(self, event: Any, depth: int) -> None:
        problem = YamlProblem(*_pos(event), tree.TOO_DEEP)
        if self.stop_deep and isinstance(event, _COLLECTIONS):
            raise tree.YamlError([problem])
        self.problems.append(problem)
        self.skip(event, depth)

    def refuse_tag(self, event: Any, tag: str, depth: int) -> None:
        self.problems.append(YamlProblem(*_pos(event), f"tag {scalars._tag(tag)} is not allowed"))
        self.skip(event, depth, inside=True)

    def skip(self, event: Any, depth: int, inside: bool = False) -> None:
        """Read past the node `event` starts (at `depth`), building nothing; `inside`: its start
        has been looked at already. Where the tree reader would have stopped at a collection
        nested too deeply, or used the tree, this does too."""
        kind = type(event)
        if kind is AliasEvent or (not inside and event.anchor is not None):
            raise UseTree
        if kind is ScalarEvent:
            return
        if not inside and self.stop_deep and depth > tree.MAX_DEPTH:
            raise tree.YamlError([YamlProblem(*_pos(event), tree.TOO_DEEP)])
        nxt = self.next
        level = depth
        while True:
            event = nxt()
            kind = type(event)
            if kind in _ENDS:
                if level == depth:
                    return
                level -= 1
            elif kind is AliasEvent or event.anchor is not None:
                raise UseTree
            elif kind is not ScalarEvent:
                level += 1
                if self.stop_deep and level > tree.MAX_DEPTH:
                    raise tree.YamlError([YamlProblem(*_pos(event), tree.TOO_DEEP)])


def build(text: str, stop_deep: bool) -> Built:
    """Data, problems and the places of `facts` entries of one YAML text; raises UseTree for a
    text with an anchor or an alias, and the parser's errors as they come."""
    return _Builder(text, stop_deep).run()
