"""What each c5lens command does, apart from how its command line is parsed.

Only this module and `cli` talk to the terminal: they print, read the environment and choose
exit codes. This one imports neither Typer nor Rich, so that a lookup whose arguments `fast`
can read starts in the time Python takes to start; `cli` declares the same commands to Typer
(with their help, options and completion) and calls the functions here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c5lens.cli.exitcodes import ExitCode
from c5lens.render import formats as output

if TYPE_CHECKING:
    from rich.console import Console

    from c5lens.base.model import Base, Fact, Problem, Subject
    from c5lens.index.api import FactStore
    from c5lens.index.sqlite import SqliteStore


class Finished(Exception):
    """A command is done and wants this exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class UsageProblem(Exception):
    """A value the command line gave that a command cannot use (exit 2)."""

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.param_hint = message, param_hint

    def format_message(self) -> str:
        if self.param_hint:
            return f"Invalid value for {self.param_hint}: {self.message}"
        return f"Invalid value: {self.message}"


# The old names of the codes, kept for the command bodies and importers that use them.
EXIT_OK: int = ExitCode.OK
EXIT_ERROR: int = ExitCode.ERROR
EXIT_USAGE: int = ExitCode.USAGE
EXIT_NOT_FOUND: int = ExitCode.NOT_FOUND
EXIT_INVALID_DATA: int = ExitCode.INVALID_DATA
EXIT_INTERRUPTED: int = ExitCode.INTERRUPTED


MAX_WARNINGS = 5


def _prepare_streams() -> None:
    # Data is UTF-8 whatever the locale says: a C or Latin-1 locale must not break Қазақстан.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(encoding="utf-8", errors="replace")


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


def _write(text: str) -> None:
    """Write data to stdout. Typer would turn a broken pipe here into exit 1: end quietly."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        _quiet_broken_pipe()


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
    with contextlib.suppress(BrokenPipeError, OSError):
        print(text, file=sys.stderr, flush=True)


class _State:
    """What the running command has met so far: data problems (exit 4) and its own name."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.data_problems = False
        self.command = ""


state = _State()


def _bundled() -> bool:
    # C5LENS_NO_BUNDLED=1 loads only the directories named, to work on a private base alone.
    return os.environ.get("C5LENS_NO_BUNDLED", "") in ("", "0")


class Out:
    """How a command should print: its format, fields and colour, and where the facts are."""

    # A plain class: dataclasses cost a lookup more start-up time than it takes to answer.
    def __init__(self, fmt: str, fields: str | None, facts_dir: list[Path], no_color: bool):
        self.fmt, self.fields, self.facts_dir, self.no_color = fmt, fields, facts_dir, no_color

    def console(self) -> Console:
        from rich.console import Console

        tty = sys.stdout.isatty()
        width = None
        if not tty and "COLUMNS" not in os.environ:
            width = 1000  # a pipe gets whole lines, never wrapped to 80 columns
        no_color = (
            self.no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        )
        return Console(
            width=width,
            no_color=no_color,
            color_system=None if no_color or not tty else "auto",
            highlight=False,
            soft_wrap=False,
        )

    def print_table(self, table: Any) -> None:
        """Draw with `table(console)`: Rich on a terminal or at a width COLUMNS sets; for a
        pipe, plain lines at the tables' natural width."""
        if sys.stdout.isatty():
            table(self.console())
            return
        if "COLUMNS" not in os.environ:
            from c5lens.render.plaintable import PlainConsole

            plain = PlainConsole()
            table(plain)
            _write(plain.text())
            return
        from io import StringIO

        console = self.console()
        console.file = buffer = StringIO()
        table(console)
        _write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))

    def dirs(self) -> list[Path]:
        from c5lens.base.paths import facts_dirs

        return facts_dirs(self.facts_dir, os.environ.get("C5LENS_FACTS_PATH"), _bundled())

    def store(self, warn: bool = True) -> FactStore:
        """The store of the facts: the index, or the YAML where the index cannot be used. With
        `warn`, the data's problems are noted on stderr first."""
        if not hasattr(self, "_store"):
            from c5lens.index.api import open_store

            self._store: FactStore = open_store(self.dirs())
        if warn:
            self.warn(self._store.problems())
        return self._store

    def index(self) -> SqliteStore | None:
        """The index, or None where it cannot be used (for completion, which reads it whole)."""
        from c5lens.index.sqlite import SqliteStore

        store = self.store(warn=False)
        return store if isinstance(store, SqliteStore) else None

    def registries(self) -> Base:
        """The registries (and problems) of the facts, with no facts: what records need."""
        return self.store().registries()

    def warn(self, problems: tuple[Problem, ...]) -> None:
        """Note data problems on stderr (the first few) and remember them for the exit code."""
        if problems and not getattr(self, "_warned", False):
            self._warned = True
            state.data_problems = True
            for p in problems[:MAX_WARNINGS]:
                _say_err(f"c5lens: warning: {p}")
            more = len(problems) - MAX_WARNINGS
            if more > 0:
                _say_err(f"c5lens: warning: {more} more problems; run 'c5lens validate' to see all")

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
                raise UsageProblem(
                    "--fields works with json, jsonl, csv and tsv", param_hint="'--fields'"
                )
            self.print_table(table)
            return
        if self.fields is not None:
            if self.fmt not in output.FIELD_FORMATS:
                raise UsageProblem(
                    "--fields works with json, jsonl, csv and tsv", param_hint="'--fields'"
                )
            valid = valid_fields or (list(records[0]) if records else [])
            fields = output.parse_fields(self.fields, valid)
            records = output.select(records, fields)
            document = None
        _write(output.render(records, self.fmt, document))


def _out(
    fmt: str, json_: bool, fields: str | None, facts_dir: list[Path] | None, no_color: bool
) -> Out:
    if json_:
        fmt = "json"
    if fmt not in output.FORMATS:
        raise UsageProblem(
            f"{fmt!r} is not one of {', '.join(output.FORMATS)}", param_hint="'--format'"
        )
    return Out(fmt, fields, list(facts_dir or []), no_color)


def _stream_all_facts(out: Out, filters: tuple[object, ...]) -> bool:
    """Print every fact as JSON as it is read, if this call allows it.

    The fast path for `facts --json` over a large base: no list of every fact is held, and the
    bytes are the same as the general path's (a test compares them).
    """
    if any(f is not None for f in filters) or out.fields is not None:
        return False
    if out.fmt not in ("json", "jsonl"):
        return False
    store = out.store()
    import json

    from c5lens.render import jsontext
    from c5lens.render.records import fact_record

    base = store.registries()  # the registries, for the records' sources
    first = True
    for fact in store.in_reading_order():
        record = fact_record(fact, base)
        if out.fmt == "jsonl":
            _write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        pretty = jsontext.dumps(record).replace("\n", "\n  ")
        _write(("[\n  " if first else ",\n  ") + pretty)
        first = False
    if out.fmt == "json":
        _write("[]\n" if first else "\n]\n")
    return True


def _resolve(base: Base, name: str) -> Subject:
    from c5lens.base.names import NameIndex

    return NameIndex(base.subjects).resolve(name)


def _fact_records(base: Base, facts: list[Fact]) -> list[dict[str, Any]]:
    from c5lens.render.records import fact_record

    return [fact_record(f, base) for f in facts]


FACT_FIELDS = [
    "id", "country", "topic", "metric", "statement", "value", "unit", "qualifier", "scale",
    "as_of", "precision", "resolved_from", "source", "related", "notes", "correction", "file",
]  # fmt: skip


def _date_option(value: str | None, name: str):
    from c5lens.base.dates import InvalidDate, parse_partial_date

    if value is None:
        return None
    try:
        return parse_partial_date(value)
    except InvalidDate as e:
        raise UsageProblem(str(e), param_hint=f"'{name}'") from None


def _disagreements(out: Out, shown: Sequence[Fact]) -> dict[str, list[Fact]]:
    """The facts that disagree with each of the facts shown."""
    return out.store().disputed([f.id for f in shown])


def _with_facts(registries: Base, facts: Sequence[Fact]) -> Base:
    return registries._replace(facts=tuple(facts))


def _load_counts(out: Out, column: str) -> tuple[Base, dict[str, int]]:
    """The registries, and how many facts each subject, topic or source has."""
    return out.registries(), out.store().counts(column)


COMPARE_FIELDS = [
    "metric",
    "subject",
    "value",
    "unit",
    "qualifier",
    "scale",
    "as_of",
    "source",
    "fact",
    "differs",
    "disagreement",
]


RANK_FIELDS = ["rank", "subject", "value", "unit", "as_of", "source", "fact", "disagrees_with"]


def validate(
    out: Out,
    paths: list[Path] | None = None,
) -> None:
    """What `c5lens validate` does (its help is in cli)."""
    from c5lens.base.loading import validate_paths
    from c5lens.render.records import problem_record

    if paths:
        problems = validate_paths(paths, out.dirs())
    else:
        problems = list(out.store(warn=False).problems())
    records = [problem_record(p) for p in problems]

    def table(console: Console) -> None:
        for p in problems:
            console.print(str(p), markup=False, highlight=False, soft_wrap=True)

    if out.fmt == "table":
        # Problems are this command's data, so they go to stdout; the summary is a message.
        out.print_table(table)
        n = len(problems)
        _say_err(f"{n} problem{'s' * (n != 1)} found" if n else "no problems found")
    else:
        out.emit(records, table, valid_fields=["path", "line", "col", "message"])
    if problems:
        raise Finished(EXIT_INVALID_DATA)


def facts(
    out: Out,
    country: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    metric: str | None = None,
) -> None:
    """What `c5lens facts` does (its help is in cli)."""
    from c5lens.query.rules import filter_facts

    if _stream_all_facts(out, (country, topic, source, metric)):
        return
    registries = out.registries()
    subject = _resolve(registries, country).key if country is not None else None
    store = out.store()
    base = _with_facts(registries, store.facts(subject, topic, metric, source))
    found = filter_facts(base, subject=subject, topic=topic, source=source, metric=metric)

    def table(console: Console) -> None:
        from c5lens.render.tables import print_facts_by_topic

        print_facts_by_topic(
            console, base, found, disagreements=_disagreements(out, found), show_subject=True
        )

    out.emit(_fact_records(base, found), table, valid_fields=FACT_FIELDS)


def country(
    out: Out,
    name: str,
    topic: str | None = None,
    source: str | None = None,
    full: bool = False,
) -> None:
    """What `c5lens country` does (its help is in cli)."""
    from c5lens.query.rules import filter_facts

    registries = out.registries()
    subject = _resolve(registries, name)
    base = _with_facts(registries, out.store().facts(subject.key, topic, source=source))
    found = filter_facts(base, subject=subject.key, topic=topic, source=source)
    records = _fact_records(base, found)

    def table(console: Console) -> None:
        from c5lens.render.tables import print_facts_by_topic, print_profile_basics, subject_header

        console.print(subject_header(subject, found))
        if not found:
            _say_err("c5lens: no facts match")
        disagreements = _disagreements(out, found)
        # Reference-work basics first, compactly; then what the documents found, by topic.
        reference = {s.id for s in base.sources.values() if s.kind == "reference work"}
        basics = [f for f in found if f.source in reference]
        findings = [f for f in found if f.source not in reference]
        if basics and not full:
            print_profile_basics(console, base, basics, disagreements)
            found_by_topic = findings
        else:
            found_by_topic = found
        print_facts_by_topic(console, base, found_by_topic, full=full, disagreements=disagreements)

    from c5lens.base.names import subject_names
    from c5lens.render.records import subject_record

    header = subject_record(subject, subject_names(subject), len(found))
    out.emit(
        records, table, document={"subject": header, "facts": records}, valid_fields=FACT_FIELDS
    )


def countries(
    out: Out,
) -> None:
    """What `c5lens countries` does (its help is in cli)."""
    from c5lens.base.names import subject_names
    from c5lens.render.records import subject_record

    base, counts = _load_counts(out, "subject")
    records = [
        subject_record(s, subject_names(s), counts.get(s.key, 0)) for s in base.subjects.values()
    ]

    def table(console: Console) -> None:
        from c5lens.render.tables import print_subjects

        print_subjects(console, records)

    out.emit(records, table)


def topics(
    out: Out,
) -> None:
    """What `c5lens topics` does (its help is in cli)."""
    from c5lens.render.records import topic_record

    base, counts = _load_counts(out, "topic")
    records = [topic_record(t, counts.get(t.key, 0)) for t in base.topics.values()]

    def table(console: Console) -> None:
        from c5lens.render.tables import print_records_table

        print_records_table(
            console, records, [("key", "Topic"), ("description", "Description"), ("facts", "Facts")]
        )

    out.emit(records, table)


def metrics(
    out: Out,
) -> None:
    """What `c5lens metrics` does (its help is in cli)."""
    from c5lens.render.records import metric_record

    base = out.registries()
    have = out.store().metric_subjects()
    order = list(base.subjects)
    records = [
        metric_record(m, sorted(have.get(m.key, []), key=order.index))
        for m in base.metrics.values()
    ]

    def table(console: Console) -> None:
        from c5lens.render.tables import print_records_table

        print_records_table(
            console,
            records,
            [
                ("key", "Metric"),
                ("unit", "Unit"),
                ("description", "Description"),
                ("subjects", "Subjects"),
            ],
        )

    out.emit(records, table)


def fact(
    out: Out,
    fact_id: str,
) -> None:
    """What `c5lens fact` does (its help is in cli)."""
    from c5lens.query.rules import NotFound, close_matches
    from c5lens.render.cite import text_citation

    base = out.registries()
    store = out.store()
    found = store.fact(fact_id)
    if found is None:
        raise NotFound("fact", fact_id, close_matches(fact_id, store.ids()))
    disagrees = store.disputed([found.id]).get(found.id, [])
    records = _fact_records(base, [found])

    def table(console: Console) -> None:
        from c5lens.render.tables import print_fact

        print_fact(
            console, base, found, disagrees, text_citation(base.sources[found.source], found)
        )

    out.emit(records, table, document=records[0], valid_fields=FACT_FIELDS)


def compare(
    out: Out,
    names: list[str] | None = None,
    metric: str | None = None,
    topic: str | None = None,
) -> None:
    """What `c5lens compare` does (its help is in cli)."""
    from c5lens.query.rules import compare as compare_rows
    from c5lens.render.records import compare_records

    registries = out.registries()
    if names:
        keys = list(dict.fromkeys(_resolve(registries, n).key for n in names))
    else:
        keys = [s.key for s in registries.subjects.values() if s.kind == "country"]
    # Each series' facts near its newest: those the latest value of each is chosen from.
    base = _with_facts(registries, out.store().latest(keys, metric, topic))
    rows = compare_rows(base, keys, metric=metric, topic=topic)
    records = compare_records(rows, base)

    def table(console: Console) -> None:
        from c5lens.render.tables import print_compare

        if not rows:
            _say_err("c5lens: no comparable metrics for these subjects")
            return
        print_compare(console, base, keys, rows)

    out.emit(records, table, valid_fields=COMPARE_FIELDS)


def rank(
    out: Out,
    metric_key: str,
    ascending: bool = False,
) -> None:
    """What `c5lens rank` does (its help is in cli)."""
    from c5lens.query.rules import rank as rank_subjects
    from c5lens.query.rules import require
    from c5lens.render.records import rank_records

    registries = out.registries()
    require("metric", metric_key, registries.metrics)
    # The facts each subject's latest value is chosen from, and the subjects with any metric
    # (to say which are missing this one rather than out of its scope); and the facts of the
    # metrics it is linked to, to show beside the ranking.
    facts, comparable = out.store().rank(metric_key)
    linked = [k for _, k in registries.metrics[metric_key].links()]
    if linked:
        facts = [*facts, *out.store().facts(metric=linked)]
    base = _with_facts(registries, facts)
    ranked, missing = rank_subjects(
        base, metric_key, descending=not ascending, comparable=comparable
    )
    records = rank_records(ranked, missing, base)

    def table(console: Console) -> None:
        from c5lens.render.tables import print_linked_metrics, print_rank

        print_rank(console, base, metric_key, ranked, missing)
        print_linked_metrics(console, base, metric_key)

    out.emit(records, table, valid_fields=RANK_FIELDS)


def search(
    out: Out,
    query: list[str],
    limit: int = 0,
) -> None:
    """What `c5lens search` does (its help is in cli)."""
    from c5lens.base.text import words
    from c5lens.query.rules import search as search_facts

    if limit < 0:
        raise UsageProblem("must be 0 or more", "'--limit' / '-n'")
    text = " ".join(query)
    base = _with_facts(out.registries(), out.store().search(tuple(dict.fromkeys(words(text)))))
    hits = search_facts(base, text)
    if limit:
        hits = hits[:limit]
    from c5lens.render.records import fact_record

    records = [{**fact_record(h.fact, base), "score": round(h.score, 3)} for h in hits]

    def table(console: Console) -> None:
        from c5lens.render.tables import print_hits

        if not hits:
            _say_err("c5lens: no facts match")
            return
        print_hits(console, base, hits, _disagreements(out, [h.fact for h in hits]))

    out.emit(records, table, valid_fields=[*FACT_FIELDS, "score"])


def timeline(
    out: Out,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> None:
    """What `c5lens timeline` does (its help is in cli)."""
    from c5lens.query.rules import timeline as timeline_facts

    since_d, until_d = _date_option(since, "--since"), _date_option(until, "--until")
    registries = out.registries()
    subject = _resolve(registries, country).key if country is not None else None
    base = _with_facts(registries, out.store().facts(since=since_d, until=until_d, about=subject))
    found = timeline_facts(base, subject, since_d, until_d)

    def table(console: Console) -> None:
        from c5lens.render.tables import print_timeline

        print_timeline(console, base, found, _disagreements(out, found))

    out.emit(_fact_records(base, found), table, valid_fields=FACT_FIELDS)


def sources(
    out: Out,
) -> None:
    """What `c5lens sources` does (its help is in cli)."""
    from c5lens.render.records import source_summary_record

    base, counts = _load_counts(out, "source")
    records = [source_summary_record(s, counts.get(s.id, 0)) for s in base.sources.values()]

    def table(console: Console) -> None:
        from c5lens.render.tables import print_records_table

        print_records_table(
            console,
            records,
            [
                ("id", "Id"),
                ("title", "Title"),
                ("author", "Author"),
                ("publisher", "Publisher"),
                ("published", "Published"),
                ("kind", "Kind"),
                ("facts", "Facts"),
            ],
        )

    out.emit(records, table)


def source(
    out: Out,
    source_id: str,
) -> None:
    """What `c5lens source` does (its help is in cli)."""
    from c5lens.query.rules import filter_facts, require
    from c5lens.render.records import source_summary_record

    registries = out.registries()
    require("source", source_id, registries.sources)
    base = _with_facts(registries, out.store().facts(source=source_id))
    src = base.sources[source_id]
    found = filter_facts(base, source=source_id)
    records = _fact_records(base, found)

    def table(console: Console) -> None:
        from c5lens.render.cite import text_citation
        from c5lens.render.tables import print_facts_by_topic, print_source_card

        print_source_card(console, src, len(found), text_citation(src))
        print_facts_by_topic(
            console, base, found, disagreements=_disagreements(out, found), show_subject=True
        )

    document = {"source": source_summary_record(src, len(found)), "facts": records}
    out.emit(records, table, document=document, valid_fields=FACT_FIELDS)


def cite(
    item_id: str,
    fmt: str = "text",
    facts_dir: list[Path] | None = None,
) -> None:
    """What `c5lens cite` does (its help is in cli)."""
    from c5lens.query.rules import NotFound, close_matches
    from c5lens.render.cite import CITE_FORMATS
    from c5lens.render.cite import cite as make_citation

    if fmt not in CITE_FORMATS:
        raise UsageProblem(
            f"{fmt!r} is not one of {', '.join(CITE_FORMATS)}", param_hint="'--format'"
        )
    out = Out("text", None, list(facts_dir or []), True)
    base = out.registries()
    if item_id in base.sources:
        _write(make_citation(base.sources[item_id], None, fmt))
        return
    found = out.store().fact(item_id)
    if found is None:
        choices = [*base.sources, *out.store().ids()]
        raise NotFound("fact or source", item_id, close_matches(item_id, choices))
    _write(make_citation(base.sources[found.source], found, fmt))


def conflicts(
    out: Out,
) -> None:
    """What `c5lens conflicts` does (its help is in cli)."""
    from c5lens.render.records import fact_record

    base = out.registries()
    groups = out.store().conflicts()
    records = [{"group": i, **fact_record(f, base)} for i, g in enumerate(groups, 1) for f in g]

    def table(console: Console) -> None:
        from c5lens.render.tables import print_conflicts

        if not groups:
            _say_err("c5lens: no disagreements")
            return
        print_conflicts(console, base, groups)

    out.emit(records, table, valid_fields=["group", *FACT_FIELDS])


def schema() -> None:
    """What `c5lens schema` does (its help is in cli)."""
    from importlib.resources import files

    _write(files("c5lens.render").joinpath("schema.json").read_text(encoding="utf-8"))


def invoke(command: str, **kwargs: Any) -> int:
    """Run one command; its exit code, with data problems (4) noted on the way.

    The output options every data command takes (`fmt`, `json_`, `fields`, `facts_dir`,
    `no_color`) are read here, once, into the `Out` such a command is called with.
    """
    state.command = command
    try:
        if command in _OUTPUT_COMMANDS:
            out = _out(
                kwargs.pop("fmt", "table"),
                kwargs.pop("json_", False),
                kwargs.pop("fields", None),
                kwargs.pop("facts_dir", None),
                kwargs.pop("no_color", False),
            )
            COMMANDS[command](out, **kwargs)
        else:
            COMMANDS[command](**kwargs)
        code = EXIT_OK
    except Finished as e:
        code = e.code
    if code == EXIT_OK and state.data_problems:
        code = EXIT_INVALID_DATA
    return code


def report(e: BaseException) -> int:
    """Print one line on stderr for an error that ended a command; return its exit code."""
    from c5lens.base.names import UnknownSubject
    from c5lens.query.rules import NotFound
    from c5lens.render.formats import UnknownField

    if isinstance(e, UnknownSubject | NotFound):
        _say_err(f"c5lens: error: {e}")
        return EXIT_NOT_FOUND
    if isinstance(e, UsageProblem):
        where = f" (see 'c5lens {state.command} --help')" if state.command else ""
        _say_err(f"c5lens: error: {e.format_message()}{where}")
        return EXIT_USAGE
    if isinstance(e, UnknownField):
        _say_err(f"c5lens: error: {e}")
        return EXIT_USAGE
    if isinstance(e, KeyboardInterrupt):
        _say_err("")
        return EXIT_INTERRUPTED
    if isinstance(e, BrokenPipeError):
        return _quiet_broken_pipe()
    if isinstance(e, OSError):
        _say_err(f"c5lens: error: {e.strerror or e}" + (f": {e.filename}" if e.filename else ""))
        return EXIT_ERROR
    _say_err(f"c5lens: internal error: {type(e).__name__}: {e} (please report this)")
    return EXIT_ERROR


COMMANDS: dict[str, Callable[..., None]] = {
    f.__name__: f
    for f in (
        validate, facts, country, countries, topics, metrics, fact, compare, rank, search,
        timeline, sources, source, cite, conflicts, schema,
    )
}  # fmt: skip
# Every command but these two prints data, and takes the output options.
_OUTPUT_COMMANDS = frozenset(COMMANDS) - {"cite", "schema"}
