"""The vocabulary of the command spec: what an argument, an option and a command are.

Plain classes, no Typer: the fast path reads a command line with these alone, and `app` turns
the same objects into Typer's parameters.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# What a parameter's value is. The fast reader converts these; Typer is given the Python type.
TEXT, INT, PATH, FLAG = "text", "int", "path", "flag"


class Param:
    """One argument or option of a command, as both readers of the command line see it."""

    __slots__ = (
        "argument",
        "complete",
        "default",
        "existing_file",
        "flags",
        "help",
        "kind",
        "many",
        "metavar",
        "name",
        "off",
        "required",
        "show_default",
    )  # fmt: skip

    def __init__(
        self,
        name: str,
        *flags: str,
        kind: str = TEXT,
        help: str = "",
        metavar: str | None = None,
        default: Any = None,
        many: bool = False,
        required: bool = False,
        complete: str | None = None,
        off: str | None = None,
        argument: bool = False,
        existing_file: bool = False,
        show_default: bool = False,
    ) -> None:
        self.name, self.flags, self.off, self.kind = name, flags, off, kind
        self.help, self.metavar, self.default, self.many = help, metavar, default, many
        self.required, self.complete, self.argument = required, complete, argument
        self.existing_file, self.show_default = existing_file, show_default

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {', '.join(self.flags) or 'argument'})"


def argument(
    name: str,
    metavar: str,
    help: str,
    *,
    many: bool = False,
    required: bool = True,
    kind: str = TEXT,
    complete: str | None = None,
    existing_file: bool = False,
) -> Param:
    """A positional parameter: one value, or with `many` any number (at least one if required)."""
    return Param(
        name,
        kind=kind,
        help=help,
        metavar=metavar,
        many=many,
        required=required,
        complete=complete,
        argument=True,
        existing_file=existing_file,
    )


def option(name: str, *flags: str, **details: Any) -> Param:
    """A named parameter: `--flag VALUE`, or with kind=FLAG a switch."""
    return Param(name, *flags, **details)


class Command:
    """One command: its name, help, examples, parameters and the function that answers it."""

    __slots__ = (
        "details", "examples", "filters", "group", "handler", "name", "output", "params", "summary",
    )  # fmt: skip

    def __init__(
        self,
        name: str,
        handler: Callable[..., Any],
        summary: str,
        *,
        details: str = "",
        examples: tuple[str, ...] = (),
        params: tuple[Param, ...] = (),
        output: bool = True,
        filters: bool = False,
        group: str | None = None,
    ) -> None:
        self.name, self.handler, self.summary, self.details = name, handler, summary, details
        self.examples, self.params, self.output, self.group = examples, params, output, group
        self.filters = filters

    @property
    def path(self) -> str:
        """How it is typed after `c5lens`: `country`, `import factbook`."""
        return f"{self.group} {self.name}" if self.group else self.name

    def help_text(self) -> str:
        """The --help text: summary, details, then the examples (`\\b` keeps their lines)."""
        parts = [self.summary]
        if self.details:
            parts.append(self.details)
        if self.examples:
            parts.append("\b\nExamples:\n" + "\n".join(f"  {e}" for e in self.examples))
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return f"Command({self.path!r})"
