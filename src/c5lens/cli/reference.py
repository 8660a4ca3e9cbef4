"""docs/commands.md, the reference of every command and option, written from the spec.

Regenerate it after changing a command: `python -m c5lens.cli.reference > docs/commands.md`
(a test fails while the file differs from what this prints).
"""

from __future__ import annotations

from c5lens.cli import exitcodes, spec
from c5lens.cli.environment import VARIABLES
from c5lens.cli.params import FLAG, INT, PATH, Command, Param

_VALUE = {INT: "N", PATH: "PATH"}


def _usage(command: Command) -> str:
    words = ["c5lens", command.path, "[OPTIONS]"]
    for p in command.params:
        if p.argument:
            name = p.metavar or p.name.upper()
            name = f"{name}..." if p.many and not name.endswith("...") else name
            words.append(name if p.required else f"[{name}]")
    return " ".join(words)


def _flags(p: Param) -> str:
    names = [*p.flags, *([p.off] if p.off else [])]
    text = ", ".join(f"`{n}`" for n in names)
    if p.kind != FLAG:
        text += f" `{p.metavar or _VALUE.get(p.kind, 'TEXT')}`"
    return text


def _row(p: Param) -> str:
    what = p.help.replace("|", "\\|")
    if p.argument:
        name = f"`{p.metavar or p.name.upper()}`"
        need = "required" if p.required else "optional"
        return f"| {name} | {what} | {need} |"
    default = "" if p.default in (None, False) else f"`{p.default}`"
    return f"| {_flags(p)} | {what} | {default} |"


def _section(command: Command) -> list[str]:
    lines = [f"## `c5lens {command.path}`", "", command.summary, ""]
    if command.details:
        lines += [command.details, ""]
    lines += ["```", _usage(command), "```", ""]
    arguments = [p for p in command.params if p.argument]
    options = [p for p in command.params if not p.argument]
    if arguments:
        lines += ["| argument | meaning | |", "| --- | --- | --- |"]
        lines += [_row(p) for p in arguments] + [""]
    if options or command.output:
        lines += ["| option | meaning | default |", "| --- | --- | --- |"]
        lines += [_row(p) for p in options]
        if command.output:
            lines.append("| the [output options](#output-options) | | |")
        lines.append("")
    if command.examples:
        lines += ["Examples:", "", "```sh", *command.examples, "```", ""]
    return lines


def commands_markdown() -> str:
    """The whole of docs/commands.md."""
    lines = [
        "# Command reference",
        "",
        "Generated from `src/c5lens/cli/spec.py` by `python -m c5lens.cli.reference`; do not",
        "edit by hand. `c5lens COMMAND --help` prints the same, for one command.",
        "",
        "| command | what it does |",
        "| --- | --- |",
    ]
    for c in spec.COMMANDS:
        anchor = f"c5lens-{c.path.replace(' ', '-')}"
        lines.append(f"| [`{c.path}`](#{anchor}) | {c.summary} |")
    lines += [
        "",
        "## Output options",
        "",
        "Every command that prints data takes these.",
        "",
        "| option | meaning | default |",
        "| --- | --- | --- |",
    ]
    lines += [_row(p) for p in spec.OUTPUT_PARAMS]
    lines += [
        "",
        "`c5lens --version` (`-V`) prints the name and version; `-h`/`--help` the help.",
        "",
    ]
    for c in spec.COMMANDS:
        lines += _section(c)
    lines += ["## Environment variables", "", "| variable | effect |", "| --- | --- |"]
    lines += [f"| `{name}` | {what} |" for name, what in VARIABLES.items()]
    lines += ["", "## Exit codes", "", exitcodes.docs_table()]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(commands_markdown())
