"""The one place c5lens writes: a command's result in its format, notes, and the error line.

Data goes to stdout, everything else (warnings, notes, the one-line error) to stderr. A reader
that goes away (`| head`) ends the output quietly with exit 0.
"""

from __future__ import annotations

import contextlib
import os

from c5lens.cli import interrupts
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.interrupts import Terminated
from c5lens.cli.result import Result, Session, UsageProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

    from c5lens.cli.environment import Environment

MAX_WARNINGS = 5
_FIELDS_FORMATS = "--fields works with every format but table"


def _terminal_width(stream: Any) -> int:
    """The width of the terminal `stream` is, or 80 when it has none."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class Writer:
    """Writes one run's output to its environment's streams."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.pipe_closed = False
        self._warned = False

    # --- streams ----------------------------------------------------------------------------

    def out(self, text: str) -> None:
        """Data for stdout; a broken pipe ends the output quietly."""
        if self.pipe_closed or not text:
            return
        if self.env.stdout is None:
            raise OSError("standard output is closed")
        try:
            self.env.stdout.write(text)
        except BrokenPipeError:
            self.broken_pipe()
        except OSError as e:
            raise self._stdout_failed(e) from None

    def err(self, text: str) -> None:
        """One message line for stderr; a stderr that cannot be written is let be."""
        if self.env.stderr is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self.env.stderr.write(text + "\n")
            self.env.stderr.flush()

    def flush(self) -> None:
        if self.pipe_closed or self.env.stdout is None:
            return
        try:
            self.env.stdout.flush()
        except BrokenPipeError:
            self.broken_pipe()
        except OSError as e:
            raise self._stdout_failed(e) from None

    def stream(self) -> WriterStream:
        """A text stream over `out` and `flush`, for code that writes to sys.stdout itself."""
        return WriterStream(self)

    def _stdout_failed(self, e: OSError) -> OSError:
        """The error for a stdout that refuses data (a full disk, /dev/full); later writes, and
        the interpreter's last flush, go to /dev/null so that the error line is the only one."""
        from c5lens.cli.streams import silence

        self.pipe_closed = True
        silence(self.env.stdout)
        return OSError(e.errno, f"cannot write standard output: {e.strerror or e}")

    def broken_pipe(self) -> ExitCode:
        # The reader went away: that is how a pipe ends, not an error. Point stdout at devnull
        # so the interpreter's final flush does not complain either.
        self.pipe_closed = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.env.stdout.fileno())  # type: ignore[union-attr]
        except (OSError, ValueError, AttributeError):
            pass
        return ExitCode.OK

    # --- results ----------------------------------------------------------------------------

    def warn(self, session: Session) -> None:
        """The data's first few problems on stderr (once), and how many more there are."""
        if self._warned:
            return
        self._warned = True
        problems = session.problems
        for p in problems[:MAX_WARNINGS]:
            self.err(f"c5lens: warning: {p}")
        more = len(problems) - MAX_WARNINGS
        if more > 0:
            self.err(f"c5lens: warning: {more} more problems; run 'c5lens validate' to see all")

    def result(self, result: Result, session: Session) -> ExitCode:
        """Write a command's result in the session's format; the run's exit code."""
        self.warn(session)
        options = session.options
        if result.text is not None:
            self.out(result.text)
        elif options.fmt == "table":
            if options.fields is not None:
                raise UsageProblem(_FIELDS_FORMATS, param_hint="'--fields'")
            if result.view is not None:
                self.table(result.view, options.color, options.pager)
        elif result.stream:
            self._stream(result.records, options.fmt)
        elif options.fmt == "json" and options.fields is None:
            from c5lens.render import jsontext

            whole = result.records if result.document is None else result.document
            jsontext.dump(whole, self.out)
            self.out("\n")
        else:
            text = self._render(result, options.fmt, options.fields)
            if options.bom and options.fmt in ("csv", "tsv"):
                text = "\ufeff" + text
            self.out(text)
        for note in result.notes:
            self.err(note)
        self.flush()
        if result.exit == ExitCode.OK and session.problems:
            return ExitCode.INVALID_DATA
        return result.exit

    @staticmethod
    def _render(result: Result, fmt: str, fields_text: str | None) -> str:
        from c5lens.render import formats

        records: list[dict[str, Any]] = list(result.records)
        document = result.document
        columns = formats.columns_of(result.fields or [], result.nested)
        if fields_text is not None:
            if fmt not in formats.FIELD_FORMATS:
                raise UsageProblem(_FIELDS_FORMATS, param_hint="'--fields'")
            valid = formats.field_names(records, result.fields, result.nested)
            chosen = formats.parse_fields(fields_text, valid) or []
            records = formats.select(records, chosen)
            columns = formats.columns_of(chosen, result.nested)
            document = None
        return formats.render(records, fmt, document, columns)

    def _stream(self, records: Any, fmt: str) -> None:
        """json or jsonl written record by record, never holding the whole list."""
        import json

        from c5lens.render import jsontext

        first = True
        for record in records:
            if self.pipe_closed:
                return
            if fmt == "jsonl":
                self.out(json.dumps(record, ensure_ascii=False) + "\n")
                continue
            pretty = jsontext.dumps(record).replace("\n", "\n  ")
            self.out(("[\n  " if first else ",\n  ") + pretty)
            first = False
        if fmt == "json":
            self.out("[]\n" if first else "\n]\n")

    # --- tables -----------------------------------------------------------------------------

    def console(self, color: str = "auto", width: int | None = None) -> Console:
        """A Rich console for stdout: the terminal's width, or COLUMNS; whole lines in a pipe.
        Colour: `always`, `never`, or `auto` (on a terminal, unless NO_COLOR or TERM=dumb)."""
        from rich.console import Console

        tty = self.env.stdout_isatty
        width = width or self.env.columns
        if width is None and not tty:
            width = 1000  # a pipe gets whole lines, never wrapped to 80 columns
        elif width is None:
            # Passed explicitly: Rich would otherwise read a COLUMNS c5lens ignores (D84).
            width = _terminal_width(self.env.stdout)
        colour = color == "always" or (color == "auto" and tty and not self.env.no_color)
        return Console(
            file=self.env.stdout,
            width=width,
            no_color=not colour,
            color_system="auto" if colour else None,
            force_terminal=tty or colour,
            highlight=False,
            soft_wrap=False,
        )

    def table(self, view: Any, color: str = "auto", pager: bool = True) -> None:
        """Draw with `view(console)`: Rich on a terminal or at a width COLUMNS sets, through
        the pager where it is taller than the terminal (D99); for a pipe, plain lines at the
        tables' natural width (coloured only with --color always)."""
        from io import StringIO

        if self.env.stdout_isatty:
            argv = self.env.pager if pager else []
            if not argv:
                try:
                    view(self.console(color))
                except BrokenPipeError:
                    self.broken_pipe()
                return
            console = self.console(color, width=self.env.width)
            console.file = buffer = StringIO()
            view(console)
            text = buffer.getvalue()
            height = self.env.lines
            if height is not None and text.count("\n") >= height:
                from c5lens.cli.pager import page

                if page(text, argv, self.env.stdout):
                    return
            self.out(text)
            return
        if not self.env.columns_set and color != "always":
            from c5lens.render.plaintable import PlainConsole

            plain = PlainConsole()
            view(plain)
            self.out(plain.text())
            return
        console = self.console(color)
        console.file = buffer = StringIO()
        view(console)
        self.out("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))

    # --- errors -----------------------------------------------------------------------------

    def error(self, e: BaseException, command: str = "", session: Session | None = None) -> int:
        """One line on stderr for an error that ended a command; its exit code."""
        from c5lens.base.model import one_line
        from c5lens.base.names import UnknownSubject
        from c5lens.query.rules import NotFound
        from c5lens.render.formats import UnknownField

        if session is not None and not isinstance(e, KeyboardInterrupt | BrokenPipeError):
            self.warn(session)
        if isinstance(e, UnknownSubject | NotFound):
            self.err(f"c5lens: error: {one_line(str(e))}")
            return ExitCode.NOT_FOUND
        if isinstance(e, UsageProblem):
            where = f" (see 'c5lens {command} --help')" if command else ""
            self.err(f"c5lens: error: {one_line(e.format_message())}{where}")
            return ExitCode.USAGE
        if isinstance(e, UnknownField):
            self.err(f"c5lens: error: {one_line(str(e))}")
            return ExitCode.USAGE
        if isinstance(e, Terminated):
            interrupts.reported()
            return ExitCode.TERMINATED
        if isinstance(e, KeyboardInterrupt):
            interrupts.reported()
            self.err("")
            return ExitCode.INTERRUPTED
        if isinstance(e, BrokenPipeError):
            return self.broken_pipe()
        if isinstance(e, OSError):
            where = f": {e.filename}" if e.filename else ""
            self.err(f"c5lens: error: {one_line(str(e.strerror or e))}{where}")
            return ExitCode.ERROR
        self.err(
            f"c5lens: internal error: {type(e).__name__}: {one_line(str(e))} (please report this)"
        )
        return ExitCode.ERROR


class WriterStream:
    """A file-like stdout that writes through a Writer: Typer's help and completion then meet
    a closed, full or broken stdout as the commands do, not silently (click drops text for a
    stdout that is None)."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, writer: Writer) -> None:
        self._writer = writer

    def write(self, text: str) -> int:
        if type(text) is not str:  # click probes for a binary stream with write(b"")
            raise TypeError("a text stream")
        self._writer.out(text)
        return len(text)

    def flush(self) -> None:
        self._writer.flush()

    def isatty(self) -> bool:
        return self._writer.env.stdout_isatty

    def fileno(self) -> int:
        if self._writer.env.stdout is None:
            raise OSError("standard output is closed")
        return self._writer.env.stdout.fileno()

    def writable(self) -> bool:
        return True
