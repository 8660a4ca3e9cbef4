"""Check one fact file against the registries: its header, its place and each fact."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from c5lens.base import fields as schema
from c5lens.base.dates import InvalidDate, parse_as_of
from c5lens.base.docread import read_doc
from c5lens.base.files import Collector as _Collector
from c5lens.base.model import QUALIFIERS, Correction, Fact
from c5lens.base.registries import _Registries
from c5lens.base.text import excerpt
from c5lens.base.yamlread import YamlDoc

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
        bad(
            "id",
            f"fact id {excerpt(rec['id'])} must look like <subject>.<slug> in lowercase kebab-case",
        )
    elif sound_header and "id" in rec and rec["id"].split(".", 1)[0] != subject:
        # Otherwise a fact filed under the wrong subject replaces another subject's fact.
        bad(
            "id",
            f"fact id {excerpt(rec['id'])} does not start with its file's subject"
            f" {excerpt(subject)}",
        )
    metric = rec.get("metric")
    if metric is not None and metric not in reg.metrics:
        bad("metric", f"unknown metric {excerpt(metric)} (add it to metrics.yaml)")
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
        bad("value", f"value {excerpt(value)} is a number in quotes; write it without them")
    if rec.get("qualifier") is not None and rec["qualifier"] not in QUALIFIERS:
        bad(
            "qualifier",
            f"unknown qualifier {excerpt(rec['qualifier'])} (expected {', '.join(QUALIFIERS)})",
        )
    scale = rec.get("scale")
    if scale is not None:
        m = schema.SCALE_RE.fullmatch(scale)
        if not m:
            bad("scale", f"scale {excerpt(scale)} must look like 0-100")
        elif float(m.group(1)) >= float(m.group(2)):
            bad("scale", f"scale {excerpt(scale)} must run from low to high")
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
        bad("source", f"unknown source {excerpt(rec['source'])}")
    related = rec.get("related", [])
    for j, r in enumerate(related):
        if not isinstance(r, str) or r not in reg.subjects:
            bad(("related", j), f"unknown subject {excerpt(r)} in related")
        elif r == subject:
            bad(("related", j), f"related lists the fact's own subject {excerpt(r)}")
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
            bad(("correction", "source"), f"unknown source {excerpt(c['source'])}")
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
) -> Iterator[tuple[Fact, tuple[int, int]]]:
    """Each sound fact of a fact file and the place of its id, as it is checked; problems go
    to `out` on the way (all of them once the iterator is done)."""
    # Facts live at <facts directory>/<subject>/<topic>.yaml.
    doc = read_doc(path, out, root=path.parent.parent)
    if doc is None:
        return
    name = str(path)
    report = out.reporter(name)
    header, ok = schema.check_fields(doc, (), schema.FILE_FIELDS, "fact file", report)
    if header is None:
        return
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
            report(doc.value_pos((key,)), f"unknown {key} {excerpt(value)}")
            ok = False
        elif value != place:
            report(
                doc.value_pos((key,)),
                f"{key} {excerpt(value)} disagrees with the file's place "
                f"({place_subject}/{place_topic}.yaml)",
            )
            ok = False
    # Facts are checked (not loaded) even under an unsound header, to report all in one pass.
    subject, topic = header.get("subject", place_subject), header.get("topic", place_topic)
    entries = header.get("facts", [])  # the document's own list (check_fields keeps it)
    for i in range(len(entries)):
        fact = _check_fact(doc, i, subject, topic, rel, reg, report, sound_header=ok)
        # Checked: its data is in the fact now. Let it go, so that a large file is held once
        # as data and once as facts only a fact at a time (D117).
        entries[i] = None
        if fact is not None and ok:
            yield fact, doc.value_pos(("facts", i, "id"))
