"""Read a YAML file into plain values plus the line and column of every key and value.

PyYAML's loaders keep the last of two equal keys, expand aliases and construct tagged objects.
Here the C composer builds the node tree and a small walker turns it into dicts, lists and
scalars itself, so that a repeated key, an alias, a merge key or a foreign tag is reported with
its position instead of silently changing the data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 32
_TAG = "tag:yaml.org,2002:"
_TRUE, _FALSE = {"true"}, {"false"}
_constructor = yaml.constructor.SafeConstructor()
_NO_ANCHORS = "anchors and aliases are not allowed in fact files"
# YAML 1.1 reads 0012 as 10 (octal), 1:20 as 80 (base 60), 0x1f and 1_000 as numbers, but 1e3
# and 08 as strings; other YAML and JSON readers differ. Only plain decimal is unambiguous.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NUMBER_LIKE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")

Path_ = tuple[str | int, ...]


@dataclass(slots=True)
class YamlProblem:
    line: int
    col: int
    message: str


@dataclass(slots=True)
class YamlDoc:
    """A parsed document: its data, and the (line, col) of each path's key and value."""

    data: Any
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def key_pos(self, path: Path_) -> tuple[int, int]:
        return self.key_marks.get(path) or self.value_pos(path)

    def value_pos(self, path: Path_) -> tuple[int, int]:
        while path not in self.value_marks and path:
            path = path[:-1]
        return self.value_marks.get(path, (1, 1))


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
    text = decode(raw)
    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        raise YamlError([YamlProblem(line, i - text.rfind("\n", 0, i), "NUL byte in file")])
    problems: list[YamlProblem] = []
    tagged: set[tuple[int, int]] = set()
    try:
        # Events first: the composer recurses in C (a deeply nested file would crash the
        # process) and hands back an alias as its anchored node, without the alias's position.
        if not _scan_events(text, problems, tagged):
            raise YamlError(problems)
        node = yaml.compose(text, Loader=_Loader)
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
    if node is None or (isinstance(node, ScalarNode) and node.tag == _TAG + "null"):
        # no document at all, or one of nothing but `---` and comments
        raise YamlError([YamlProblem(1, 1, "empty file: expected a mapping")])
    doc = YamlDoc(None)
    doc.data = _walk(node, (), doc, problems, set(), 0, tagged)
    if problems:
        raise YamlError(problems)
    return doc


def _scan_events(text: str, problems: list[YamlProblem], tagged: set[tuple[int, int]]) -> bool:
    """Report each anchor and alias at its place; False if nesting goes deeper than MAX_DEPTH.

    Adds the position of each scalar with an explicit tag to `tagged`. Stops at the first
    collection nested too deeply, before the parser goes any further into it.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            problems.append(YamlProblem(*pos, f"{_NO_ANCHORS} (alias *{event.anchor})"))
            continue
        if isinstance(event, yaml.ScalarEvent) and event.tag is not None:
            tagged.add(pos)
        if getattr(event, "anchor", None) is not None:
            problems.append(YamlProblem(*pos, f"{_NO_ANCHORS} (anchor &{event.anchor})"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:  # the top-level collection is depth 0 to _walk
                problems.append(YamlProblem(*pos, f"nested more than {MAX_DEPTH} levels deep"))
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(
    node: Node,
    path: Path_,
    doc: YamlDoc,
    problems: list[YamlProblem],
    seen: set[int],
    depth: int,
    tagged: set[tuple[int, int]],
) -> Any:
    doc.value_marks[path] = pos = _pos(node)
    if id(node) in seen:
        # The composer hands back the anchored node again for every alias of it; _scan_events
        # has reported the alias at its own place. Never walk it twice (a "billion laughs").
        return None
    if depth > MAX_DEPTH:
        problems.append(YamlProblem(*pos, f"nested more than {MAX_DEPTH} levels deep"))
        return None
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        return _scalar(node, pos, problems, pos in tagged)
    if isinstance(node, SequenceNode):
        if node.tag != _TAG + "seq":
            problems.append(YamlProblem(*pos, f"tag {node.tag!r} is not allowed"))
            return None
        return [
            _walk(item, (*path, i), doc, problems, seen, depth + 1, tagged)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, MappingNode)
    if node.tag != _TAG + "map":
        problems.append(YamlProblem(*pos, f"tag {node.tag!r} is not allowed"))
        return None
    out: dict[str, Any] = {}
    for knode, vnode in node.value:
        kpos = _pos(knode)
        if not isinstance(knode, ScalarNode) or knode.tag == _TAG + "merge":
            what = "merge keys (<<)" if knode.tag == _TAG + "merge" else "complex keys"
            problems.append(YamlProblem(*kpos, f"{what} are not allowed"))
            continue
        key = knode.value
        if knode.tag not in (_TAG + "str", _TAG + "int", _TAG + "bool", _TAG + "float"):
            problems.append(YamlProblem(*kpos, f"key {key!r} must be a plain string"))
            continue
        if key in out:
            first = doc.key_marks[(*path, key)]
            problems.append(YamlProblem(*kpos, f"duplicate key {key!r} (first at line {first[0]})"))
            continue
        doc.key_marks[(*path, key)] = kpos
        out[key] = _walk(vnode, (*path, key), doc, problems, seen, depth + 1, tagged)
    return out


def _scalar(
    node: ScalarNode, pos: tuple[int, int], problems: list[YamlProblem], tagged: bool
) -> Any:
    tag = node.tag
    # Unquoted (style None from the Python parser, "" from libyaml) and without a tag.
    plain = not node.style and not tagged
    if plain and (
        (tag == _TAG + "str" and _NUMBER_LIKE.fullmatch(node.value))
        or (tag == _TAG + "int" and not _PLAIN_INT.fullmatch(node.value))
        or (tag == _TAG + "float" and any(c in node.value for c in "_:"))
    ):
        problems.append(
            YamlProblem(
                *pos, f"ambiguous {node.value!r}: quote it for a string, or write plain decimal"
            )
        )
        return None
    if tag == _TAG + "str":
        return node.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "int":
        return _constructor.construct_yaml_int(node)
    if tag == _TAG + "float":
        value = _constructor.construct_yaml_float(node)
        if math.isfinite(value):
            return value
        problems.append(YamlProblem(*pos, f"{node.value!r} is not a finite number"))
        return None
    if tag == _TAG + "bool":
        word = node.value.lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        # YAML 1.1 reads yes/no/on/off as booleans; in data that is usually a string lost.
        problems.append(
            YamlProblem(
                *pos, f"ambiguous {node.value!r}: quote it for a string, or write true/false"
            )
        )
        return None
    if tag == _TAG + "timestamp":
        return node.value  # dates stay text at the precision written
    problems.append(YamlProblem(*pos, f"tag {tag!r} is not allowed"))
    return None
