"""Find facts directories, read every file in them, and validate what they hold.

`load_base` never raises for bad data: it collects every problem in one pass, keeps the facts
that are valid, and returns both, so that `validate` can list everything and a lookup can go on
with what is sound.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from c5lens.base import fields as schema
from c5lens.base.dates import InvalidDate, parse_as_of
from c5lens.base.files import REGISTRIES
from c5lens.base.files import Collector as _Collector
from c5lens.base.files import fact_files as _fact_files
from c5lens.base.model import (
    QUALIFIERS,
    RELATIONS,
    SUBJECT_KINDS,
    Base,
    Correction,
    Fact,
    Metric,
    Problem,
    Source,
    Subject,
    Topic,
)
from c5lens.base.paths import (  # noqa: F401 - re-exported: callers load and locate together
    ENV_NO_BUNDLED,
    ENV_PATH,
    bundled_facts_dir,
    facts_dirs,
)
from c5lens.base.yamlread import YamlDoc, YamlError, parse_yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class _NotRegular(Exception):
    pass


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. A named pipe would wait for a writer forever and a device
    such as /dev/zero never ends: both are refused before a byte is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with open(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            raise _NotRegular
        return f.read()


def read_doc(path: Path, out: _Collector) -> YamlDoc | None:
    """Read and parse one YAML file, reporting why it cannot be used."""
    name = str(path)
    try:
        raw = _read_bytes(path)
    except IsADirectoryError:
        out.at(name, (0, 0), "is a directory, not a file")
        return None
    except _NotRegular:
        out.at(name, (0, 0), "not a regular file")
        return None
    except OSError as e:
        out.at(name, (0, 0), f"cannot read: {e.strerror or e}")
        return None
    if not raw.strip():
        out.at(name, (1, 1), "empty file")
        return None
    try:
        return parse_yaml(raw)
    except YamlError as e:
        for p in e.problems:
            out.at(name, (p.line, p.col), p.message)
        return None


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
            out.at(name, pos, f"unknown topic {metric.topic!r} for metric {key!r}")
    _check_metric_links(reg, out)


def _check_metric_links(reg: _Registries, out: _Collector) -> None:
    """Every key in a metric's `broader`, `narrower` or `related` is a metric, not the metric
    itself, and the other metric names the relation the other way round."""
    for key, links in reg.metric_links.items():
        if key not in reg.metrics:
            continue
        for name, relation, other, pos in links:
            if other == key:
                out.at(name, pos, f"metric {key!r} names itself in its {relation}")
            elif other not in reg.metrics:
                out.at(name, pos, f"unknown metric {other!r} in {relation} of metric {key!r}")
            elif key not in getattr(reg.metrics[other], RELATIONS[relation]):
                out.at(
                    name,
                    pos,
                    f"metric {key!r} names {other!r} in its {relation}, but {other!r} does"
                    f" not name {key!r} in its {RELATIONS[relation]}",
                )


def _list_of(doc: YamlDoc, key: str, name: str, out: _Collector) -> list[int]:
    """Indexes of the entries of the top-level list `key`, after checking the file's shape."""
    data = doc.data
    if not isinstance(data, dict):
        out.at(name, doc.value_pos(()), f"expected a mapping with a '{key}' list")
        return []
    for k in data:
        if k != key:
            out.at(name, doc.key_pos((k,)), f"unknown field {k!r} (expected only '{key}')")
    items = data.get(key)
    if not isinstance(items, list):
        out.at(name, doc.value_pos((key,) if key in data else ()), f"'{key}' must be a list")
        return []
    return list(range(len(items)))


def _read_registry(kind: str, path: Path, reg: _Registries, out: _Collector) -> None:
    doc = read_doc(path, out)
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
            report(doc.value_pos((*where, keyfield)), f"duplicate {kind[:-1]} {key!r}")
            continue
        seen[key] = i
        made = _make_registry_entry(kind, rec, doc, where, report)
        if made is not None:
            getattr(reg, kind)[key] = made
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
            report(doc.value_pos((*where, "key")), f"subject key {rec['key']!r} is not kebab-case")
            ok = False
        if rec["kind"] not in SUBJECT_KINDS:
            report(
                doc.value_pos((*where, "kind")),
                f"unknown kind {rec['kind']!r} (expected {', '.join(SUBJECT_KINDS)})",
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
            report(doc.value_pos((*where, "key")), f"topic key {rec['key']!r} is not kebab-case")
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
        report(doc.value_pos((*where, "key")), f"metric key {rec['key']!r} is not snake_case")
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
                report(doc.value_pos((*where, rel, j)), f"metric {other!r} is listed twice")
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


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def _check_fact(
    doc: YamlDoc,
    i: int,
    subject: str,
    topic: str,
    rel: str,
    reg: _Registries,
    report,
    sound_header: bool = True,
) -> Fact | None:
    where = ("facts", i)
    # The fields of the right type are checked further even if others are wrong, so that one
    # pass reports everything; the fact is made only if all of it is sound.
    rec, ok = schema.check_fields(doc, where, schema.FACT_FIELDS, "fact", report)
    if rec is None:
        return None

    def bad(key: str | tuple, message: str) -> None:
        nonlocal ok
        ok = False
        sub = key if isinstance(key, tuple) else (key,)
        report(doc.value_pos((*where, *sub)), message)

    if "id" in rec and not schema.ID_RE.fullmatch(rec["id"]):
        bad("id", f"fact id {rec['id']!r} must look like <subject>.<slug> in lowercase kebab-case")
    elif sound_header and "id" in rec and rec["id"].split(".", 1)[0] != subject:
        # Otherwise a fact filed under the wrong subject replaces another subject's fact.
        bad("id", f"fact id {rec['id']!r} does not start with its file's subject {subject!r}")
    metric = rec.get("metric")
    if metric is not None and metric not in reg.metrics:
        bad("metric", f"unknown metric {metric!r} (add it to metrics.yaml)")
    value = rec.get("value")
    # (where a field was of the wrong type, `rec` lacks it: that was reported already)
    if ok and "value" not in rec:
        if metric is not None:
            # A measurement is its value; only a claim may name nothing (D96).
            bad("metric", "a fact with a metric needs a value")
        for key in ("unit", "qualifier", "scale"):
            if metric is None and key in rec:
                bad(key, f"{key} describes a value, and the fact has none")
    if metric is not None and isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        # A quoted figure is text: compare and rank would pass over it.
        bad("value", f"value {value!r} is a number in quotes; write it without them")
    if rec.get("qualifier") is not None and rec["qualifier"] not in QUALIFIERS:
        bad(
            "qualifier",
            f"unknown qualifier {rec['qualifier']!r} (expected {', '.join(QUALIFIERS)})",
        )
    scale = rec.get("scale")
    if scale is not None:
        m = schema.SCALE_RE.fullmatch(scale)
        if not m:
            bad("scale", f"scale {scale!r} must look like 0-100")
        elif float(m.group(1)) >= float(m.group(2)):
            bad("scale", f"scale {scale!r} must run from low to high")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            lo, hi = float(m.group(1)), float(m.group(2))
            if not lo <= value <= hi:
                bad("value", f"value {value} is outside its scale {scale}")
    as_of = None
    if "as_of" in rec:
        try:
            as_of = parse_as_of(str(rec["as_of"]))
        except InvalidDate as e:
            bad("as_of", str(e))
    if "source" in rec and rec["source"] not in reg.sources:
        bad("source", f"unknown source {rec['source']!r}")
    related = rec.get("related", [])
    for j, r in enumerate(related):
        if not isinstance(r, str) or r not in reg.subjects:
            bad(("related", j), f"unknown subject {r!r} in related")
        elif r == subject:
            bad(("related", j), f"related lists the fact's own subject {r!r}")
    if len(set(map(str, related))) != len(related):
        bad("related", "related lists a subject twice")
    correction = None
    if "correction" in rec:
        c = schema.check_record(
            doc, (*where, "correction"), schema.CORRECTION_FIELDS, "correction", report
        )
        if c is None:
            ok = False
        elif c["source"] not in reg.sources:
            bad(("correction", "source"), f"unknown source {c['source']!r}")
        else:
            correction = Correction(c["statement"], c["source"], c["locator"])
    if not ok or as_of is None:
        return None
    return Fact(
        id=rec["id"],
        subject=subject,
        topic=topic,
        statement=rec["statement"],
        value=value,
        as_of=as_of,
        source=rec["source"],
        locator=rec["locator"],
        metric=metric,
        unit=rec.get("unit"),
        qualifier=rec.get("qualifier"),
        scale=scale,
        resolved_from=rec.get("resolved_from"),
        related=tuple(related),
        notes=rec.get("notes"),
        correction=correction,
        file=rel,
        line=doc.value_pos(where)[0],
    )


def _read_fact_file(
    path: Path, rel: str, reg: _Registries, out: _Collector
) -> list[tuple[Fact, tuple[int, int]]]:
    doc = read_doc(path, out)
    if doc is None:
        return []
    name = str(path)
    report = out.reporter(name)
    header, ok = schema.check_fields(doc, (), schema.FILE_FIELDS, "fact file", report)
    if header is None:
        return []
    # <topic>.yaml is written by hand; <topic>.<generator>.yaml (economy.factbook.yaml) by a tool.
    place_subject, place_topic = path.parent.name, path.name.split(".")[0]
    for key, place, registry in (
        ("subject", place_subject, reg.subjects),
        ("topic", place_topic, reg.topics),
    ):
        if key not in header:
            continue  # reported as missing or of the wrong type
        value = header[key]
        if value not in registry:
            report(doc.value_pos((key,)), f"unknown {key} {value!r}")
            ok = False
        elif value != place:
            report(
                doc.value_pos((key,)),
                f"{key} {value!r} disagrees with the file's place "
                f"({place_subject}/{place_topic}.yaml)",
            )
            ok = False
    # Facts are checked (not loaded) even under an unsound header, to report all in one pass.
    subject, topic = header.get("subject", place_subject), header.get("topic", place_topic)
    facts = []
    for i in range(len(header.get("facts", []))):
        fact = _check_fact(doc, i, subject, topic, rel, reg, report, sound_header=ok)
        if fact is not None and ok:
            facts.append((fact, doc.value_pos(("facts", i, "id"))))
    return facts


def load_base(dirs: Sequence[Path]) -> Base:
    """Load and validate every registry and fact file of `dirs`; later dirs override earlier."""
    out = _Collector()
    reg = _Registries()
    _read_registries(dirs, reg, out)
    facts: dict[str, Fact] = {}
    for root in dirs:
        seen_here: dict[str, str] = {}
        for entry in _fact_files(root, out):
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            for fact, pos in _read_fact_file(path, rel, reg, out):
                first = seen_here.get(fact.id)
                if first is not None:
                    out.at(str(path), pos, f"duplicate fact id {fact.id!r} (first in {first})")
                    continue
                seen_here[fact.id] = f"{path}:{fact.line}"
                facts[fact.id] = fact  # a later directory's fact replaces an earlier one
    return Base(
        subjects=reg.subjects,
        topics=reg.topics,
        sources=reg.sources,
        metrics=reg.metrics,
        facts=tuple(facts.values()),
        problems=tuple(out.problems),
    )


def validate_paths(paths: Iterable[Path], dirs: Sequence[Path]) -> list[Problem]:
    """Problems in the given fact files or directories, checked against the registries of dirs."""
    problems: list[Problem] = []
    base_dirs = list(dirs)
    for path in paths:
        try:
            as_dir = path.is_dir() or not path.exists()
        except OSError:  # e.g. a name too long: loading it as a directory reports why
            as_dir = True
        if as_dir:
            problems += load_base([*base_dirs, path]).problems
        else:
            out = _Collector()
            reg = _Registries()
            _read_registries([*base_dirs, path.parent.parent], reg, out)
            facts = _read_fact_file(path, path.name, reg, out)
            seen: dict[str, int] = {}
            for fact, pos in facts:
                if fact.id in seen:
                    out.at(
                        str(path),
                        pos,
                        f"duplicate fact id {fact.id!r} (first at line {seen[fact.id]})",
                    )
                seen.setdefault(fact.id, fact.line)
            problems += out.problems
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
