"""What a YAML scalar means here: the safe loader's tags, refusing what readers disagree on.

YAML 1.1 reads `0012` as 10 and `1:20` as 80; `yes` is a boolean; other YAML and JSON readers
differ. Only plain decimal numbers and `true`/`false` are taken as written; the rest is a
problem at the scalar's place. Both readers (`yamlread`'s node tree, `yamlevents`) use these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from c5lens.base.text import excerpt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


@dataclass(slots=True)
class YamlProblem:
    line: int
    col: int
    message: str


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type,unused-ignore]
    """The safe loader, with tag resolution cut to what it does for data without path resolvers.

    The C composer calls these three methods for every node; the inherited ones spend most of
    their time on path resolvers, which nothing here uses.
    """

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return resolve_scalar(value, implicit)
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG


def resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag the safe loader gives a scalar written without one (the composer's rule)."""
    if implicit[0]:
        resolvers = _Loader.yaml_implicit_resolvers
        for tag, regexp in (*resolvers.get(value[:1], ()), *resolvers.get(None, ())):
            if regexp.match(value):
                return str(tag)
    return str(_Loader.DEFAULT_SCALAR_TAG)


_TAG = "tag:yaml.org,2002:"
_TRUE, _FALSE = {"true"}, {"false"}
_constructor = yaml.constructor.SafeConstructor()
# YAML 1.1 reads 0012 as 10 (octal), 1:20 as 80 (base 60), 0x1f and 1_000 as numbers, but 1e3
# and 08 as strings; other YAML and JSON readers differ. Only plain decimal is unambiguous.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NUMBER_LIKE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")

_STR, _NULL, _INT, _FLOAT, _BOOL, _TIMESTAMP, _SEQ, _MAP, _MERGE = (
    _TAG + t for t in ("str", "null", "int", "float", "bool", "timestamp", "seq", "map", "merge")
)
_KEY_TAGS = (_STR, _INT, _BOOL, _FLOAT)
_NUMBER_START = frozenset("0123456789+-.")


def _tag(tag: str) -> str:
    """A tag as written in YAML's short form (`!!python/object`), quoted and cut (D82)."""
    return excerpt("!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag)


_CORE = "tag:yaml.org,2002:"


def scalar_value(
    tag: str, value: str, style: str | None, pos: tuple[int, int], tagged: bool,
    problems: list[YamlProblem],
) -> Any:  # fmt: skip
    """A scalar's value by its tag, or None with a problem (ambiguous, too long, not finite,
    or of a tag data has no use for)."""
    # Unquoted (style None from the Python parser, "" from libyaml) and without a tag.
    plain = not style and not tagged
    if plain and (
        (tag == _TAG + "str" and _NUMBER_LIKE.fullmatch(value))
        or (tag == _TAG + "int" and not _PLAIN_INT.fullmatch(value))
        or (tag == _TAG + "float" and any(c in value for c in "_:"))
    ):
        problems.append(
            YamlProblem(
                *pos,
                f"ambiguous {excerpt(value)}: quote it for a string, or write plain decimal",
            )
        )
        return None
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null":
        return None
    node = ScalarNode(tag, value)
    if tag == _TAG + "int":
        try:
            return _constructor.construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            problems.append(YamlProblem(*pos, f"number too long ({len(value)} characters)"))
            return None
    if tag == _TAG + "float":
        number = _constructor.construct_yaml_float(node)
        if math.isfinite(number):
            return number
        problems.append(YamlProblem(*pos, f"{excerpt(value)} is not a finite number"))
        return None
    if tag == _TAG + "bool":
        word = value.lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        # YAML 1.1 reads yes/no/on/off as booleans; in data that is usually a string lost.
        problems.append(
            YamlProblem(
                *pos, f"ambiguous {excerpt(value)}: quote it for a string, or write true/false"
            )
        )
        return None
    if tag == _TAG + "timestamp":
        return value  # dates stay text at the precision written
    problems.append(YamlProblem(*pos, f"tag {_tag(tag)} is not allowed"))
    return None
