"""The registries (subjects, topics, sources, metrics) of a list of facts directories, checked
and merged in order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from c5lens.base import fields as schema
from c5lens.base.dates import InvalidDate, parse_as_of
from c5lens.base.docread import read_doc
from c5lens.base.files import REGISTRIES
from c5lens.base.files import Collector as _Collector
from c5lens.base.model import RELATIONS, SUBJECT_KINDS, Metric, Source, Subject, Topic
from c5lens.base.names import normalize_name, subject_names
from c5lens.base.text import excerpt
from c5lens.base.yamlread import YamlDoc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass
class _Registries:
    subjects: dict[str, Subject] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    # where each metric's topic is written, to check once every topics.yaml is read
    metric_topics: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)
    # where each metric's broader/narrower keys are written, to check once every metric is read
    metric_links: dict[str, list[tuple[str, str, str, tuple[int, int]]]] = field(
        default_factory=dict
    )
    # (kind, key) -> where the entry in use is written (file, line and column of its key)
    origins: dict[tuple[str, str], tuple[str, tuple[int, int]]] = field(default_factory=dict)
    # subject key -> where each of its names is written, and the subjects that say `override`
    name_places: dict[str, dict[str, tuple[str, tuple[int, int]]]] = field(default_factory=dict)
    overriding: set[str] = field(default_factory=set)


def _read_registries(dirs: Iterable[Path], reg: _Registries, out: _Collector) -> None:
    for root in dirs:
        for kind in REGISTRIES:
            path = root / f"{kind}.yaml"
            try:
                present = path.is_file()
            except OSError:  # e.g. a name too long: listing the directory reports it
                continue
            if present:
                _read_registry(kind, path, reg, out)
    for key, metric in reg.metrics.items():
        if metric.topic not in reg.topics:
            name, pos = reg.metric_topics[key]
            out.at(name, pos, f"unknown topic {excerpt(metric.topic)} for metric {excerpt(key)}")
    _check_metric_links(reg, out)
    _check_shared_names(reg, out)


def _place(where: tuple[str, tuple[int, int]]) -> str:
    return f"{where[0]}:{where[1][0]}:{where[1][1]}"


def _check_shared_names(reg: _Registries, out: _Collector) -> None:
    """A name (in the form names are compared in) that two subjects claim is a problem at the
    later claim, naming the earlier one, unless the later subject says `override: true` (D83)."""
    first: dict[str, tuple[str, str]] = {}  # normalized name -> (subject key, name as written)
    for key, subject in reg.subjects.items():
        places = reg.name_places.get(key, {})
        for name in subject_names(subject):
            norm = normalize_name(name)
            if not norm:
                continue
            owner = first.setdefault(norm, (key, name))
            if owner[0] == key or key in reg.overriding:
                continue
            here, there = places.get(name), reg.name_places.get(owner[0], {}).get(owner[1])
            if here is None:
                continue
            elsewhere = f" ({_place(there)})" if there is not None else ""
            out.at(
                here[0],
                here[1],
                f"subject {excerpt(key)} claims the name {excerpt(name)}, which is subject"
                f" {excerpt(owner[0])}'s{elsewhere}; a name stands for one subject (write"
                " 'override: true' in this entry if it is meant)",
            )


def _subject_name_places(
    rec: dict[str, Any], doc: YamlDoc, where: tuple[str, int], name: str
) -> dict[str, tuple[str, tuple[int, int]]]:
    """Where each name a subject entry gives is written (names.subject_names lists them)."""
    places: dict[str, tuple[str, tuple[int, int]]] = {}

    def put(text: Any, *path: str | int) -> None:
        if isinstance(text, str) and text not in places:
            places[text] = (name, doc.value_pos((*where, *path)))

    put(rec.get("key"), "key")
    put(rec.get("name"), "name")
    iso = rec.get("iso")
    if isinstance(iso, dict):
        for part in ("alpha2", "alpha3", "numeric"):
            put(iso.get(part), "iso", part)
        numeric = iso.get("numeric")
        if isinstance(numeric, str) and numeric.isdigit():
            put(numeric.lstrip("0") or "0", "iso", "numeric")
    put(rec.get("factbook"), "factbook")
    for j, alias in enumerate(rec.get("names") or []):
        put(alias, "names", j)
    return places


def _redefines(kind: str, key: str, rec: dict[str, Any], reg: _Registries, name: str) -> str | None:
    """Why an entry may not replace an earlier directory's entry of the same key, or None."""
    earlier = reg.origins.get((kind, key))
    if earlier is None or rec.get("override") is True:
        return None
    # The same file read again (a directory named twice, or validate of a file in it) is not
    # a second definition.
    if earlier[0] == name or os.path.realpath(earlier[0]) == os.path.realpath(name):
        return None
    return (
        f"{kind[:-1]} {excerpt(key)} is already defined at {_place(earlier)}; write"
        " 'override: true' in this entry to replace it"
    )


def _check_metric_links(reg: _Registries, out: _Collector) -> None:
    """Every key in a metric's `broader`, `narrower` or `related` is a metric, not the metric
    itself, and the other metric names the relation the other way round."""
    for key, links in reg.metric_links.items():
        if key not in reg.metrics:
            continue
        for name, relation, other, pos in links:
            if other == key:
                out.at(name, pos, f"metric {excerpt(key)} names itself in its {relation}")
            elif other not in reg.metrics:
                out.at(
                    name,
                    pos,
                    f"unknown metric {excerpt(other)} in {relation} of metric {excerpt(key)}",
                )
            elif key not in getattr(reg.metrics[other], RELATIONS[relation]):
                out.at(
                    name,
                    pos,
                    f"metric {excerpt(key)} names {excerpt(other)} in its {relation}, but"
                    f" {excerpt(other)} does not name {excerpt(key)} in its {RELATIONS[relation]}",
                )


def _list_of(doc: YamlDoc, key: str, name: str, out: _Collector) -> list[int]:
    """Indexes of the entries of the top-level list `key`, after checking the file's shape."""
    data = doc.data
    if not isinstance(data, dict):
        out.at(name, doc.value_pos(()), f"expected a mapping with a '{key}' list")
        return []
    for k in data:
        if k != key:
            out.at(name, doc.key_pos((k,)), f"unknown field {excerpt(k)} (expected only '{key}')")
    items = data.get(key)
    if not isinstance(items, list):
        out.at(name, doc.value_pos((key,) if key in data else ()), f"'{key}' must be a list")
        return []
    return list(range(len(items)))


def _read_registry(kind: str, path: Path, reg: _Registries, out: _Collector) -> None:
    doc = read_doc(path, out, root=path.parent)
    if doc is None:
        return
    name = str(path)
    report = out.reporter(name)
    fields = {
        "subjects": schema.SUBJECT_FIELDS,
        "topics": schema.TOPIC_FIELDS,
        "sources": schema.SOURCE_FIELDS,
        "metrics": schema.METRIC_FIELDS,
    }[kind]
    seen: dict[str, int] = {}
    for i in _list_of(doc, kind, name, out):
        where = (kind, i)
        rec = schema.check_record(doc, where, fields, kind[:-1], report)
        if rec is None:
            continue
        key = str(rec.get("key", rec.get("id")))  # required by the fields: never None here
        keyfield = "id" if kind == "sources" else "key"
        if key in seen:
            report(doc.value_pos((*where, keyfield)), f"duplicate {kind[:-1]} {excerpt(key)}")
            continue
        seen[key] = i
        at = (name, doc.value_pos((*where, keyfield)))
        refused = _redefines(kind, key, rec, reg, name)
        if refused is not None:
            report(at[1], refused)  # the earlier entry stays
            continue
        made = _make_registry_entry(kind, rec, doc, where, report)
        if made is not None:
            getattr(reg, kind)[key] = made
            reg.origins[(kind, key)] = at
            if kind == "subjects":
                reg.name_places[key] = _subject_name_places(rec, doc, where, name)
                if rec.get("override") is True:
                    reg.overriding.add(key)
                else:
                    reg.overriding.discard(key)
            if kind == "metrics":
                reg.metric_topics[key] = (name, doc.value_pos((*where, "topic")))
                reg.metric_links[key] = [
                    (name, rel, other, doc.value_pos((*where, rel, j)))
                    for rel in RELATIONS
                    for j, other in enumerate(getattr(made, rel))
                ]


def _make_registry_entry(kind: str, rec: dict[str, Any], doc: YamlDoc, where, report):
    if kind == "subjects":
        ok = True
        if not schema.KEY_RE.fullmatch(rec["key"]):
            report(
                doc.value_pos((*where, "key")),
                f"subject key {excerpt(rec['key'])} is not kebab-case",
            )
            ok = False
        if rec["kind"] not in SUBJECT_KINDS:
            report(
                doc.value_pos((*where, "kind")),
                f"unknown kind {excerpt(rec['kind'])} (expected {', '.join(SUBJECT_KINDS)})",
            )
            ok = False
        iso = rec.get("iso")
        if iso is not None:
            iso = schema.check_record(doc, (*where, "iso"), schema.ISO_FIELDS, "iso", report)
            ok = ok and iso is not None
        names = rec.get("names", [])
        for j, n in enumerate(names):
            if not isinstance(n, str) or not n.strip():
                report(doc.value_pos((*where, "names", j)), "names must be non-empty strings")
                ok = False
        if not ok:
            return None
        return Subject(
            key=rec["key"],
            name=rec["name"],
            kind=rec["kind"],
            iso_alpha2=iso["alpha2"] if iso else None,
            iso_alpha3=iso["alpha3"] if iso else None,
            iso_numeric=iso["numeric"] if iso else None,
            factbook=rec.get("factbook"),
            names=tuple(names),
        )
    if kind == "topics":
        if not schema.KEY_RE.fullmatch(rec["key"]):
            report(
                doc.value_pos((*where, "key")), f"topic key {excerpt(rec['key'])} is not kebab-case"
            )
            return None
        return Topic(rec["key"], rec["description"])
    if kind == "sources":
        published = str(rec["published"])
        try:
            parse_as_of(published)
        except InvalidDate as e:
            report(doc.value_pos((*where, "published")), str(e))
            return None
        sha256 = schema.check_sha256(rec, doc, where, report)
        if sha256 is False:
            return None
        return Source(
            id=rec["id"],
            title=rec["title"],
            author=rec["author"],
            publisher=rec["publisher"],
            published=published,
            kind=rec["kind"],
            document=rec["document"],
            url=rec.get("url"),
            notes=rec.get("notes"),
            sha256=sha256,
        )
    if not schema.METRIC_RE.fullmatch(rec["key"]):
        report(
            doc.value_pos((*where, "key")), f"metric key {excerpt(rec['key'])} is not snake_case"
        )
        return None
    # A bad entry in a relation is reported and left out; the metric itself still loads, so
    # its facts are not reported as having an unknown metric as well.
    links: dict[str, tuple[str, ...]] = {}
    for rel in RELATIONS:
        good: list[str] = []
        for j, other in enumerate(rec.get(rel, [])):
            if not isinstance(other, str) or not schema.METRIC_RE.fullmatch(other):
                report(doc.value_pos((*where, rel, j)), f"{rel} must list metric keys")
            elif other in good:
                report(doc.value_pos((*where, rel, j)), f"metric {excerpt(other)} is listed twice")
            else:
                good.append(other)
        links[rel] = tuple(good)
    labels = schema.check_labels(rec, doc, where, report)
    return Metric(
        rec["key"],
        rec.get("unit"),
        rec["topic"],
        rec["description"],
        **links,
        label=labels.get("label", ""),
        short_label=labels.get("short_label", ""),
    )
