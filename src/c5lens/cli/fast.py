"""The `c5lens` entry point: everyday lookups start without Typer.

A command line the spec's own reader (`argv`) can read runs its command directly; anything
else (help, completion, an unknown option, ...) goes to the Typer app, which runs the same
command. Tests run the two side by side.
"""

from __future__ import annotations

# First, before any other import: Ctrl-C from here on is exit 130 without a traceback (D80).
from c5lens.cli import interrupts

interrupts.install_if_entry_point()

TYPE_CHECKING = False
if TYPE_CHECKING:
    from c5lens.cli.environment import Environment


def run(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run a c5lens command line in `env` (default: this process); the exit code."""
    import sys

    from c5lens.cli.environment import Environment, argv_as_utf8

    if argv is None:
        argv = argv_as_utf8(sys.argv[1:])
    env = env or Environment.from_process()
    if argv in (["--version"], ["-V"]):
        from c5lens import version
        from c5lens.cli.writer import Writer

        writer = Writer(env)
        try:
            writer.out(f"c5lens {version()}\n")
            writer.flush()
        except OSError as e:
            return writer.error(e)
        return 0
    from c5lens.cli.argv import hoist, parse

    argv = hoist(argv)
    parsed = None if env.completing else parse(argv)
    if parsed is None:
        from c5lens.cli.app import run_typer

        return run_typer(argv, env)
    from c5lens.cli.execute import execute

    return execute(parsed[0], parsed[1], env)


def main() -> None:
    """Entry point of the `c5lens` console script and `python -m c5lens`."""
    interrupts.install()
    try:
        from c5lens.cli import streams

        interrupts.start()
        streams.claim_closed_fds()
        code = streams.finish(run())
    except KeyboardInterrupt as e:  # outside a command: before it, or while it ended
        code = interrupts.code_of(e)
        if code == interrupts.INTERRUPTED:
            streams.error_line("")
        code = streams.finish(code)
    interrupts.exit_now(code)
