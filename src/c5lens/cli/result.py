"""What a command is given (its session) and what it gives back (a result) for the writer.

A command never prints: it returns a `Result` (records, how to draw them as a table, notes for
stderr, an exit code), and `writer` renders it in the chosen format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from c5lens.cli.environment import Environment
from c5lens.cli.exitcodes import ExitCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from c5lens.base.model import Base, Problem
    from c5lens.index.api import FactStore


class UsageProblem(Exception):
    """A value the command line gave that a command cannot use (exit 2)."""

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.param_hint = message, param_hint

    def format_message(self) -> str:
        if self.param_hint:
            return f"Invalid value for {self.param_hint}: {self.message}"
        return f"Invalid value: {self.message}"


COLORS = ("auto", "always", "never")


class OutputOptions:
    """The shared output options of every data command: format, fields, colour, directories."""

    __slots__ = ("bom", "color", "facts_dir", "fields", "fmt", "no_color", "pager")

    def __init__(
        self,
        fmt: str = "table",
        fields: str | None = None,
        facts_dir: list[Path] | None = None,
        no_color: bool = False,
        bom: bool = False,
        color: str = "auto",
        pager: bool = True,
    ) -> None:
        self.fmt, self.fields, self.no_color, self.bom = fmt, fields, no_color, bom
        self.facts_dir = list(facts_dir or [])
        # --no-color is --color never, and wins over --color always (D99)
        self.color = "never" if no_color else color
        self.pager = pager

    @classmethod
    def take(cls, kwargs: dict[str, Any]) -> OutputOptions:
        """Pop the output options out of a command's arguments, checked."""
        from c5lens.render.formats import FORMATS

        fmt = kwargs.pop("fmt", "table")
        if kwargs.pop("json_", False):
            fmt = "json"
        if fmt not in FORMATS:
            raise UsageProblem(
                f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="'--format'"
            )
        color = kwargs.pop("color", "auto") or "auto"
        if color.lower() not in COLORS:
            raise UsageProblem(
                f"{color!r} is not one of {', '.join(COLORS)}", param_hint="'--color'"
            )
        return cls(fmt, kwargs.pop("fields", None), kwargs.pop("facts_dir", None),
                   kwargs.pop("no_color", False), kwargs.pop("bom", False), color.lower(),
                   not kwargs.pop("no_pager", False))  # fmt: skip


class Result:
    """What a command found: records (a list, or an iterator to stream), and how to show them.

    `view(console)` draws the table format; `document` replaces the list of records in json and
    yaml; `fields` are the names --fields may pick (default: the first record's keys), and
    `nested` the keys of the mappings among them (`source.id`); `text`
    is printed as it is, for commands whose output is not records; `notes` go to stderr.
    """

    __slots__ = (
        "document", "exit", "fields", "nested", "notes", "records", "stream", "text", "view",
    )  # fmt: skip

    def __init__(
        self,
        records: Iterable[dict[str, Any]] = (),
        *,
        view: Callable[[Any], None] | None = None,
        document: Any = None,
        fields: list[str] | None = None,
        nested: dict[str, tuple[str, ...]] | None = None,
        text: str | None = None,
        notes: Iterable[str] = (),
        exit: ExitCode = ExitCode.OK,
        stream: bool = False,
    ) -> None:
        # A sized one (a list, or records made as they are read) is kept as it is.
        self.records = records if stream or hasattr(records, "__len__") else list(records)
        self.view, self.document, self.fields, self.text = view, document, fields, text
        self.nested = nested or {}
        self.notes, self.exit, self.stream = list(notes), exit, stream


class Session:
    """One run of a command: its environment, its output options, and the store it reads."""

    def __init__(self, env: Environment, options: OutputOptions | None = None) -> None:
        self.env = env
        self.options = options or OutputOptions()
        self.problems: tuple[Problem, ...] = ()
        self.progress: Callable[[int, int], None] | None = None
        # The filter options as given (query.filters resolves them against the registries).
        self.filter_args: dict[str, Any] = {}
        self._store: FactStore | None = None

    @property
    def fmt(self) -> str:
        return self.options.fmt

    def dirs(self) -> list[Path]:
        from c5lens.base.paths import facts_dirs

        return facts_dirs(self.options.facts_dir, self.env.facts_path, self.env.bundled)

    def store(self, warn: bool = True) -> FactStore:
        """The store of the facts: the index, or the YAML where the index cannot be used. With
        `warn`, the data's problems are kept for the writer to note on stderr (and exit 4)."""
        if self._store is None:
            from c5lens.cli.progress import ProgressBar
            from c5lens.index.api import cache_settings, open_store

            cache_dir, use_cache = cache_settings(self.env.environ)
            bar = None
            if self.env.stderr is not None:
                bar = ProgressBar(self.env.stderr, self.env.stderr_isatty)  # type: ignore[arg-type]
            try:
                self._store = open_store(
                    self.dirs(), cache_dir=cache_dir, use_cache=use_cache, progress=bar
                )
            finally:
                if bar is not None:
                    bar.clear()
        if warn and not self.problems:
            self.problems = self._store.problems()
        return self._store

    def registries(self) -> Base:
        """The registries (and problems) of the facts, with no facts: what records need."""
        return self.store().registries()
