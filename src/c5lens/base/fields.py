"""The fields each kind of record may have, and checks of one record against them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from c5lens.base.text import excerpt
from c5lens.base.yamlread import Path_, YamlDoc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+")
KEY_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
METRIC_RE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
SCALE_RE = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)-(-?[0-9]+(?:\.[0-9]+)?)")

_TYPE_NAMES = {str: "a string", int: "a number", float: "a number", bool: "true or false"}
_TYPE_NAMES.update({list: "a list", dict: "a mapping", type(None): "null"})


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    types: tuple[type, ...]
    required: bool = False
    nullable: bool = False


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


S, NUM = (str,), (int, float)
FACT_FIELDS = _fields(
    Field("id", S, required=True),
    Field("statement", S, required=True),
    Field("metric", S),
    Field("value", (int, float, str, bool)),
    Field("unit", S),
    Field("qualifier", S),
    Field("scale", S),
    Field("as_of", (str, int), required=True),
    Field("resolved_from", S),
    Field("source", S, required=True),
    Field("locator", S, required=True),
    Field("related", (list,)),
    Field("notes", S, nullable=True),
    Field("correction", (dict,)),
)
CORRECTION_FIELDS = _fields(
    Field("statement", S, required=True),
    Field("source", S, required=True),
    Field("locator", S, required=True),
)
FILE_FIELDS = _fields(
    Field("subject", S, required=True),
    Field("topic", S, required=True),
    Field("facts", (list,), required=True),
)
SUBJECT_FIELDS = _fields(
    Field("key", S, required=True),
    Field("name", S, required=True),
    Field("kind", S, required=True),
    Field("iso", (dict,), nullable=True),
    Field("factbook", S, nullable=True),
    Field("names", (list,)),
    Field("override", (bool,)),
)
ISO_FIELDS = _fields(
    Field("alpha2", S, required=True),
    Field("alpha3", S, required=True),
    Field("numeric", S, required=True),
)
TOPIC_FIELDS = _fields(
    Field("key", S, required=True),
    Field("description", S, required=True),
    Field("override", (bool,)),
)
SOURCE_FIELDS = _fields(
    Field("id", S, required=True),
    Field("title", S, required=True),
    Field("author", S, required=True, nullable=True),
    Field("publisher", S, required=True, nullable=True),
    Field("published", (str, int), required=True),
    Field("kind", S, required=True),
    Field("document", S, required=True),
    Field("url", S, nullable=True),
    Field("notes", S, nullable=True),
    Field("sha256", (str, dict)),
    Field("override", (bool,)),
)
METRIC_FIELDS = _fields(
    Field("key", S, required=True),
    Field("unit", S, nullable=True),
    Field("topic", S, required=True),
    Field("description", S, required=True),
    Field("broader", (list,)),
    Field("narrower", (list,)),
    Field("related", (list,)),
    Field("label", S),
    Field("short_label", S),
    Field("override", (bool,)),
)

Report = Callable[[tuple[int, int], str], None]

SHORT_LABEL_MAX = 24  # a short label heads a narrow column: compare's metric column, a sparkline


def check_labels(rec: dict[str, Any], doc: YamlDoc, where: Path_, report: Report) -> dict[str, str]:
    """A metric's label and short label, each one line of text; a short label at most
    SHORT_LABEL_MAX characters. A bad one is reported and left out (the key is shown instead)."""
    labels: dict[str, str] = {}
    for name in ("label", "short_label"):
        text = rec.get(name)
        if text is None:
            continue
        pos = doc.value_pos((*where, name))
        if not text.strip() or text != text.strip() or any(c in text for c in "\n\r\t"):
            report(pos, f"{name} must be one line of text, without blanks around it")
        elif name == "short_label" and len(text) > SHORT_LABEL_MAX:
            report(pos, f"short_label is {len(text)} characters; at most {SHORT_LABEL_MAX}")
        else:
            labels[name] = text
    return labels


def check_record(
    doc: YamlDoc, path: Path_, fields: dict[str, Field], what: str, report: Report
) -> dict[str, Any] | None:
    """Check one mapping's keys and value types; return it only if nothing is wrong with it."""
    sound, ok = check_fields(doc, path, fields, what, report)
    return sound if ok else None


def check_fields(
    doc: YamlDoc, path: Path_, fields: dict[str, Field], what: str, report: Report
) -> tuple[dict[str, Any] | None, bool]:
    """Check one mapping's keys and value types, reporting each thing wrong.

    Returns the known fields whose values have the right type (None if the record is not a
    mapping), so that a caller can go on to check those in the same pass, and whether the
    whole record is sound.
    """
    record = _get(doc.data, path)
    if not isinstance(record, dict):
        report(doc.value_pos(path), f"{what} must be a mapping, not {type_name(record)}")
        return None, False
    ok = True
    sound: dict[str, Any] = {}
    for key, value in record.items():
        spec = fields.get(key)
        if spec is None:
            report(doc.key_pos((*path, key)), f"unknown field {excerpt(key)} in {what}")
            ok = False
            continue
        if value is None and spec.nullable:
            sound[key] = value
            continue
        if not isinstance(value, spec.types) or (
            isinstance(value, bool) and bool not in spec.types
        ):
            report(
                doc.value_pos((*path, key)),
                f"{key} must be {_wanted(spec.types)}, not {type_name(value)}",
            )
            ok = False
            continue
        if isinstance(value, str) and not value.strip():
            report(doc.value_pos((*path, key)), f"{key} is empty")
            ok = False
            continue
        sound[key] = value
    missing = [f.name for f in fields.values() if f.required and f.name not in record]
    if missing:
        report(doc.value_pos(path), f"{what} is missing {', '.join(missing)}")
        ok = False
    return sound, ok


def check_sha256(rec: dict[str, Any], doc: YamlDoc, where: Path_, report: Report) -> Any:
    """A source's `sha256`: one digest for a file, a mapping of file to digest for a folder
    (`factbook/`); False, reported, when it is not one of those."""
    value = rec.get("sha256")
    folder = rec["document"].endswith("/")
    if value is None:
        return None
    pos = doc.value_pos((*where, "sha256"))
    if isinstance(value, str):
        if folder:
            report(pos, "sha256 of a folder must map each file to its SHA-256")
            return False
        if not SHA256_RE.fullmatch(value):
            report(pos, "sha256 must be 64 lowercase hexadecimal digits")
            return False
        return value
    if not folder:
        report(pos, "sha256 of a file must be one SHA-256, not a mapping")
        return False
    pairs = []
    for name, digest in value.items():
        at = doc.value_pos((*where, "sha256", name))
        if not isinstance(digest, str) or not SHA256_RE.fullmatch(digest):
            report(at, f"sha256 of {name} must be 64 lowercase hexadecimal digits")
            return False
        pairs.append((str(name), digest))
    return tuple(pairs)


def _wanted(types: tuple[type, ...]) -> str:
    names = ["a whole number" if t is int and float not in types else _TYPE_NAMES[t] for t in types]
    return " or ".join(dict.fromkeys(names))


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return "a decimal number"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _get(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data
