"""Ready-to-paste citations of a source or a fact: plain text, BibTeX and CSL-JSON."""

from __future__ import annotations

import json

from c5lens.base.model import Fact, Source

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CITE_FORMATS = ("text", "bibtex", "csl-json")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CSL_TYPES = {"issue brief": "report", "opinion article": "article", "reference work": "book"}


def _person(author: str | None, publisher: str | None) -> dict[str, str] | None:
    """A CSL name: family and given for a person, literal for an organisation.

    An author that is also the publisher is an organisation (the CIA for the Factbook);
    otherwise the last word is the family name, as in every source the base has so far.
    """
    if not author:
        return None
    if author == publisher or " " not in author.strip():
        return {"literal": author}
    given, _, family = author.strip().rpartition(" ")
    return {"family": family, "given": given}


def _author_text(source: Source) -> str | None:
    p = _person(source.author, source.publisher)
    if p is None:
        return None
    return p.get("literal") or f"{p['family']}, {p['given']}"


def text_citation(source: Source, fact: Fact | None = None) -> str:
    """Author. “Title.” Kind, publisher, date[, locator]. URL."""
    parts = []
    author = _author_text(source)
    if author:
        parts.append(author.rstrip(".") + ".")
    parts.append(f"“{source.title.rstrip('.')}.”")
    where = [source.kind[:1].upper() + source.kind[1:]]
    if source.publisher and source.publisher != source.author:
        where.append(source.publisher)
    elif not source.publisher:
        where.append("publisher not stated")
    where.append(source.published_date.human())
    if fact is not None:
        where.append(fact.locator)
    parts.append(", ".join(where) + ".")
    if source.url:
        parts.append(source.url)
    citation = " ".join(parts)
    if fact is not None:
        citation = f"{fact.statement} Source: {citation} [c5lens fact {fact.id}]"
    return citation


def bibtex_citation(source: Source, fact: Fact | None = None) -> str:
    entry = "techreport" if source.kind == "issue brief" else "misc"
    d = source.published_date.start
    fields: list[tuple[str, str]] = []
    author = _author_text(source)
    if author:
        fields.append(
            ("author", f"{{{author}}}" if author == source.author and "," not in author else author)
        )
    fields.append(("title", f"{{{source.title}}}"))
    if source.publisher:
        fields.append(("institution" if entry == "techreport" else "publisher", source.publisher))
    fields.append(("type" if entry == "techreport" else "howpublished", source.kind.capitalize()))
    fields.append(("year", str(d.year)))
    if d.month:
        fields.append(("month", _MONTHS[d.month - 1]))
    if source.url:
        fields.append(("url", source.url))
    note = f"{fact.locator}. {fact.statement}" if fact else source.notes
    if note:
        fields.append(("note", note))
    key = fact.id if fact else source.id
    body = ",\n".join(
        f"  {name} = {value}"
        if name == "month"
        else f"  {name} = {{{value}}}"  # url is verbatim in BibTeX: escaping would change it
        if name == "url"
        else f"  {name} = {{{_bib_escape(value)}}}"
        for name, value in fields
    )
    return f"@{entry}{{{key},\n{body}\n}}"


def _bib_escape(text: str) -> str:
    # Braces are kept (they protect capitals); the characters BibTeX treats specially are escaped.
    return text.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#").replace("_", r"\_")


def csl_item(source: Source, fact: Fact | None = None) -> dict[str, Any]:
    d = source.published_date.start
    item: dict[str, Any] = {
        "id": fact.id if fact else source.id,
        "type": _CSL_TYPES.get(source.kind, "document"),
        "title": source.title,
    }
    person = _person(source.author, source.publisher)
    if person:
        item["author"] = [person]
    if source.publisher:
        item["publisher"] = source.publisher
    item["issued"] = {"date-parts": [[p for p in (d.year, d.month, d.day) if p]]}
    item["genre"] = source.kind
    if source.url:
        item["URL"] = source.url
    if fact is not None:
        item["note"] = f"{fact.locator}. {fact.statement}"
    return item


def cite(source: Source, fact: Fact | None, fmt: str) -> str:
    """The citation in one of CITE_FORMATS, ending in a newline."""
    if fmt == "text":
        return text_citation(source, fact) + "\n"
    if fmt == "bibtex":
        return bibtex_citation(source, fact) + "\n"
    if fmt == "csl-json":
        return json.dumps([csl_item(source, fact)], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown citation format {fmt!r}")
