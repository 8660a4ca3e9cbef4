"""The `c5lens` entry point: everyday lookups start without Typer.

Importing Typer, and the validation library it builds each option's converter with, costs more
than the rest of a lookup. A command line that is plainly one of the lookups below, written
with options this module knows, runs the command in `run` directly; anything else (help,
completion, an unknown option, `--opt=value`, a value that looks like an option) goes to Typer,
which then parses it as it always does. Both paths call the same functions, so the output is
the same; tests run the two side by side.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# Options every data command takes: flag -> (parameter, takes a value).
_COMMON = {
    "--format": ("fmt", True),
    "-f": ("fmt", True),
    "--json": ("json_", False),
    "--fields": ("fields", True),
    "--no-color": ("no_color", False),
    "--facts-dir": ("facts_dir", True),
}
_TOPIC = {"--topic": ("topic", True), "-t": ("topic", True)}
_SOURCE = {"--source": ("source", True), "-s": ("source", True)}
_METRIC = {"--metric": ("metric", True), "-m": ("metric", True)}

# command -> (positional parameter, how many: "one", "any", "some"), its own options
_COMMANDS: dict[str, tuple[tuple[str, str] | None, dict[str, tuple[str, bool]]]] = {
    "country": (("name", "one"), {**_TOPIC, **_SOURCE, "--full": ("full", False)}),
    "facts": (
        None,
        {"--country": ("country", True), "-c": ("country", True), **_TOPIC, **_SOURCE, **_METRIC},
    ),
    "compare": (("names", "any"), {**_METRIC, **_TOPIC}),
    "rank": (
        ("metric_key", "one"),
        {"--ascending": ("ascending", False), "--descending": ("descending", False)},
    ),
    "search": (("query", "some"), {"--limit": ("limit", True), "-n": ("limit", True)}),
    "fact": (("fact_id", "one"), {}),
    "validate": (("paths", "any"), {}),
}


def parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The command and its keyword arguments, or None if Typer should read this line."""
    if not args or args[0] not in _COMMANDS:
        return None
    command, rest = args[0], args[1:]
    positional, own = _COMMANDS[command]
    options = {**_COMMON, **own}
    kwargs: dict[str, Any] = {}
    values: list[str] = []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg.startswith("-") and arg != "-":
            spec = options.get(arg)
            if spec is None:
                return None  # --help, --opt=value, -abc, an option we do not know: Typer's
            name, takes_value = spec
            if not takes_value:
                kwargs[name] = True
                i += 1
                continue
            if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
                return None
            value = rest[i + 1]
            if name == "facts_dir":
                kwargs.setdefault(name, []).append(Path(value))
            elif name in kwargs:
                return None  # given twice: let Typer decide which wins
            else:
                kwargs[name] = value
            i += 2
            continue
        values.append(arg)
        i += 1
    if positional is None:
        if values:
            return None
    else:
        name, count = positional
        if count == "one":
            if len(values) != 1:
                return None
            kwargs[name] = values[0]
        elif count == "some":
            if not values:
                return None
            kwargs[name] = values
        elif name == "paths":
            kwargs[name] = [Path(v) for v in values] or None
        else:
            kwargs[name] = values or None
    if command == "rank" and kwargs.pop("descending", False):
        if kwargs.get("ascending"):
            return None
        kwargs["ascending"] = False
    if "limit" in kwargs:
        if not kwargs["limit"].isdigit() or not kwargs["limit"].isascii():
            return None
        kwargs["limit"] = int(kwargs["limit"])
    return command, kwargs


def main() -> None:
    """Entry point of the `c5lens` console script and `python -m c5lens`."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from c5lens import version

        sys.stdout.write(f"c5lens {version()}\n")
        sys.stdout.flush()
        sys.exit(0)
    from c5lens.cli import run

    completing = any(k.startswith("_C5LENS_COMPLETE") for k in os.environ)
    parsed = None if completing else parse(run._argv_as_utf8(sys.argv[1:]))
    if parsed is None:
        from c5lens.cli.app import main as typer_main

        typer_main()
        return
    run._prepare_streams()
    run.state.reset()
    command, kwargs = parsed
    try:
        code = run.invoke(command, **kwargs)
        run._flush_stdout()
    except (Exception, KeyboardInterrupt) as e:
        code = run.report(e)
    sys.exit(code)
