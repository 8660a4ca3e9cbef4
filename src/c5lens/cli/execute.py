"""Run one command: its session, its handler, and the writer, with every ending made a code."""

from __future__ import annotations

from c5lens.cli.environment import Environment
from c5lens.cli.params import Command
from c5lens.cli.result import OutputOptions, Session
from c5lens.cli.writer import Writer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def execute(command: Command, kwargs: dict[str, Any], env: Environment) -> int:
    """Run `command` with its parsed arguments in `env`; the exit code.

    The shared output options are read here, once, into the session the handler is given.
    """
    writer = Writer(env)
    session = None
    try:
        kwargs = dict(kwargs)
        options = OutputOptions.take(kwargs) if command.output else OutputOptions()
        session = Session(env, options)
        if command.filters:
            from c5lens.cli.options import FILTER_NAMES

            session.filter_args = {n: kwargs.pop(n) for n in FILTER_NAMES if n in kwargs}
        result = command.handler(session, **kwargs)
        return writer.result(result, session)
    except (Exception, KeyboardInterrupt) as e:
        return writer.error(e, command.path, session)
