"""history: one subject's values of one metric over time."""

from __future__ import annotations

from c5lens.cli.commands.common import filters, resolve, table_note, with_facts
from c5lens.cli.result import Result, Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.console import Console

HISTORY_FIELDS = [
    "subject", "metric", "as_of", "value", "unit", "qualifier", "scale", "source", "fact",
]  # fmt: skip


def history(session: Session, name: str, metric_key: str) -> Result:
    """A metric's values over time for one subject, oldest first."""
    from c5lens.query.filters import canonical
    from c5lens.render.records import history_records

    registries = session.registries()
    subject = resolve(registries, name)
    metric_key = canonical("metric", metric_key, registries.metrics)
    wanted = filters(session, registries)._replace(subjects=(), metrics=())
    facts = wanted.apply(session.store().series(subject.key, metric_key), registries)
    base = with_facts(registries, facts)

    def view(console: Console) -> None:
        from c5lens.render.charts import print_history

        if facts:
            print_history(console, base, subject.key, metric_key, facts)

    notes = table_note(session, f"c5lens: no values of {metric_key} for {subject.name}")
    return Result(
        history_records(facts),
        view=view,
        fields=HISTORY_FIELDS,
        notes=notes if not facts else (),
    )
