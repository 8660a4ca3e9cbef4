"""What several commands share: resolving a subject, fact records, dates from options."""

from __future__ import annotations

from collections.abc import Sequence

from c5lens.cli.result import Result, Session, UsageProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from c5lens.base.dates import PartialDate
    from c5lens.base.model import Base, Fact, Problem, Subject
    from c5lens.query.filters import Filters
    from c5lens.render.records import FactRecords

FACT_FIELDS = [
    "id", "country", "topic", "metric", "statement", "value", "unit", "qualifier", "scale",
    "as_of", "precision", "resolved_from", "source", "related", "notes", "correction", "file",
]  # fmt: skip


# The mappings inside a fact record, for `--fields source.id` and an empty CSV's header.
FACT_NESTED = {
    "source": (
        "id", "title", "author", "publisher", "published", "kind", "document", "url", "locator",
    ),
    "correction": ("statement", "source", "locator"),
}  # fmt: skip


def resolve(base: Base, name: str) -> Subject:
    """The subject `name` stands for, by any of its names."""
    from c5lens.base.names import resolve_subject

    return resolve_subject(name, base.subjects)


def fact_records(base: Base, facts: Sequence[Fact]) -> FactRecords:
    """The facts' records, made as they are written (a sequence: read it as often as needed)."""
    from c5lens.render.records import FactRecords

    return FactRecords(facts, base)


def date_option(value: str | None, name: str) -> PartialDate | None:
    """The date an option gave, or a usage problem naming the option."""
    from c5lens.base.dates import InvalidDate, parse_partial_date

    if value is None:
        return None
    try:
        return parse_partial_date(value)
    except InvalidDate as e:
        raise UsageProblem(str(e), param_hint=f"'{name}'") from None


def disagreements(session: Session, shown: Sequence[Fact]) -> dict[str, list[Fact]]:
    """The facts that disagree with each of the facts shown."""
    return session.store().disputed([f.id for f in shown])


def with_facts(registries: Base, facts: Sequence[Fact]) -> Base:
    return registries._replace(facts=tuple(facts))


def table_note(session: Session, text: str) -> list[str]:
    """A note for stderr under a table, where an empty result would otherwise say nothing."""
    return [text] if session.fmt == "table" else []


def filters(session: Session, base: Base) -> Filters:
    """The session's filter options, resolved against the registries."""
    from c5lens.query.filters import BadFilter, resolve

    given = dict(session.filter_args)
    since = date_option(given.pop("since", None), "--since")
    until = date_option(given.pop("until", None), "--until")
    try:
        return resolve(base, since=since, until=until, **given)
    except BadFilter as e:
        raise UsageProblem(e.message, param_hint=f"'{e.option}'") from None


def filtered(session: Session, base: Base, found: Filters) -> list[Fact]:
    """The facts that pass the filters: asked of the store by its indexes, then checked."""
    return found.apply(session.store().facts(**found.store_query()), base)


def find_fact(session: Session, fact_id: str) -> Fact | None:
    """The fact with this id, ignoring case (ids are lowercase)."""
    store = session.store()
    found = store.fact(fact_id)
    if found is None and fact_id != fact_id.lower():
        found = store.fact(fact_id.lower())
    return found


PROBLEM_FIELDS = ["path", "line", "col", "message"]


def problems_result(session: Session, problems: Sequence[Problem]) -> Result:
    """Problems as a command's data (stdout), a count under a table, exit 4 when any."""
    from c5lens.cli.exitcodes import ExitCode
    from c5lens.render.records import problem_record

    def view(console: Any) -> None:
        for p in problems:
            console.print(str(p), markup=False, highlight=False, soft_wrap=True)

    n = len(problems)
    summary = f"{n} problem{'s' * (n != 1)} found" if n else "no problems found"
    return Result(
        [problem_record(p) for p in problems],
        view=view,
        fields=PROBLEM_FIELDS,
        notes=table_note(session, summary),
        exit=ExitCode.INVALID_DATA if problems else ExitCode.OK,
    )
