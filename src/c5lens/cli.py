"""The c5lens command line: the only module that prints, reads the environment, or exits."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from c5lens import output

if TYPE_CHECKING:
    from rich.console import Console

    from c5lens.model import Base, Fact, Subject

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_INVALID_DATA = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130
MAX_WARNINGS = 5

EXIT_CODES_HELP = """\b
Exit codes:
  0    success, including an empty result
  1    an unexpected error (a bug, or the system refused an operation)
  2    usage error: an unknown option, a bad value, a missing argument
  3    not found: unknown country, fact, source, metric or topic
  4    invalid data: a fact file has problems (lookups still print the valid facts)
  130  interrupted (Ctrl-C)"""


class C5Group(TyperGroup):
    """Runs a command and turns every way it can end into one line on stderr and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: ANN001, ANN201
        _prepare_streams()
        state.reset()
        if args is None:
            args = _argv_as_utf8(sys.argv[1:])
        try:
            rv = super().main(
                args, prog_name or "c5lens", complete_var, standalone_mode=False, **extra
            )
            code = rv if isinstance(rv, int) and not isinstance(rv, bool) else EXIT_OK
            if code == EXIT_OK and state.data_problems:
                code = EXIT_INVALID_DATA
            _flush_stdout()
        except typer.Exit as e:  # pragma: no cover - Typer returns the code instead
            code = e.exit_code
        except KeyboardInterrupt:
            _say_err("")
            code = EXIT_INTERRUPTED
        except BrokenPipeError:
            code = _quiet_broken_pipe()
        except Exception as e:
            code = _report(e)
        sys.exit(code)


def _report(e: Exception) -> int:
    """Print one line for an error and choose its exit code."""
    from typer._click import exceptions as click_exc  # the click vendored by Typer

    from c5lens.names import UnknownSubject
    from c5lens.output import UnknownField
    from c5lens.query import NotFound

    if isinstance(e, UnknownSubject | NotFound):
        _say_err(f"c5lens: error: {e}")
        return EXIT_NOT_FOUND
    if isinstance(e, click_exc.UsageError):
        where = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
        _say_err(f"c5lens: error: {e.format_message()}{where}")
        return EXIT_USAGE
    if isinstance(e, UnknownField):
        _say_err(f"c5lens: error: {e}")
        return EXIT_USAGE
    if isinstance(e, click_exc.ClickException):
        _say_err(f"c5lens: error: {e.format_message()}")
        return e.exit_code
    if isinstance(e, click_exc.Abort):
        _say_err("")
        return EXIT_INTERRUPTED
    if isinstance(e, OSError):
        _say_err(f"c5lens: error: {e.strerror or e}" + (f": {e.filename}" if e.filename else ""))
        return EXIT_ERROR
    _say_err(f"c5lens: internal error: {type(e).__name__}: {e} (please report this)")
    return EXIT_ERROR


def _prepare_streams() -> None:
    # Data is UTF-8 whatever the locale says: a C or Latin-1 locale must not break Қазақстан.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def _argv_as_utf8(args: list[str]) -> list[str]:
    """Re-read arguments a non-UTF-8 locale decoded wrongly, as the UTF-8 they almost always are."""
    enc = sys.getfilesystemencoding()
    if enc.lower().replace("-", "") == "utf8":
        return args
    fixed = []
    for a in args:
        try:
            fixed.append(a.encode(enc, "surrogateescape").decode("utf-8"))
        except UnicodeError:
            fixed.append(a)
    return fixed


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def _quiet_broken_pipe() -> int:
    # The reader went away (`| head`): that is how a pipe ends, not an error. Point stdout at
    # devnull so the interpreter's final flush does not complain either.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_OK


def _say_err(text: str) -> None:
    try:
        print(text, file=sys.stderr, flush=True)
    except (BrokenPipeError, OSError):
        pass


@dataclass
class _State:
    data_problems: bool = False

    def reset(self) -> None:
        self.data_problems = False


state = _State()

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


def main() -> None:
    """Entry point of the `c5lens` console script and `python -m c5lens`."""
    typer.main.get_command(app).main(prog_name="c5lens")


# --- completion -------------------------------------------------------------------------------


def _complete_base() -> Base | None:
    try:
        from c5lens.loading import facts_dirs, load_base

        return load_base(facts_dirs(env=os.environ.get("C5LENS_FACTS_PATH")))
    except Exception:
        return None


def _complete(pick):  # noqa: ANN001, ANN202
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
    str, typer.Argument(help="A country, region or partner, by any name.", autocompletion=complete_subject)
]
TopicOpt = Annotated[
    str | None, typer.Option("--topic", "-t", help="Only this topic.", autocompletion=complete_topic)
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", "-s", help="Only this source id.", autocompletion=complete_source)
]
MetricOpt = Annotated[
    str | None, typer.Option("--metric", "-m", help="Only this metric.", autocompletion=complete_metric)
]


@dataclass
class Out:
    """How a command should print: its format, fields and colour, and where the facts are."""

    fmt: str
    fields: str | None
    facts_dir: list[Path]
    no_color: bool

    def console(self) -> Console:
        from rich.console import Console

        tty = sys.stdout.isatty()
        width = None
        if not tty and "COLUMNS" not in os.environ:
            width = 1000  # a pipe gets whole lines, never wrapped to 80 columns
        no_color = self.no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        return Console(
            width=width,
            no_color=no_color,
            color_system=None if no_color or not tty else "auto",
            highlight=False,
            soft_wrap=False,
        )

    def load(self) -> Base:
        from c5lens.loading import facts_dirs, load_base

        base = load_base(facts_dirs(self.facts_dir, os.environ.get("C5LENS_FACTS_PATH")))
        if base.problems:
            state.data_problems = True
            for p in base.problems[:MAX_WARNINGS]:
                _say_err(f"c5lens: warning: {p}")
            more = len(base.problems) - MAX_WARNINGS
            if more > 0:
                _say_err(f"c5lens: warning: {more} more problems; run 'c5lens validate' to see all")
        return base

    def emit(
        self,
        records: list[dict[str, Any]],
        table: Any,
        document: Any = None,
        valid_fields: list[str] | None = None,
    ) -> None:
        """Print records in the chosen format, or call `table(console)` for the table format."""
        if self.fmt == "table":
            if self.fields is not None:
                raise typer.BadParameter(
                    "--fields works with json, jsonl, csv and tsv", param_hint="'--fields'"
                )
            table(self.console())
            return
        if self.fields is not None:
            if self.fmt not in output.FIELD_FORMATS:
                raise typer.BadParameter(
                    "--fields works with json, jsonl, csv and tsv", param_hint="'--fields'"
                )
            valid = valid_fields or (list(records[0]) if records else [])
            fields = output.parse_fields(self.fields, valid)
            records = output.select(records, fields)
            document = None
        sys.stdout.write(output.render(records, self.fmt, document))


def _out(fmt: str, json_: bool, fields: str | None, facts_dir: list[Path] | None, no_color: bool) -> Out:
    if json_:
        fmt = "json"
    if fmt not in output.FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(output.FORMATS)}", param_hint="'--format'"
        )
    return Out(fmt, fields, list(facts_dir or []), no_color)


def _resolve(base: Base, name: str) -> Subject:
    from c5lens.names import NameIndex

    return NameIndex(base.subjects).resolve(name)


def _fact_records(base: Base, facts: list[Fact]) -> list[dict[str, Any]]:
    from c5lens.records import fact_record

    return [fact_record(f, base) for f in facts]


FACT_FIELDS = [
    "id", "country", "topic", "metric", "statement", "value", "unit", "qualifier", "scale",
    "as_of", "precision", "resolved_from", "source", "related", "notes", "correction", "file",
]  # fmt: skip

# --- commands -----------------------------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Fact files or directories to check (default: every loaded directory)."),
    ] = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Check fact files and report every problem as path:line:col: message.

    Exits 0 when there are no problems and 4 when there are.

    \b
    Examples:
      c5lens validate
      c5lens validate ~/my-facts
      c5lens validate facts/kazakhstan/governance.yaml --format json
    """
    from c5lens.loading import facts_dirs, load_base, validate_paths
    from c5lens.records import problem_record

    out = _out(fmt, json_, fields, facts_dir, no_color)
    dirs = facts_dirs(out.facts_dir, os.environ.get("C5LENS_FACTS_PATH"))
    problems = validate_paths(paths, dirs) if paths else list(load_base(dirs).problems)
    records = [problem_record(p) for p in problems]

    def table(console: Console) -> None:
        for p in problems:
            console.print(str(p), markup=False, highlight=False, soft_wrap=True)

    if out.fmt == "table":
        # Problems are this command's data, so they go to stdout; the summary is a message.
        table(out.console())
        n = len(problems)
        _say_err(f"{n} problem{'s' * (n != 1)} found" if n else "no problems found")
    else:
        out.emit(records, table, valid_fields=["path", "line", "col", "message"])
    if problems:
        raise typer.Exit(EXIT_INVALID_DATA)


@app.command()
def facts(
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="Only this subject (any name).", autocompletion=complete_subject),
    ] = None,
    topic: TopicOpt = None,
    source: SourceOpt = None,
    metric: MetricOpt = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    fields: FieldsOpt = None,
    facts_dir: FactsDirOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List facts, filtered by subject, topic, source or metric.

    \b
    Examples:
      c5lens facts --country kazakhstan --topic governance
      c5lens facts --metric freedom_house_score --json
      c5lens facts --source imai-2025 --format csv --fields id,value,as_of
    """
    from c5lens.query import conflict_ids, filter_facts

    out = _out(fmt, json_, fields, facts_dir, no_color)
    base = out.load()
    subject = _resolve(base, country).key if country is not None else None
    found = filter_facts(base, subject=subject, topic=topic, source=source, metric=metric)

    def table(console: Console) -> None:
        from c5lens.tables import print_facts_by_topic

        print_facts_by_topic(console, base, found, disagreements=conflict_ids(base), show_subject=True)

    out.emit(_fact_records(base, found), table, valid_fields=FACT_FIELDS)


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
) -> None:
    """Show a country's (or the region's, or a partner's) profile: its facts by topic.

    \b
    Examples:
      c5lens country kazakhstan
      c5lens country KG --topic governance --full
      c5lens country Ўзбекистон --json
    """
    from c5lens.query import conflict_ids, filter_facts

    out = _out(fmt, json_, fields, facts_dir, no_color)
    base = out.load()
    subject = _resolve(base, name)
    found = filter_facts(base, subject=subject.key, topic=topic, source=source)
    records = _fact_records(base, found)

    def table(console: Console) -> None:
        from c5lens.tables import print_facts_by_topic, subject_header

        console.print(subject_header(subject, found))
        if not found:
            _say_err("c5lens: no facts match")
        print_facts_by_topic(console, base, found, full=full, disagreements=conflict_ids(base))

    from c5lens.names import subject_names
    from c5lens.records import subject_record

    header = subject_record(subject, subject_names(subject), len(found))
    out.emit(records, table, document={"subject": header, "facts": records}, valid_fields=FACT_FIELDS)


def run() -> None:  # pragma: no cover - kept for `python -m c5lens.cli`
    main()


if __name__ == "__main__":  # pragma: no cover
    main()
