"""The c5lens command line as Typer sees it: commands, options, help, completion.

What each command does is in `run`; this module declares it to Typer and turns every way a
command can end into one line on stderr and an exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from c5lens.cli import exitcodes, run
from c5lens.cli.run import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Out,
    _argv_as_utf8,
    _flush_stdout,
    _prepare_streams,
    _say_err,
    state,
)
from c5lens.render import formats as output

if TYPE_CHECKING:
    from c5lens.base.model import Base

EXIT_CODES_HELP = exitcodes.help_text()


class C5Group(TyperGroup):
    """Runs a command and turns every way it can end into one line on stderr and an exit code."""

    def resolve_command(self, ctx: Any, args: Any) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise _click_exceptions().UsageError(f"no such command {name!r}", ctx)
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override,unused-ignore]  # Typer's signature varies by release
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: Any = True,
        **extra: Any,
    ) -> Any:
        _prepare_streams()
        state.reset()
        if args is None:
            args = _argv_as_utf8(sys.argv[1:])
        try:
            rv = super().main(
                args, prog_name or "c5lens", complete_var, standalone_mode=False, **extra
            )
            code = rv if isinstance(rv, int) and not isinstance(rv, bool) else EXIT_OK
            if code == EXIT_INTERRUPTED:
                _say_err("")  # Typer turns Ctrl-C into Exit(130); end the `^C` line as below
            _flush_stdout()
        except typer.Exit as e:  # pragma: no cover - Typer returns the code instead
            code = e.exit_code
        except run.Finished as e:
            code = e.code
        except (Exception, KeyboardInterrupt) as e:
            code = _report(e)
        sys.exit(code)


def _click_exceptions() -> Any:
    """click's exceptions module: the click Typer vendors (0.22 and later) or the package
    (before), found through a class Typer exports under both."""
    return sys.modules[typer.BadParameter.__module__]


def _usage_message(e: Any, click_exc: Any) -> str:
    """c5lens's own words for a usage error: click's wording changes between releases (D32)."""
    if isinstance(e, click_exc.NoSuchOption):
        near = sorted(e.possibilities or ())
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        return f"no such option {e.option_name}{hint}"
    if isinstance(e, click_exc.MissingParameter) and e.param is not None:
        kind = "argument" if e.param.param_type_name == "argument" else "option"
        name = (
            (e.param.metavar or e.param.name or "").upper()
            if kind == "argument"
            else ((e.param.opts or [e.param.name])[0])
        )
        return f"missing {kind} {name}"
    return str(e.format_message())


def _report(e: BaseException) -> int:
    """One line for an error: Typer's own (usage) errors here, every other kind in run.report."""
    # Typer's exceptions come from click: the one it vendors (0.22 and later) or the package
    # (before). Find that module through a class Typer exports under both.
    from c5lens.base.model import one_line

    click_exc = sys.modules[typer.BadParameter.__module__]
    no_args = getattr(click_exc, "NoArgsIsHelpError", ())
    if no_args and isinstance(e, no_args):  # bare `c5lens`: the help, not an error line
        _say_err(e.format_message())
        return EXIT_USAGE
    if isinstance(e, click_exc.UsageError):
        where = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
        # The message may quote what was typed: one line, whatever it held (D36).
        _say_err(f"c5lens: error: {one_line(_usage_message(e, click_exc))}{where}")
        return EXIT_USAGE
    if isinstance(e, click_exc.ClickException):
        _say_err(f"c5lens: error: {one_line(e.format_message())}")
        return e.exit_code
    if isinstance(e, typer.Abort):
        _say_err("")
        return EXIT_INTERRUPTED
    return run.report(e)


app = typer.Typer(
    cls=C5Group,
    name="c5lens",
    help="Typed, dated and cited facts about the five Central Asian states, the region and the "
    "powers engaging it.\n\n" + EXIT_CODES_HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _print_version(value: bool) -> None:
    if value:
        from c5lens import version

        run._write(f"c5lens {version()}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            is_eager=True,
            callback=_print_version,
            help="Print c5lens's name and version and exit.",
        ),
    ] = False,
) -> None:
    pass


def main() -> None:
    """Entry point of the `c5lens` console script and `python -m c5lens`."""
    typer.main.get_command(app).main(prog_name="c5lens")


# --- completion -------------------------------------------------------------------------------


def _complete_base() -> Base | None:
    # A completion must never print an error into the user's shell line: any failure is "no".
    try:
        out = Out("json", None, [], True)
        index = out.index()
        if index is not None:
            return index.base()
        from c5lens.base.loading import load_base

        return load_base(out.dirs())
    except Exception:
        return None


def _complete(pick):
    def complete(incomplete: str) -> list[str]:
        base = _complete_base()
        if base is None:
            return []
        return [c for c in pick(base) if c.startswith(incomplete)]

    return complete


def _subject_choices(base: Base) -> list[str]:
    return list(base.subjects)


complete_subject = _complete(_subject_choices)
complete_topic = _complete(lambda b: list(b.topics))
complete_metric = _complete(lambda b: list(b.metrics))
complete_fact = _complete(lambda b: [f.id for f in b.facts])
complete_source = _complete(lambda b: list(b.sources))
complete_fact_or_source = _complete(lambda b: [*b.sources, *(f.id for f in b.facts)])

# --- options shared by every command that prints data ------------------------------------------

FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: " + ", ".join(output.FORMATS) + ".",
        show_default=True,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", help="Comma-separated fields to output (json, jsonl, csv, tsv)."),
]
FactsDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--facts-dir",
        help="Also load facts from DIR (repeatable; later directories override earlier ones). "
        "C5LENS_FACTS_PATH adds directories too.",
        metavar="DIR",
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Never colour the output.")]
SubjectArg = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="A country, region or partner, by any name.",
        autocompletion=complete_subject,
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option("--topic", "-t", help="Only this topic.", autocompletion=complete_topic),
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", "-s", help="Only this source id.", autocompletion=complete_source),
]
MetricOpt = Annotated[
    str | None,
    typer.Option("--metric", "-m", help="Only this metric.", autocompletion=complete_metric),
]


# --- commands -----------------------------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Fact files or directories to check (default: every loaded directory).",
        ),
    ] = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Check fact files and report every problem as path:line:col: message.

    Exits 0 when there are no problems and 4 when there are.

    \b
    Examples:
      c5lens validate
      c5lens validate ~/my-facts
      c5lens validate facts/kazakhstan/governance.yaml --format json
    """
    return run.invoke(
        "validate",
        paths=paths,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def facts(
    country: Annotated[
        str | None,
        typer.Option(
            "--country", "-c", help="Only this subject (any name).", autocompletion=complete_subject
        ),
    ] = None,
    topic: TopicOpt = None,
    source: SourceOpt = None,
    metric: MetricOpt = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List facts, filtered by subject, topic, source or metric.

    \b
    Examples:
      c5lens facts --country kazakhstan --topic governance
      c5lens facts --metric freedom_house_score --json
      c5lens facts --source imai-2025 --format csv --fields id,value,as_of
    """
    return run.invoke(
        "facts",
        country=country,
        topic=topic,
        source=source,
        metric=metric,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def country(
    name: SubjectArg,
    topic: TopicOpt = None,
    source: SourceOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Add locators and notes.")] = False,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Show a country's (or the region's, or a partner's) profile: basics, then findings by topic.

    The basics come from reference works (The World Factbook); the findings, from the analytic
    documents. Where sources disagree, the value is marked ≠ and every value is shown.

    \b
    Examples:
      c5lens country kazakhstan
      c5lens country KG --topic governance --full
      c5lens country Ўзбекистон --json
    """
    return run.invoke(
        "country",
        name=name,
        topic=topic,
        source=source,
        full=full,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def countries(
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List every subject with its kind, codes, accepted names and fact count.

    \b
    Examples:
      c5lens countries
      c5lens countries --json | jq -r '.[] | select(.kind == "country") | .key'
    """
    return run.invoke(
        "countries", fmt=fmt, json_=json_, fields=fields, facts_dir=facts_dir, no_color=no_color
    )


@app.command()
def topics(
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List the topics with their descriptions and fact counts.

    \b
    Examples:
      c5lens topics
      c5lens topics --format csv
    """
    return run.invoke(
        "topics", fmt=fmt, json_=json_, fields=fields, facts_dir=facts_dir, no_color=no_color
    )


@app.command()
def metrics(
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List every comparable metric with its unit, description and the subjects that have it.

    \b
    Examples:
      c5lens metrics
      c5lens metrics --json | jq -r '.[].key'
    """
    return run.invoke(
        "metrics", fmt=fmt, json_=json_, fields=fields, facts_dir=facts_dir, no_color=no_color
    )


@app.command()
def fact(
    fact_id: Annotated[
        str, typer.Argument(metavar="ID", help="A fact id.", autocompletion=complete_fact)
    ],
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Show one fact in full, with its complete citation.

    \b
    Examples:
      c5lens fact kazakhstan.freedom-house-score-2025
      c5lens fact china.global-rare-earth-mining-share-2025 --json
    """
    return run.invoke(
        "fact",
        fact_id=fact_id,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def compare(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME",
            help="Subjects to compare (default: the five countries).",
            autocompletion=complete_subject,
        ),
    ] = None,
    metric: MetricOpt = None,
    topic: TopicOpt = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Compare subjects side by side: one row per metric, one column per subject.

    Each cell is the latest value with its date. A row whose cells differ in date, unit or
    source is marked in the Differs column; where sources disagree, a cell shows every value.

    \b
    Examples:
      c5lens compare
      c5lens compare kazakhstan uzbekistan --topic governance
      c5lens compare kazakhstan japan united-states --metric freedom_index_score
    """
    return run.invoke(
        "compare",
        names=names,
        metric=metric,
        topic=topic,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def rank(
    metric_key: Annotated[
        str,
        typer.Argument(
            metavar="METRIC", help="A numeric metric key.", autocompletion=complete_metric
        ),
    ],
    ascending: Annotated[
        bool, typer.Option("--ascending/--descending", help="Smallest first, or largest first.")
    ] = False,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Rank subjects by a numeric metric: ties share a rank, subjects without it show as missing.

    \b
    Examples:
      c5lens rank freedom_house_score
      c5lens rank critical_mineral_sites --ascending
      c5lens rank freedom_index_score --format csv
    """
    return run.invoke(
        "rank",
        metric_key=metric_key,
        ascending=ascending,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def search(
    query: Annotated[list[str], typer.Argument(metavar="QUERY", help="Words to look for.")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", help="At most this many results (0: all).")
    ] = 0,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Search statements, metrics, notes and source titles; best matches first.

    Every word must match the start of a word, ignoring case and diacritics.

    \b
    Examples:
      c5lens search "rare earth"
      c5lens search uranium --json
      c5lens search freedom -n 5
    """
    return run.invoke(
        "search",
        query=query,
        limit=limit,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def timeline(
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            help="Only facts about (or involving) this subject.",
            autocompletion=complete_subject,
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this date, inclusive.")
    ] = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List dated facts in chronological order, each date at the precision it is known.

    \b
    Examples:
      c5lens timeline --since 2025
      c5lens timeline --country japan --since 2025-06 --until 2025-12
    """
    return run.invoke(
        "timeline",
        country=country,
        since=since,
        until=until,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def sources(
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List the source documents with their bibliographic record and how many facts cite each.

    \b
    Examples:
      c5lens sources
      c5lens sources --json | jq '.[] | {id, facts}'
    """
    return run.invoke(
        "sources", fmt=fmt, json_=json_, fields=fields, facts_dir=facts_dir, no_color=no_color
    )


@app.command()
def source(
    source_id: Annotated[
        str, typer.Argument(metavar="ID", help="A source id.", autocompletion=complete_source)
    ],
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """Show one source's bibliographic record and list the facts that cite it.

    \b
    Examples:
      c5lens source imai-2025
      c5lens source shamsuddinov-2026 --format jsonl
    """
    return run.invoke(
        "source",
        source_id=source_id,
        fmt=fmt,
        json_=json_,
        fields=fields,
        facts_dir=facts_dir,
        no_color=no_color,
    )


@app.command()
def cite(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id or a source id.", autocompletion=complete_fact_or_source
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, bibtex or csl-json.")] = "text",
    facts_dir: FactsDirOpt = None,
) -> int:
    """Print a ready-to-paste citation of a fact or a source.

    \b
    Examples:
      c5lens cite kazakhstan.freedom-house-score-2025
      c5lens cite imai-2025 --format bibtex
      c5lens cite china.global-rare-earth-mining-share-2025 --format csl-json
    """
    return run.invoke("cite", item_id=item_id, fmt=fmt, facts_dir=facts_dir)


@app.command()
def conflicts(
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> int:
    """List disagreements: one subject, metric and period, different values from different sources.

    \b
    Examples:
      c5lens conflicts
      c5lens conflicts --json | jq '.[] | {group, id, value}'
    """
    return run.invoke(
        "conflicts", fmt=fmt, json_=json_, fields=fields, facts_dir=facts_dir, no_color=no_color
    )


@app.command()
def schema() -> int:
    """Print the JSON Schema of every command's JSON output.

    \b
    Examples:
      c5lens schema > c5lens-output.schema.json
    """
    return run.invoke("schema")


from c5lens.cli.importcmd import import_app  # noqa: E402

app.add_typer(import_app, name="import")
