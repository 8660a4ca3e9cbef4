"""How each kind of Factbook field becomes facts: text, a figure, a dated series, shares."""

from __future__ import annotations

import re

from c5lens.importers.factbook.errors import FigureError
from c5lens.importers.factbook.fields import POWER_NAMES, FieldSpec, share_metric
from c5lens.importers.factbook.figures import NA, clean, note_text, split_date

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from c5lens.importers.factbook.profile import ProfileReader


def text_of(node: Any) -> str | None:
    """A field's text: the string itself, or a mapping's 'text'; None for anything else."""
    if isinstance(node, dict):
        node = node.get("text")
    return node if isinstance(node, str) else None


def _import_text(p: ProfileReader, spec: FieldSpec, subs: dict[str, Any]) -> None:
    key = spec.sub
    if key is None or (key not in subs and "text" in subs):
        key = "text"  # 'Languages' is a subfield in most profiles, the field's text in some
    where = (spec.category, spec.field) + ((key,) if key != "text" else ())
    if key not in subs:
        if not spec.optional:
            p.skip(where, "skipped: not in this profile")
        return
    raw = text_of(subs[key])
    if raw is None:
        p.problem(where, "expected a string (or a mapping with 'text')")
        return
    cleaned = clean(raw)
    try:
        value, dating = split_date(cleaned)
    except FigureError as e:
        p.problem(where, str(e))
        return
    if NA.fullmatch(value):
        p.skip(where, "skipped: the Factbook gives NA (not available)")
        return
    if not value:
        p.problem(where, "empty value")
        return
    d = dating.phrase(as_of=True) if dating else ""
    statement = p.statement(spec, None, d, value=value)
    p.add(spec, where, spec.metric, value, dating, statement, notes=note_text(subs.get("note")))


def _import_figure(p: ProfileReader, spec: FieldSpec, subs: dict[str, Any]) -> None:
    key = spec.sub or "text"
    where: tuple[str, ...] = (spec.category, spec.field)
    if spec.sub is not None:
        where = (*where, key)
    if key not in subs:
        if not spec.optional:
            p.skip(where, "skipped: not in this profile")
        return
    fig = p.figure(spec, where, subs[key])
    if fig is None:
        return
    d = fig.dating.phrase() if fig.dating else ""
    p.add(
        spec,
        where,
        spec.metric,
        fig.value,
        fig.dating,
        p.statement(spec, fig, d),
        unit=fig.unit,
        notes=note_text(subs.get("note")),
    )


_YEAR_KEY = re.compile(r"(?P<label>.*?)\s*(?P<year>\d{4})")


def _import_series(p: ProfileReader, spec: FieldSpec, subs: dict[str, Any]) -> None:
    base = (spec.category, spec.field)
    years: list[tuple[int, str]] = []
    for key in subs:
        if key == "note":
            continue
        m = _YEAR_KEY.fullmatch(key)
        if not m:
            p.problem((*base, key), "expected a subfield named for a year, e.g. 'Exports 2024'")
            continue
        years.append((int(m.group("year")), key))
    if not years:
        p.skip(base, "skipped: the field gives no year")
        return
    years.sort(reverse=True)
    if spec.kind == "latest":
        years = years[:1]
    note = note_text(subs.get("note"))
    for year, key in years:
        where = (*base, key)
        fig = p.figure(spec, where, subs[key])
        if fig is None:
            continue
        if fig.dating is None or fig.dating.as_of[:4] != f"{year:04d}":
            dated = fig.dating.as_of if fig.dating else "undated"
            p.problem(where, f"the subfield is for {year} but the figure is dated {dated}")
            continue
        d = fig.dating.phrase()
        suffix = f"-{year}" if spec.kind == "series" else ""
        p.add(
            spec,
            where,
            spec.metric,
            fig.value,
            fig.dating,
            p.statement(spec, fig, d),
            unit=fig.unit,
            notes=note,
            id_suffix=suffix,
        )


def _import_shares(p: ProfileReader, spec: FieldSpec, subs: dict[str, Any]) -> None:
    base = (spec.category, spec.field)
    for key in subs:
        if key == "note":
            continue
        if key not in spec.shares:
            p.problem((*base, key), f"unknown source of electricity {key!r}")
    note = note_text(subs.get("note"))
    for key in spec.shares:
        if key not in subs:
            continue
        where = (*base, key)
        fig = p.figure(spec, where, subs[key])
        if fig is None:
            continue
        d = fig.dating.phrase() if fig.dating else ""
        p.add(
            spec,
            where,
            share_metric(spec, key),
            fig.value,
            fig.dating,
            p.statement(spec, fig, d, source=POWER_NAMES.get(key, key)),
            unit=fig.unit,
            notes=note,
        )


IMPORTERS = {
    "text": _import_text,
    "figure": _import_figure,
    "latest": _import_series,
    "series": _import_series,
    "shares": _import_shares,
}
