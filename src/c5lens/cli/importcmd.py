"""`c5lens import`: turn data published elsewhere into fact files in c5lens's own format."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

import_app = typer.Typer(
    help="Convert data published elsewhere into c5lens fact files.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@import_app.command("factbook")
def factbook(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="World Factbook JSON country profiles, named by Factbook code (kz.json).",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="The facts directory to write into; it must exist.",
            show_default=True,
        ),
    ] = Path("facts"),
) -> None:
    """Convert World Factbook JSON profiles into generated fact files.

    Writes DIR/<subject>/<topic>.factbook.yaml and only those files (atomically, and only when
    they change); hand-written <topic>.yaml files are never touched. A value that cannot be read
    is reported on stderr as FILE: Category › Field › subfield: message, and the command then
    exits 4 after writing the facts that could be read.

    \b
    Examples:
      c5lens import factbook ../shared/sources/factbook/*.json --out facts
      c5lens import factbook kz.json --out ~/my-facts
    """
    from c5lens.base.loading import facts_dirs, load_base
    from c5lens.cli.run import EXIT_INVALID_DATA, _bundled, _say_err
    from c5lens.importers.factbook import import_profile, write_import

    if not out.is_dir():
        what = "is not a directory" if out.exists() else "does not exist"
        raise typer.BadParameter(f"{out} {what}", param_hint="'--out'")
    dirs = facts_dirs([out], os.environ.get("C5LENS_FACTS_PATH"), _bundled())
    subjects = load_base(dirs).subjects.values()
    results = [import_profile(path, subjects, display=str(path)) for path in files]
    owners: dict[str, str] = {}
    for r in results:
        if r.subject is None:
            continue
        if r.subject.key in owners:
            raise typer.BadParameter(
                f"{owners[r.subject.key]} and {r.file} are both profiles of {r.subject.key}",
                param_hint="'FILE...'",
            )
        owners[r.subject.key] = r.file
    problems = skipped = facts = 0
    for r in results:
        for w in write_import(r, out):
            state = "wrote" if w.changed else "unchanged"
            sys.stdout.write(f"{state} {w.path} ({_count(w.facts, 'fact')})\n")
        for issue in (*r.problems, *r.skipped):
            _say_err(str(issue))
        problems += len(r.problems)
        skipped += len(r.skipped)
        facts += len(r.facts)
    summary = f"imported {_count(facts, 'fact')} from {_count(len(results), 'file')} into {out}"
    if problems:
        summary += f"; {_count(problems, 'value')} could not be read"
    if skipped:
        summary += f"; {skipped} skipped"
    _say_err(summary)
    if problems:
        raise typer.Exit(EXIT_INVALID_DATA)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"
