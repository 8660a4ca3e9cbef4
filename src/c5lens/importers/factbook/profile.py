"""Turning one Factbook country profile into facts, reporting every value it could not read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from c5lens.base.model import Subject
from c5lens.importers.factbook.errors import FigureError, NotAvailable
from c5lens.importers.factbook.fields import (
    FIELDS,
    REMARKS,
    TOPIC_ORDER,
    FieldSpec,
    figure_words,
    growth_statement,
    subject_name,
)
from c5lens.importers.factbook.figures import (
    Dating,
    Figure,
    clean,
    in_billions,
    parse_figure,
)
from c5lens.importers.factbook.kinds import IMPORTERS, text_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SOURCE_ID = "world-factbook-2026"
EDITION = "2026-01"  # the edition's date: its files were last updated 21-22 January 2026
EDITION_HUMAN = "January 2026"
UNDATED_NOTE = (
    "The Factbook gives no date for this {what}; dated to the edition (" + EDITION_HUMAN + ")."
)
SEP = " › "


@dataclass(frozen=True, slots=True)
class Issue:
    """Something about one value of one profile: where it is, and what is wrong or was skipped."""

    file: str
    where: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        if not self.where:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {SEP.join(self.where)}: {self.message}"


class Quoted(str):
    """A string always written in single quotes (as_of: '2025'); write.py's YAML dumper does so."""


@dataclass(frozen=True, slots=True)
class ImportedFact:
    """One fact made from a Factbook value, with the fields of the fact file format."""

    id: str
    subject: str
    topic: str
    statement: str
    metric: str
    value: int | float | str
    as_of: str
    locator: str
    unit: str | None = None
    qualifier: str | None = None
    notes: str | None = None
    source: str = SOURCE_ID

    def record(self) -> dict[str, Any]:
        """The fact as a mapping in the key order of docs/fact-format.md, without empty keys."""
        out: dict[str, Any] = {
            "id": self.id,
            "statement": self.statement,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "as_of": Quoted(self.as_of),
            "source": self.source,
            "locator": self.locator,
            "notes": self.notes,
        }
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True, slots=True)
class ProfileImport:
    """What importing one profile gave: its facts, the values it could not read (`problems`),
    and the values it deliberately left out (`skipped`, e.g. a figure the Factbook gives as NA)."""

    file: str
    name: str  # the file's name, as locators and the generated files' header cite it
    subject: Subject | None
    facts: tuple[ImportedFact, ...] = ()
    problems: tuple[Issue, ...] = ()
    skipped: tuple[Issue, ...] = ()

    def topics(self) -> dict[str, list[ImportedFact]]:
        """The facts grouped by topic, topics in the order of `TOPIC_ORDER`."""
        out: dict[str, list[ImportedFact]] = {}
        for topic in TOPIC_ORDER:
            facts = [f for f in self.facts if f.topic == topic]
            if facts:
                out[topic] = facts
        return out


def _stripped(mapping: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The mapping with whitespace stripped from its keys, and the keys that then collide."""
    out: dict[str, Any] = {}
    clashes = []
    for k, v in mapping.items():
        key = k.strip() if isinstance(k, str) else k
        if key in out:
            clashes.append(key)
        out[key] = v
    return out, clashes


@dataclass
class ProfileReader:
    file: str
    name: str
    subject: Subject
    data: dict[str, Any]
    facts: list[ImportedFact] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)

    def problem(self, where: tuple[str, ...], message: str) -> None:
        self.problems.append(Issue(self.file, where, message))

    def skip(self, where: tuple[str, ...], message: str) -> None:
        self.skipped.append(Issue(self.file, where, message))

    def lookup(self, spec: FieldSpec) -> dict[str, Any] | None:
        """The field's mapping (keys stripped), or None after reporting why there is none."""
        where = (spec.category, spec.field)
        categories, clashes = _stripped(self.data)
        if spec.category in clashes:
            self.problem(where[:1], "the category appears twice once spaces are stripped")
            return None
        category = categories.get(spec.category)
        if not isinstance(category, dict):
            if not spec.optional:
                self.skip(where[:1], "skipped: not in this profile")
            return None
        fields, clashes = _stripped(category)
        if spec.field in clashes:
            self.problem(where, "the field appears twice once spaces are stripped")
            return None
        node = fields.get(spec.field)
        if node is None:
            if not spec.optional:
                self.skip(where, "skipped: not in this profile")
            return None
        if not isinstance(node, dict):
            self.problem(where, f"expected a mapping of subfields, found {type(node).__name__}")
            return None
        subs, clashes = _stripped(node)
        if clashes:
            self.problem(where, f"subfield {clashes[0]!r} appears twice once spaces are stripped")
            return None
        return subs

    def add(
        self,
        spec: FieldSpec,
        where: tuple[str, ...],
        metric: str,
        value: int | float | str,
        dating: Dating | None,
        statement: str,
        unit: str | None = None,
        notes: str | None = None,
        id_suffix: str = "",
    ) -> None:
        extra = []
        if dating is None:
            extra.append(UNDATED_NOTE.format(what="entry" if isinstance(value, str) else "figure"))
        elif dating.fiscal:
            extra.append(f"The Factbook dates this figure to fiscal year {dating.fiscal}.")
        if notes:
            extra.append(notes)
        remark = REMARKS.get((self.name, SEP.join(where)))
        if remark is not None:
            if isinstance(value, str) and remark.expect in value:
                extra.append(remark.text)
            else:
                self.problem(
                    where, f"the remark about {remark.expect!r} no longer matches the value"
                )
        self.facts.append(
            ImportedFact(
                id=f"{self.subject.key}.fb-{metric.replace('_', '-')}{id_suffix}",
                subject=self.subject.key,
                topic=spec.topic,
                statement=statement,
                metric=metric,
                value=value,
                as_of=dating.as_of if dating else EDITION,
                locator=f"{self.name}: {SEP.join(where)}",
                unit=unit,
                qualifier="estimate" if dating and dating.estimate else None,
                notes=" ".join(extra) or None,
            )
        )

    def figure(self, spec: FieldSpec, where: tuple[str, ...], raw: Any) -> Figure | None:
        """Parse a figure and check its unit; report and return None if it will not do."""
        text = text_of(raw)
        if text is None:
            self.problem(where, "expected a string (or a mapping with 'text')")
            return None
        try:
            fig = parse_figure(text)
        except NotAvailable as e:
            self.skip(where, f"skipped: {e}")
            return None
        except FigureError as e:
            self.problem(where, str(e))
            return None
        if fig.unit not in spec.units:
            want = " or ".join(u or "no unit" for u in spec.units)
            self.problem(where, f"expected a figure in {want}, found {clean(text)!r}")
            return None
        if fig.of != spec.of:
            want = f"a percentage of {spec.of}" if spec.of else "no 'of ...' after the figure"
            self.problem(where, f"expected {want}, found {clean(text)!r}")
            return None
        return in_billions(fig)

    def statement(self, spec: FieldSpec, fig: Figure | None, d: str, **extra: str) -> str:
        s = subject_name(self.subject)
        if fig is None:
            return spec.template.format(s=s, d=d, **extra)
        if spec.kind == "series":
            return growth_statement(s, fig, d)
        if spec.metric == "land_boundaries" and fig.value == 0:
            return f"The World Factbook gives {s} no land borders (0 km){d}."
        est = fig.qualifier == "estimate"
        return spec.template.format(
            s=s,
            v=figure_words(fig),
            d=d,
            est="estimates" if est else "puts",
            gives="estimates" if est else "gives",
            that="estimates" if est else "reports",
            **extra,
        )


def subject_for(path: Path, subjects: Iterable[Subject]) -> Subject | None:
    """The subject whose Factbook code is the file's name: kz.json -> kazakhstan."""
    code = path.name.split(".")[0].lower()
    for s in subjects:
        if s.factbook and s.factbook.lower() == code:
            return s
    return None


def import_profile(
    path: Path, subjects: Iterable[Subject], display: str | None = None
) -> ProfileImport:
    """Read one Factbook JSON profile and make facts of the fields in FIELDS.

    `display` is how problems name the file (the path as the user gave it). Raises OSError when
    the file cannot be read; everything wrong inside it comes back as problems.
    """
    file = display if display is not None else str(path)
    name = path.name
    subject = subject_for(path, subjects)
    if subject is None:
        code = name.split(".")[0]
        return ProfileImport(
            file,
            name,
            None,
            problems=(Issue(file, (), f"no subject has the Factbook code {code!r}"),),
        )
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        msg = f"not UTF-8 (byte {e.start})"
        return ProfileImport(file, name, subject, problems=(Issue(file, (), msg),))
    except json.JSONDecodeError as e:
        msg = f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        return ProfileImport(file, name, subject, problems=(Issue(file, (), msg),))
    if not isinstance(data, dict):
        msg = "not a Factbook profile: expected a JSON object of categories"
        return ProfileImport(file, name, subject, problems=(Issue(file, (), msg),))
    p = ProfileReader(file, name, subject, data)
    for spec in FIELDS:
        subs = p.lookup(spec)
        if subs is not None:
            IMPORTERS[spec.kind](p, spec, subs)
    seen: set[str] = set()
    for f in p.facts:
        if f.id in seen:  # two subfields that read as the same year, say
            p.problem((), f"two values would make the fact {f.id!r}")
        seen.add(f.id)
    return ProfileImport(file, name, subject, tuple(p.facts), tuple(p.problems), tuple(p.skipped))
