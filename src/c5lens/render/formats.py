"""Serialise records for scripts: json, jsonl, csv, tsv, yaml and markdown.

Records are dicts with a fixed key order (see `records.py`). Output is deterministic: keys are
never sorted or reordered, and nothing depends on the locale or the terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "yaml", "markdown")
FIELD_FORMATS = ("json", "jsonl", "csv", "tsv", "yaml", "markdown")


class UnknownField(ValueError):
    """--fields named a field the records do not have."""

    def __init__(self, unknown: list[str], valid: Sequence[str]) -> None:
        self.unknown, self.valid = unknown, list(valid)
        names = ", ".join(repr(u) for u in unknown)
        top = [v for v in valid if "." not in v]
        inner = [v for v in valid if "." in v]
        more = f"; inside them: {', '.join(inner)}" if inner else ""
        super().__init__(f"unknown field {names}; valid fields: {', '.join(top)}{more}")


def parse_fields(text: str | None, valid: Sequence[str]) -> list[str] | None:
    """Split `id,value,source.id` and check every name against the valid field names."""
    if text is None:
        return None
    fields = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in fields if f not in valid]
    if unknown or not fields:
        raise UnknownField(unknown or [text], valid)
    return list(dict.fromkeys(fields))


def field_names(
    records: Sequence[dict[str, Any]],
    declared: Sequence[str] | None,
    nested: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The names --fields may pick: each top-level field, and `key.sub` inside a mapping
    (those `nested` declares, and those the records hold)."""
    nested = nested or {}
    top = list(declared or (records[0] if records else []))
    out: list[str] = []
    for key in top:
        out.append(key)
        subs = dict.fromkeys(nested.get(key, ()))
        for r in records:
            if isinstance(r.get(key), dict):
                subs.update(dict.fromkeys(r[key]))
        out += [f"{key}.{sub}" for sub in subs]
    return out


def columns_of(
    fields: Sequence[str], nested: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """The CSV columns of records with these fields, nested mappings as `key.sub` columns."""
    out: list[str] = []
    for f in fields:
        subs = (nested or {}).get(f)
        out += [f"{f}.{sub}" for sub in subs] if subs else [f]
    return out


def select(records: Iterable[dict[str, Any]], fields: list[str] | None) -> list[dict[str, Any]]:
    """Each record with only `fields`, in their order; `key.sub` keeps `{key: {sub: ...}}`."""
    if fields is None:
        return list(records)
    out = []
    for r in records:
        picked: dict[str, Any] = {}
        for f in fields:
            if "." in f and f not in r:
                key, sub = f.split(".", 1)
                inner = r.get(key)
                value = inner.get(sub) if isinstance(inner, dict) else None
                if not isinstance(picked.get(key), dict):
                    picked[key] = {}
                picked[key][sub] = value
            else:
                picked[f] = r.get(f)
        out.append(picked)
    return out


def dumps_json(data: Any) -> str:
    """Indented JSON, as `json.dumps(data, ensure_ascii=False, indent=2)` writes it, faster."""
    from c5lens.render import jsontext

    return jsontext.dumps(data) + "\n"


def _listed(document: Any) -> Any:
    """The document with its records made (YAML's writer knows lists, not `FactRecords`)."""
    from c5lens.render.records import FactRecords

    if isinstance(document, dict):
        return {k: list(v) if isinstance(v, FactRecords) else v for k, v in document.items()}
    return list(document) if isinstance(document, FactRecords) else document


def render(
    records: list[dict[str, Any]],
    fmt: str,
    document: Any = None,
    columns: Sequence[str] = (),
) -> str:
    """Text of `records` in `fmt`; `document` replaces the list for json and yaml when given;
    `columns` head an empty CSV or TSV (whose records cannot say what their columns are)."""
    whole = records if document is None else _listed(document)
    if fmt == "json":
        return dumps_json(whole)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt in ("csv", "tsv"):
        return _delimited(records, "," if fmt == "csv" else "\t", columns)
    if fmt == "yaml":
        return _yaml(whole)
    if fmt == "markdown":
        return _markdown(records)
    raise ValueError(f"not a data format: {fmt}")


# Strings PyYAML, a YAML 1.1 writer, leaves unquoted although YAML 1.2 readers take them for
# numbers or booleans (1e3, 08, 0o17, y), and c5lens's own reader refuses them as ambiguous.
_YAML_QUOTE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|[yYnN]"
)


def _yaml(data: Any) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        def represent_str(self, text: str) -> yaml.ScalarNode:
            style = "'" if _YAML_QUOTE.fullmatch(text) else None
            return self.represent_scalar("tag:yaml.org,2002:str", text, style=style)

    Dumper.add_representer(str, Dumper.represent_str)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)


# Fields that hold a mapping or null (records.fact_record's `correction`): a null one still gets
# its `key.sub` columns, so that a CSV's columns never depend on which facts it holds.
NULLABLE_MAPPINGS = {"correction": ("statement", "source", "locator")}


def flatten(record: dict[str, Any]) -> dict[str, str]:
    """One level of cells: nested mappings as `key.sub` columns, lists joined with `; `."""
    out: dict[str, str] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for sub, v in flatten(value).items():
                out[f"{key}.{sub}"] = v
        elif value is None and key in NULLABLE_MAPPINGS:
            out.update((f"{key}.{sub}", "") for sub in NULLABLE_MAPPINGS[key])
        else:
            out[key] = _cell(value)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(v) if not isinstance(v, dict) else json.dumps(v) for v in value)
    return str(value)


def _columns(rows: list[dict[str, str]]) -> list[str]:
    """Every row's columns in first-seen order; where some rows have a nested mapping under a key
    (`correction.statement`, ...) and others null there, the nested columns stand in its place."""
    groups: dict[str, list[str]] = {}
    for key in dict.fromkeys(k for row in rows for k in row):
        groups.setdefault(key.split(".", 1)[0], []).append(key)
    return [c for top, cols in groups.items() for c in ([c for c in cols if c != top] or cols)]


def _delimited(records: list[dict[str, Any]], sep: str, empty: Sequence[str] = ()) -> str:
    import csv
    import io

    rows = [flatten(r) for r in records]
    columns = _columns(rows) if rows else list(empty)
    buf = io.StringIO()
    if sep == "\t":
        # TSV has no quoting: tabs and newlines inside a cell become spaces.
        lines = [sep.join(columns)] if columns else []
        for row in rows:
            cells = (
                row.get(c, "").replace("\t", " ").replace("\r", " ").replace("\n", " ")
                for c in columns
            )
            lines.append(sep.join(cells))
        return "".join(line + "\n" for line in lines)
    writer = csv.writer(buf, lineterminator="\n")
    if columns:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buf.getvalue()


def _markdown(records: list[dict[str, Any]]) -> str:
    rows = [flatten(r) for r in records]
    columns = _columns(rows)
    if not columns:
        return ""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(esc(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines) + "\n"
