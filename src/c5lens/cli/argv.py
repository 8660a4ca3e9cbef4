"""The fast path's reader of a command line, built from the command spec.

Importing Typer costs more than the rest of a lookup, so a command line that is plainly one
command with options it declares is read here. Anything else (help, completion, an unknown
option, `--opt=value`, a value that looks like an option, an option given twice) is left to
Typer, which reads it as it always does; both then run the same command.
"""

from __future__ import annotations

from pathlib import Path

from c5lens.cli.params import FLAG, INT, PATH, Command, Param
from c5lens.cli.spec import OUTPUT_PARAMS, TOP_LEVEL, params_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The options that may come before the command too (`c5lens --json country kz`): whether each
# takes a value.
GLOBAL = {f: p.kind != FLAG for p in OUTPUT_PARAMS for f in p.flags}


def hoist(args: list[str]) -> list[str]:
    """The command line with the global options given before the command moved after it."""
    moved: list[str] = []
    i = 0
    while i < len(args):
        flag = args[i].split("=", 1)[0] if args[i].startswith("--") else args[i]
        if flag not in GLOBAL:
            break
        n = 2 if GLOBAL[flag] and "=" not in args[i] else 1
        moved += args[i : i + n]
        i += n
    if not moved:
        return args
    rest = args[i:]
    if "--" in rest:  # after `--` everything is an argument: the options go before it
        k = rest.index("--")
        return [*rest[:k], *moved, *rest[k:]]
    return [*rest, *moved]


def flags(command: Command) -> dict[str, tuple[Param, bool]]:
    """Every flag a command takes: flag -> (its parameter, the value a switch sets)."""
    table: dict[str, tuple[Param, bool]] = {}
    for p in params_of(command):
        for f in p.flags:
            table[f] = (p, True)
        if p.off:
            table[p.off] = (p, False)
    return table


_FLAGS = {name: flags(c) for name, c in TOP_LEVEL.items()}


def _convert(p: Param, value: str) -> Any:
    if p.kind == PATH:
        return Path(value)
    if p.kind == INT:
        if not (value.isascii() and value.isdigit()):
            raise ValueError(value)  # Typer words the error
        return int(value)
    return value


def parse(args: list[str]) -> tuple[Command, dict[str, Any]] | None:
    """The command and its keyword arguments, or None if Typer should read this line."""
    if not args or args[0] not in TOP_LEVEL:
        return None
    command, rest = TOP_LEVEL[args[0]], args[1:]
    table = _FLAGS[command.name]
    kwargs: dict[str, Any] = {}
    values: list[str] = []
    i = 0
    try:
        while i < len(rest):
            arg = rest[i]
            if not arg.startswith("-") or arg == "-":
                values.append(arg)
                i += 1
                continue
            if arg not in table:
                return None  # --help, --opt=value, -abc, an option we do not know: Typer's
            p, on = table[arg]
            if p.name in kwargs and not p.many:
                return None  # given twice: let Typer decide which wins
            if p.kind == FLAG:
                kwargs[p.name] = on
                i += 1
                continue
            if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
                return None
            value = _convert(p, rest[i + 1])
            if p.many:
                kwargs.setdefault(p.name, []).append(value)
            else:
                kwargs[p.name] = value
            i += 2
        positional = [p for p in command.params if p.argument]
        if not positional:
            return (command, kwargs) if not values else None
        # Each positional before the last takes one value, in order (`diff OLD NEW`).
        *fixed, p = positional
        if any(f.many or not f.required for f in fixed) or len(values) < len(fixed):
            return None
        for f, value in zip(fixed, values, strict=False):
            kwargs[f.name] = _convert(f, value)
        values = values[len(fixed) :]
        if not p.many:
            if len(values) != 1:
                return None
            kwargs[p.name] = _convert(p, values[0])
        elif p.required and not values:
            return None
        else:
            kwargs[p.name] = [_convert(p, v) for v in values] or None
    except ValueError:
        return None
    return command, kwargs
