"""The packages are layers: no module imports a layer above its own, and lookups stay light.

base < index < query < render < cli, with importers and exporters beside index (they may use base
alone).
Every import counts, including those inside functions, since a deferred import is still a
dependency. docs/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "c5lens"

# What each package may import, of c5lens's packages and of the libraries that draw or parse.
ALLOWED: dict[str, set[str]] = {
    "base": {"base"},
    "index": {"base", "index"},
    "query": {"base", "index", "query"},
    "render": {"base", "query", "render", "rich"},
    "importers": {"base", "importers"},
    "exporters": {"base", "exporters"},
    "cli": {"base", "index", "query", "render", "cli", "importers", "exporters", "rich", "typer"},
    "(top)": {"cli"},
}
WATCHED = {"rich", "typer", "click"}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, target) for each import of a c5lens package or a watched library in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "c5lens":  # from c5lens import cli, or __version__ from the root
                names = [
                    f"c5lens.{a.name}" if (SRC / a.name).is_dir() else "c5lens.(top)"
                    for a in node.names
                ]
        for name in names:
            parts = name.split(".")
            if parts[0] == "c5lens" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
            elif parts[0] in WATCHED:
                found.append((node.lineno, parts[0]))
    return found


def package_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else "(top)"


MODULES = sorted(SRC.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    assert {package_of(p) for p in MODULES} == set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_no_import_against_the_layers(path: Path) -> None:
    layer = package_of(path)
    wrong = [
        f"{path.relative_to(SRC)}:{line}: {layer} imports {target}"
        for line, target in imports(path)
        if target not in ALLOWED[layer] and target != "(top)"  # the root holds only the version
    ]
    assert wrong == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from c5lens.render.tables import x\n    import rich\n")
    assert imports(bad) == [(2, "render"), (3, "rich")]
    bad.write_text("from c5lens import cli, __version__\n")
    assert imports(bad) == [(1, "cli"), (1, "(top)")]


# What a JSON lookup must not pay for at start: the Typer/Rich stack, and the standard
# library's typing (annotations only), which costs as much again as the lookup's own modules.
NOT_ON_A_JSON_LOOKUP = ("typer", "rich", "click", "typing", "yaml")


@pytest.mark.parametrize(
    "argv",
    [
        ["country", "kazakhstan", "--json"],
        ["fact", "kazakhstan.fb-area", "--json"],
        ["facts", "--country", "uzbekistan", "--json"],
        ["compare", "--metric", "population", "--json"],
        ["rank", "population", "--json"],
    ],
)
def test_a_json_lookup_imports_neither_typer_nor_rich(argv: list[str], tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        f"sys.argv = ['c5lens', *{argv!r}]\n"
        "from c5lens.cli.fast import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        f"    print(e.code, sorted(m for m in {NOT_ON_A_JSON_LOOKUP!r} if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first = subprocess.run(  # builds the index (and may read YAML for it)
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env
    )
    assert first.returncode == 0, first.stderr
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.stderr.splitlines()[-1] == "0 []"
    assert done.stdout.startswith(("{", "["))
