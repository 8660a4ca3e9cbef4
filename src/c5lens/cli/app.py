"""The c5lens command line as Typer sees it, built from the command spec.

Each command of `spec` becomes a Typer command with the same parameters, help and completion;
its body runs the command through `execute`, as the fast path does. This module adds what only
Typer does: help, completion, and c5lens's own wording of usage errors.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from c5lens.cli import exitcodes, interrupts, spec
from c5lens.cli.environment import Environment
from c5lens.cli.execute import execute
from c5lens.cli.exitcodes import ExitCode
from c5lens.cli.interrupts import Terminated
from c5lens.cli.params import FLAG, INT, PATH, Command, Param
from c5lens.cli.writer import Writer

if TYPE_CHECKING:
    from c5lens.base.model import Base

EXIT_CODES_HELP = exitcodes.help_text()


def _click_exceptions() -> Any:
    """click's exceptions module: the click Typer vendors (0.22 and later) or the package
    (before), found through a class Typer exports under both."""
    return sys.modules[typer.BadParameter.__module__]


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
        from c5lens.cli.environment import argv_as_utf8

        if args is None:
            args = argv_as_utf8(sys.argv[1:])
        sys.exit(self.run(list(args), Environment.from_process(), complete_var, **extra))

    def run(self, args: list[str], env: Environment, complete_var: Any = None, **extra: Any) -> int:
        """Parse and run `args` in `env`; the exit code."""
        from c5lens.cli.argv import hoist

        args = hoist(args)
        writer = Writer(env)
        stdout = sys.stdout
        # Help and completion are written by click and Rich to sys.stdout: through the writer,
        # a closed or full stdout is the same one line and exit code as for any command.
        sys.stdout = writer.stream()
        try:
            rv = TyperGroup.main(
                self, args, "c5lens", complete_var, standalone_mode=False, obj=env, **extra
            )
            # A command's Ctrl-C is 130 from `execute`, whose writer has ended the `^C` line.
            code = rv if isinstance(rv, int) and not isinstance(rv, bool) else ExitCode.OK
            # A signal that reached Typer itself (outside a command's own writer) came back as
            # a bare 130: give it its own code and line.
            signalled = interrupts.unreported()
            if signalled is not None:
                if signalled == ExitCode.INTERRUPTED:
                    writer.err("")
                code = signalled
            writer.flush()
            return int(code)
        except typer.Exit as e:  # pragma: no cover - Typer returns the code instead
            return int(e.exit_code)
        except (Exception, KeyboardInterrupt) as e:
            return _report(e, writer)
        finally:
            sys.stdout = stdout


class C5Command(TyperCommand):
    """A command whose help names each argument by its metavar alone (`PATH`, not
    `PATH <list[Path]>`): the Python type says nothing to a person."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            # Typer 0.2x adds the type after an argument's name in help; older ones did not.
            if param.param_type_name == "argument" and hasattr(param, "display_type_rich"):
                param.display_type_rich = _no_type  # type: ignore[method-assign,unused-ignore]


def _no_type(ctx: Any = None) -> None:
    return None


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


def _report(e: BaseException, writer: Writer) -> int:
    """One line for an error: Typer's own (usage) errors here, every other kind in the writer."""
    from c5lens.base.model import one_line

    click_exc = _click_exceptions()
    no_args = getattr(click_exc, "NoArgsIsHelpError", ())
    if no_args and isinstance(e, no_args):  # bare `c5lens`: the help, not an error line
        writer.err(e.format_message())
        return ExitCode.USAGE
    if isinstance(e, click_exc.UsageError):
        where = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
        # The message may quote what was typed: one line, whatever it held (D36).
        writer.err(f"c5lens: error: {one_line(_usage_message(e, click_exc))}{where}")
        return ExitCode.USAGE
    if isinstance(e, click_exc.ClickException):
        writer.err(f"c5lens: error: {one_line(e.format_message())}")
        return int(e.exit_code)
    if isinstance(e, typer.Abort):
        # click turns Ctrl-C (and SIGTERM, a KeyboardInterrupt too) into Abort, and has already
        # ended the `^C` line.
        interrupts.reported()
        if isinstance(e.__context__, Terminated):
            return ExitCode.TERMINATED
        writer.err("")
        return ExitCode.INTERRUPTED
    return writer.error(e)


# --- completion -------------------------------------------------------------------------------


def _complete_base() -> Base | None:
    # A completion must never print an error into the user's shell line: any failure is "no".
    try:
        from c5lens.cli.result import Session
        from c5lens.index.sqlite import SqliteStore

        session = Session(Environment.from_process())
        store = session.store(warn=False)
        if isinstance(store, SqliteStore):
            return store.base()
        from c5lens.base.loading import load_base

        return load_base(session.dirs())
    except Exception:
        return None


def _completer(pick: Callable[[Base], list[str]]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        base = _complete_base()
        if base is None:
            return []
        return [c for c in pick(base) if c.startswith(incomplete)]

    return complete


COMPLETERS: dict[str, Callable[[str], list[str]]] = {
    "subject": _completer(lambda b: list(b.subjects)),
    "topic": _completer(lambda b: list(b.topics)),
    "metric": _completer(lambda b: list(b.metrics)),
    "fact": _completer(lambda b: [f.id for f in b.facts]),
    "source": _completer(lambda b: list(b.sources)),
    "fact_or_source": _completer(lambda b: [*b.sources, *(f.id for f in b.facts)]),
}


# --- the spec as Typer parameters ------------------------------------------------------------

_TYPES: dict[str, type] = {FLAG: bool, INT: int, PATH: Path}


def _typer_parameter(p: Param) -> inspect.Parameter:
    """`p` as the annotated parameter Typer reads from a function's signature."""
    kind: Any = _TYPES.get(p.kind, str)
    if p.many:
        kind = list[kind]
    default: Any = p.default
    if p.kind == PATH and isinstance(default, str):
        default = Path(default)
    if default is None and not (p.argument and p.required):
        kind = kind | None
    extra: dict[str, Any] = {"help": p.help}
    if p.complete:
        extra["autocompletion"] = COMPLETERS[p.complete]
    if p.argument:
        if p.existing_file:
            extra.update(exists=True, dir_okay=False, readable=True)
        info: Any = typer.Argument(metavar=p.metavar, **extra)
        if p.required:
            default = inspect.Parameter.empty
    else:
        decls = [f"{p.flags[0]}/{p.off}", *p.flags[1:]] if p.off else list(p.flags)
        if p.metavar and p.kind != FLAG:
            extra["metavar"] = p.metavar
        info = typer.Option(*decls, show_default=p.show_default, **extra)
    annotation = Annotated[kind, info]
    return inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)  # fmt: skip


def _typer_function(command: Command) -> Callable[..., int]:
    """A function whose signature declares `command`'s parameters, and which runs it."""

    def run_command(ctx: typer.Context, **kwargs: Any) -> int:
        env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_process()
        return execute(command, kwargs, env)

    context = inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )
    params = [context, *(_typer_parameter(p) for p in spec.params_of(command))]
    run_command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run_command.__annotations__ = {p.name: p.annotation for p in params}
    run_command.__name__ = command.name.replace("-", "_")
    run_command.__doc__ = command.help_text()
    return run_command


_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _typer(help: str, **more: Any) -> typer.Typer:
    return typer.Typer(
        help=help,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings=_SETTINGS,
        **more,
    )


app = _typer(
    "Typed, dated and cited facts about the five Central Asian states, the region and the "
    "powers engaging it.\n\n" + EXIT_CODES_HELP,
    cls=C5Group,
    name="c5lens",
)


def _print_version(value: bool) -> None:
    if value:
        from c5lens import version

        writer = Writer(Environment.from_process())
        writer.out(f"c5lens {version()}\n")
        raise typer.Exit(ExitCode.OK)


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


_groups = {name: _typer(help) for name, help in spec.GROUPS.items()}
for _command in spec.COMMANDS:
    target = _groups[_command.group] if _command.group else app
    target.command(_command.name, help=_command.help_text(), cls=C5Command)(
        _typer_function(_command)
    )
for _name, _group in _groups.items():
    app.add_typer(_group, name=_name)


def run_typer(argv: list[str], env: Environment) -> int:
    """Run a command line through Typer in `env`; the exit code."""
    group = typer.main.get_command(app)
    assert isinstance(group, C5Group)
    return group.run(argv, env)


def main() -> None:
    """Run this process's command line through Typer alone (the console script is `fast`)."""
    typer.main.get_command(app).main(prog_name="c5lens")
