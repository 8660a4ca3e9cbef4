"""A file that resolves outside its facts directory is refused unread, and no problem line
quotes more than a short, escaped excerpt of a file (D82)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import KAZAKHSTAN_GOVERNANCE_YAML, SUBJECTS_YAML

from c5lens.base.docread import OUTSIDE
from c5lens.base.loading import load_base, validate_paths
from c5lens.base.text import EXCERPT_CHARS, excerpt

EXE = str(Path(sys.executable).parent / "c5lens")
SECRET = "hunter2-SECRET-Zm9vYmFyYmF6cXV4"
# Shaped like a private key and like /etc/shadow: YAML a careless reader might echo.
KEY_TEXT = f"""-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
{SECRET}: {SECRET}
-----END OPENSSH PRIVATE KEY-----
"""
SHADOW_TEXT = f"root:{SECRET}:19000:0:99999:7:::\nsubject: {SECRET}\nfacts: [{SECRET}]\n"
FACT_SHAPED = KAZAKHSTAN_GOVERNANCE_YAML.replace("Astana", SECRET).replace(
    "topic: governance", f"topic: {SECRET}"
)
SECRETS = {"key": KEY_TEXT, "shadow": SHADOW_TEXT, "a fact file": FACT_SHAPED}

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")


def _validate(root: Path, cache: str) -> tuple[int, str, str]:
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT", "XDG_CACHE_HOME")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(C5LENS_NO_BUNDLED="1", C5LENS_NO_CACHE="1" if cache == "no index" else "0")
    done = subprocess.run(
        [EXE, "validate", "--facts-dir", str(root)], capture_output=True, env=env, check=False
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.fixture
def outside(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "elsewhere" / "secret"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("cache", ["index", "no index"])
@pytest.mark.parametrize("secret", SECRETS, ids=str)
def test_a_fact_file_linked_outside_is_refused_unread(
    write_base: Callable[..., Path], outside: Callable[[str], Path], secret: str, cache: str
) -> None:
    root = write_base()
    link = root / "kazakhstan" / "governance.yaml"
    link.unlink()
    link.symlink_to(outside(SECRETS[secret]))
    for _ in range(2):  # a cold and a warm index
        code, out, err = _validate(root, cache)
        assert (code, out, err) == (4, f"{link}: {OUTSIDE}\n", "1 problem found\n")
        assert SECRET not in out + err


@pytest.mark.parametrize("registry", ["subjects", "sources", "topics", "metrics"])
def test_a_registry_linked_outside_is_refused_unread(
    write_base: Callable[..., Path], outside: Callable[[str], Path], registry: str
) -> None:
    root = write_base()
    link = root / f"{registry}.yaml"
    link.unlink()
    link.symlink_to(outside(SHADOW_TEXT))
    problems = [str(p) for p in load_base([root]).problems]
    assert problems[0] == f"{link}: {OUTSIDE}"
    assert all(SECRET not in p for p in problems)


def test_a_subject_directory_linked_outside_refuses_its_files(
    write_base: Callable[..., Path], tmp_path: Path
) -> None:
    root = write_base()
    elsewhere = tmp_path / "elsewhere-kz"
    (root / "kazakhstan").rename(elsewhere)
    (root / "kazakhstan").symlink_to(elsewhere, target_is_directory=True)
    problems = [str(p) for p in load_base([root]).problems]
    assert problems == [
        f"{root / 'kazakhstan' / name}: {OUTSIDE}" for name in ("diplomacy.yaml", "governance.yaml")
    ]


def test_links_inside_the_facts_directory_and_a_linked_facts_directory_are_read(
    write_base: Callable[..., Path], tmp_path: Path
) -> None:
    root = write_base()
    before = load_base([root])
    moved = root / "kazakhstan" / ".governance.real"
    (root / "kazakhstan" / "governance.yaml").rename(moved)
    (root / "kazakhstan" / "governance.yaml").symlink_to(moved.name)
    (root / "subjects.yaml").rename(root / ".subjects.real")
    (root / "subjects.yaml").symlink_to(".subjects.real")
    alias = tmp_path / "alias"
    alias.symlink_to(root, target_is_directory=True)
    for where in (root, alias):
        after = load_base([where])
        assert after.problems == ()
        assert [f.id for f in after.facts] == [f.id for f in before.facts]


def test_validate_of_one_linked_file_refuses_it(
    write_base: Callable[..., Path], outside: Callable[[str], Path]
) -> None:
    root = write_base()
    link = root / "kazakhstan" / "economy.yaml"
    link.symlink_to(outside(FACT_SHAPED))
    assert [str(p) for p in validate_paths([link], [root])] == [f"{link}: {OUTSIDE}"]


# --- excerpts ------------------------------------------------------------------------------------


def test_an_excerpt_is_short_and_escaped() -> None:
    assert excerpt("kazakhstan") == "'kazakhstan'"
    assert excerpt("x" * EXCERPT_CHARS) == repr("x" * EXCERPT_CHARS)
    assert excerpt("x" * 500) == repr("x" * (EXCERPT_CHARS - 1) + "…")
    assert excerpt("a\nb\x1b[31m") == "'a\\nb\\x1b[31m'"
    assert excerpt(12) == "12"
    assert len(excerpt(list(range(100)))) == EXCERPT_CHARS


def _longest_quote(line: str, text: str) -> int:
    """The length of the longest run of `text` (8 characters or more) that `line` contains."""
    best = 0
    for start in range(len(text)):
        size = max(best + 1, 8)
        while start + size <= len(text) and text[start : start + size] in line:
            best = size
            size += 1
    return best


LONG = "A" * 30 + "-secret-" + "B" * 200
LONG_CASES = {
    "unknown field": f"subject: kazakhstan\ntopic: economy\nfacts: []\n{LONG}: 1\n",
    "unknown subject": f"subject: {LONG}\ntopic: economy\nfacts: []\n",
    "bad date": KAZAKHSTAN_GOVERNANCE_YAML.replace("'2025-08-15'", f"'{LONG}'"),
    "bad id": KAZAKHSTAN_GOVERNANCE_YAML.replace("kazakhstan.capital", LONG),
    "unknown source": KAZAKHSTAN_GOVERNANCE_YAML.replace("source: src-a", f"source: {LONG}"),
    "ambiguous scalar": f"subject: kazakhstan\ntopic: economy\nfacts: []\nx: 0{'1' * 200}\n",
    "a tag": f"subject: !<tag:{LONG}> kazakhstan\ntopic: economy\nfacts: []\n",
    "a subject key": SUBJECTS_YAML.replace("key: china", f"key: {LONG}"),
}


@pytest.mark.parametrize("case", LONG_CASES, ids=str)
def test_no_problem_quotes_more_than_an_excerpt(write_base: Callable[..., Path], case: str) -> None:
    where = "subjects.yaml" if case == "a subject key" else "kazakhstan/economy.yaml"
    root = write_base(files={where: LONG_CASES[case]})
    problems = [str(p) for p in load_base([root]).problems]
    assert problems
    assert any("…" in p for p in problems), problems
    for line in problems:
        assert _longest_quote(line.split(": ", 1)[1], LONG) <= EXCERPT_CHARS, line
