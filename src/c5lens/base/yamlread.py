"""Read a YAML file into plain values plus the line and column of every key and value.

PyYAML's loaders keep the last of two equal keys, expand aliases and construct tagged objects.
Here the data is built from the parser's events (`yamlevents`), or, for a file with an anchor
or an alias, the C composer builds the node tree and a small walker turns it into dicts, lists
and scalars; either way a repeated key, an alias, a merge key or a foreign tag is reported with
its position instead of silently changing the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from c5lens.base.text import excerpt
from c5lens.base.yamlscalars import (
    _KEY_TAGS,
    _MAP,
    _MERGE,
    _NULL,
    _NUMBER_START,
    _SEQ,
    _STR,
    YamlProblem,
    _Loader,
    _tag,
    scalar_value,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    _T = TypeVar("_T")

MAX_DEPTH = 32
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
_NO_ANCHORS = "anchors and aliases are not allowed in fact files"
Path_ = tuple[str | int, ...]


@dataclass(slots=True)
class YamlDoc:
    """A parsed document: its data, and where to find the (line, col) of any part.

    Positions are looked up only when something is wrong, so they are found in the node tree
    on demand, the tree itself composed from `text` when first asked for (D109), except the
    places of the `facts` entries and their ids, which loading asks for every fact and the
    reading noted on the way.
    """

    data: Any
    _root: Node | None = None
    _top: dict[Any, tuple[Node, Node]] | None = None
    text: str | None = None
    fact_pos: list[tuple[int, int]] | None = None
    id_pos: dict[int, tuple[int, int]] | None = None

    @property
    def root(self) -> Node | None:
        """The document's node tree."""
        if self._root is None and self.text is not None:
            self._root = yaml.compose(self.text, Loader=_Loader)
        return self._root

    def _node(self, path: Path_) -> tuple[Node | None, Node | None]:
        """The key node and value node at path (as far down it as the tree goes)."""
        key, node = None, self.root
        if path and isinstance(node, MappingNode):
            # Loading asks for the place of every fact: look the top level up in a table.
            if self._top is None:
                self._top = {}
                for k, v in node.value:
                    if isinstance(k, ScalarNode):
                        self._top.setdefault(k.value, (k, v))
            if path[0] in self._top:
                key, node = self._top[path[0]]
                path = path[1:]
        for step in path:
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == step:
                        key, node = k, v
                        break
                else:
                    return None, node
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return None, node
                key, node = None, node.value[step]
            else:
                return None, node
        return key, node

    def key_pos(self, path: Path_) -> tuple[int, int]:
        key, node = self._node(path)
        found = key if key is not None else node
        return _pos(found) if found is not None else (1, 1)

    def value_pos(self, path: Path_) -> tuple[int, int]:
        places = self.fact_pos
        if places is not None and len(path) in (2, 3) and path[0] == "facts":
            i = path[1]
            if type(i) is int and 0 <= i < len(places):
                if len(path) == 2:
                    return places[i]
                if path[2] == "id" and self.id_pos is not None and i in self.id_pos:
                    return self.id_pos[i]
        _key, node = self._node(path)
        return _pos(node) if node is not None else (1, 1)


class YamlError(Exception):
    """The text is not YAML this reader accepts; carries every problem found."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with or without a BOM), or raise YamlError at the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        # The column counts characters, as every other position does; the bytes before the bad
        # one decode cleanly.
        start = before[before.rfind(b"\n") + 1 :].decode("utf-8")
        col = len(start.removeprefix("\ufeff") if line == 1 else start) + 1
        raise YamlError(
            [YamlProblem(line, col, f"not UTF-8: byte 0x{raw[e.start]:02x} cannot be decoded")]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_yaml(raw: bytes) -> YamlDoc:
    """Parse one YAML document from bytes; raise YamlError for anything not plainly data."""
    return parse_text(decode(raw))


def parse_text(text: str) -> YamlDoc:
    """parse_yaml of the text of the bytes, decoded (a caller need not hold both)."""
    from c5lens.base import yamlevents

    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        raise YamlError([YamlProblem(line, i - text.rfind("\n", 0, i), "NUL byte in file")])
    try:
        built = _reading(text, [], lambda: yamlevents.build(text, _needs_event_scan(text)))
    except yamlevents.UseTree:
        return _parse_tree(text)
    if not built.has_document or built.root_tag == _NULL:
        raise YamlError([YamlProblem(1, 1, "empty file: expected a mapping")])
    if built.problems:
        raise YamlError(built.problems)
    return YamlDoc(built.data, text=text, fact_pos=built.fact_pos, id_pos=built.id_pos)


def _parse_tree(text: str) -> YamlDoc:
    """parse_yaml by the node tree: composed, then walked (a file with anchors or aliases)."""
    problems: list[YamlProblem] = []
    tagged: set[tuple[int, int]] = set()

    def compose() -> Node | None:
        # Events first where they matter: the composer recurses in C (a deeply nested file
        # would crash the process) and hands back an alias as its anchored node, without the
        # alias's position. Most files can have neither, and the scan costs a second parse.
        if _needs_event_scan(text) and not _scan_events(text, problems, tagged):
            raise YamlError(problems)
        return yaml.compose(text, Loader=_Loader)

    node = _reading(text, problems, compose)
    if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
        # no document at all, or one of nothing but `---` and comments
        raise YamlError([YamlProblem(1, 1, "empty file: expected a mapping")])
    doc = YamlDoc(None, node)
    doc.data = _walk(node, problems, set(), 0, tagged)
    if problems:
        raise YamlError(problems)
    return doc


def _reading(text: str, problems: list[YamlProblem], read: Callable[[], _T]) -> _T:
    """read(), with what the parser raises turned into YamlError (after `problems`)."""
    try:
        try:
            return read()
        except yaml.YAMLError as e:
            # Newer libyaml refuses deep nesting itself, with its own message and place; report
            # it as c5lens does under every PyYAML, at the collection that goes too deep.
            deep = _too_deep(text, e)
            if deep is None:
                raise
            raise YamlError([deep]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = e.problem or e.context or "invalid YAML"
        if e.context and e.problem and e.problem.startswith("but "):
            what = f"{e.context}, {e.problem}"  # "expected a single document..., but found..."
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if not any((p.line, p.col) == (line, col) for p in problems):  # e.g. an undefined alias
            problems.append(YamlProblem(line, col, f"malformed YAML: {what}"))
        raise YamlError(problems) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - text.rfind("\n", 0, e.position)
        what = f"character #x{e.character:04x} is not allowed: {e.reason}"
        raise YamlError([YamlProblem(line, col, f"malformed YAML: {what}")]) from None
    except yaml.YAMLError as e:
        raise YamlError([*problems, YamlProblem(1, 1, f"malformed YAML: {e}")]) from None
    except RecursionError:
        raise YamlError([YamlProblem(1, 1, "malformed YAML: nested too deeply")]) from None


# Far below the depth at which libyaml's recursive composer exhausts the C stack.
_SAFE_STRUCTURE = 10_000


def _needs_event_scan(text: str) -> bool:
    """True unless the text can hold no anchor, alias or tag and cannot nest dangerously deep.

    Every level of nesting needs a character of its own (a new line, or one of `- ? : [ {`), so
    a text with few of them cannot nest deeper than their count; `_walk` then enforces MAX_DEPTH.
    """
    if "&" in text or "*" in text or "!" in text:
        return True
    structure = (
        text.count("\n") + text.count("- ") + text.count("? ") + text.count(":")
        + text.count("[") + text.count("{")
    )  # fmt: skip
    return structure >= _SAFE_STRUCTURE


def _scan_events(text: str, problems: list[YamlProblem], tagged: set[tuple[int, int]]) -> bool:
    """Report each anchor and alias at its place; False if nesting goes deeper than MAX_DEPTH.

    Adds the position of each scalar with an explicit tag to `tagged`. Stops at the first
    collection nested too deeply, before the parser goes any further into it.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        pos = _mark_pos(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            problems.append(YamlProblem(*pos, f"{_NO_ANCHORS} (alias *{event.anchor})"))
            continue
        if isinstance(event, yaml.ScalarEvent) and event.tag is not None:
            tagged.add(pos)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            problems.append(YamlProblem(*pos, f"{_NO_ANCHORS} (anchor &{anchor})"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:  # the top-level collection is depth 0 to _walk
                problems.append(YamlProblem(*pos, TOO_DEEP))
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _too_deep(text: str, error: yaml.YAMLError) -> YamlProblem | None:
    """The first collection nested more than MAX_DEPTH deep, if that is why libyaml refused.

    libyaml reads ahead, so it can refuse at its own limit before it hands over the event that
    goes deeper than ours. The text before the place it refused holds that event, and scanning
    only that much is as fast as the first attempt.
    """
    for _ in range(3):
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        index = getattr(mark, "index", None)
        if not isinstance(index, int) or not 0 < index <= len(text):
            return None
        text = text[:index]
        problems: list[YamlProblem] = []
        try:
            if _scan_events(text, problems, set()):
                return None
            return problems[-1]
        except yaml.YAMLError as again:
            error = again  # refused again, earlier: cut there and look once more
    return None


def _mark_pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def key_refusal(tag: str, name: str | None, first_line: dict[str, int]) -> str | None:
    """Why a mapping key is refused (its tag; `name` None for a key that is not a scalar, and
    `first_line` the lines of the keys before it), or None for a key data can have."""
    if tag == _MERGE:
        return "merge keys (<<) are not allowed"
    if name is None:
        return "complex keys are not allowed"
    if tag not in _KEY_TAGS:
        return f"key {excerpt(name)} must be a plain string"
    if name in first_line:
        return f"duplicate key {excerpt(name)} (first at line {first_line[name]})"
    return None


def _walk(
    node: Node,
    problems: list[YamlProblem],
    seen: set[int],
    depth: int,
    tagged: set[tuple[int, int]],
) -> Any:
    if id(node) in seen:
        # The composer hands back the anchored node again for every alias of it; _scan_events
        # has reported the alias at its own place. Never walk it twice (a "billion laughs").
        return None
    if depth > MAX_DEPTH:
        problems.append(YamlProblem(*_pos(node), TOO_DEEP))
        return None
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        return _scalar(node, problems, tagged)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            problems.append(YamlProblem(*_pos(node), f"tag {_tag(node.tag)} is not allowed"))
            return None
        return [_walk(item, problems, seen, depth + 1, tagged) for item in node.value]
    assert isinstance(node, MappingNode)
    if node.tag != _MAP:
        problems.append(YamlProblem(*_pos(node), f"tag {_tag(node.tag)} is not allowed"))
        return None
    out: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, ScalarNode):
            refused = key_refusal(knode.tag, None, first_line)
        else:
            refused = key_refusal(knode.tag, knode.value, first_line)
        if refused is not None:
            problems.append(YamlProblem(*_pos(knode), refused))
            continue
        key = knode.value
        first_line[key] = knode.start_mark.line + 1
        out[key] = _walk(vnode, problems, seen, depth + 1, tagged)
    return out


def _scalar(node: ScalarNode, problems: list[YamlProblem], tagged_at: set[tuple[int, int]]) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR and (node.style or not value or value[0] not in _NUMBER_START):
        return value  # the common case, settled without a regular expression
    pos = _pos(node)
    return scalar_value(tag, value, node.style, pos, pos in tagged_at, problems)
