"""The machine-readable shapes of facts, subjects and sources: the versioned JSON contract.

Every function returns a dict whose key order is fixed, so that the same base always gives
byte-identical output. `docs/json-output.md` documents these shapes and `schema.json` describes
them; a change here is a change to the contract.
"""

from __future__ import annotations

from c5lens.base.model import Base, Fact, Metric, Problem, Source, Subject, Topic
from c5lens.query.rules import CompareRow, Ranked

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

SCHEMA_VERSION = "1"


def source_record(source: Source, locator: str | None = None) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "publisher": source.publisher,
        "published": source.published,
        "kind": source.kind,
        "document": source.document,
        "url": source.url,
    }
    if locator is not None:
        rec["locator"] = locator
    return rec


class FactRecords:
    """The records of `facts`, made one at a time as they are read, as often as they are read.

    A long answer (every fact of a subject with a deep series) is written out record by record
    without a list of every record, or the whole text, ever held at once.
    """

    def __init__(self, facts: Sequence[Fact], base: Base) -> None:
        self.facts, self.base = facts, base

    def __len__(self) -> int:
        return len(self.facts)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        base = self.base
        return (fact_record(f, base) for f in self.facts)


def fact_record(fact: Fact, base: Base) -> dict[str, Any]:
    source = base.sources[fact.source]
    correction = None
    if fact.correction is not None:
        c = fact.correction
        correction = {"statement": c.statement, "source": c.source, "locator": c.locator}
    return {
        "id": fact.id,
        "country": fact.subject,
        "topic": fact.topic,
        "metric": fact.metric,
        "statement": fact.statement,
        "value": fact.value,
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "scale": fact.scale,
        "as_of": fact.as_of.iso(),
        "precision": fact.as_of.precision,
        "resolved_from": fact.resolved_from,
        "source": source_record(source, fact.locator),
        "related": list(fact.related),
        "notes": fact.notes,
        "correction": correction,
        "file": fact.file,
    }


def subject_record(subject: Subject, names: tuple[str, ...], fact_count: int) -> dict[str, Any]:
    return {
        "key": subject.key,
        "name": subject.name,
        "kind": subject.kind,
        "iso_alpha2": subject.iso_alpha2,
        "iso_alpha3": subject.iso_alpha3,
        "iso_numeric": subject.iso_numeric,
        "factbook": subject.factbook,
        "names": list(names),
        "facts": fact_count,
    }


def topic_record(topic: Topic, fact_count: int) -> dict[str, Any]:
    return {"key": topic.key, "description": topic.description, "facts": fact_count}


def metric_record(metric: Metric, subjects: list[str]) -> dict[str, Any]:
    return {
        "key": metric.key,
        "unit": metric.unit,
        "topic": metric.topic,
        "description": metric.description,
        "subjects": subjects,
        "broader": list(metric.broader),
        "narrower": list(metric.narrower),
        "related": list(metric.related),
        # Added after the links (their key is derived from the key where the registry has none).
        "label": metric.title,
        "short_label": metric.short_title,
    }


def source_summary_record(source: Source, fact_count: int) -> dict[str, Any]:
    return {**source_record(source), "notes": source.notes, "facts": fact_count}


def problem_record(problem: Problem) -> dict[str, Any]:
    return problem.as_dict()


def compare_records(rows: list[CompareRow], base: Base) -> list[dict[str, Any]]:
    """One record per metric and subject (one per value where sources disagree); a subject
    without the metric gets a record whose value is null."""
    out = []
    for row in rows:
        differs = row.mixed
        for subject, facts in row.cells.items():
            if not facts:
                out.append(_compare_cell(row.metric, subject, None, differs, False))
            for f in facts:
                out.append(_compare_cell(row.metric, subject, f, differs, len(facts) > 1))
    return out


def _compare_cell(
    metric: str, subject: str, f: Fact | None, differs: list[str], disagreement: bool
) -> dict[str, Any]:
    return {
        "metric": metric,
        "subject": subject,
        "value": f.value if f else None,
        "unit": f.unit if f else None,
        "qualifier": f.qualifier if f else None,
        "scale": f.scale if f else None,
        "as_of": f.as_of.iso() if f else None,
        "source": f.source if f else None,
        "fact": f.id if f else None,
        "differs": differs,
        "disagreement": disagreement,
    }


def rank_records(ranked: list[Ranked], missing: list[str], base: Base) -> list[dict[str, Any]]:
    """Ranked subjects first, then those without a value (rank and value null)."""
    out = []
    for r in ranked:
        f = r.fact
        out.append(
            {
                "rank": r.rank,
                "subject": f.subject,
                "value": f.value,
                "unit": f.unit,
                "as_of": f.as_of.iso(),
                "source": f.source,
                "fact": f.id,
                "disagrees_with": [o.id for o in r.others],
            }
        )
    for s in missing:
        out.append(
            {
                "rank": None,
                "subject": s,
                "value": None,
                "unit": None,
                "as_of": None,
                "source": None,
                "fact": None,
                "disagrees_with": [],
            }
        )
    return out


def history_records(facts: Sequence[Fact]) -> list[dict[str, Any]]:
    """One record per value of a subject's metric, oldest first."""
    return [
        {
            "subject": f.subject,
            "metric": f.metric,
            "as_of": f.as_of.iso(),
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "scale": f.scale,
            "source": f.source,
            "fact": f.id,
        }
        for f in facts
    ]


def directory_record(path: str, kind: str, facts: int, files: int, problems: int) -> dict[str, Any]:
    """A facts directory as `info` reports it: bundled or user, and what it holds."""
    return {"path": path, "kind": kind, "facts": facts, "files": files, "problems": problems}


def index_record(
    state: str, path: str | None, size: int | None, refreshed: str | None
) -> dict[str, Any]:
    """The index: fresh, rebuilt, damaged or off; where it is, its bytes, when it was last
    written."""
    return {"state": state, "path": path, "size": size, "refreshed": refreshed}


def info_record(
    version: str,
    directories: list[dict[str, Any]],
    sources: int,
    newest_as_of: str | None,
    index: dict[str, Any],
) -> dict[str, Any]:
    return {
        "version": version,
        "directories": directories,
        "sources": sources,
        "newest_as_of": newest_as_of,
        "index": index,
    }
