"""`query.diff`, `base.gitsource` and `render.diff` on conftest's fixture base."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import KAZAKHSTAN_GOVERNANCE_YAML, SOURCES_YAML, UZBEKISTAN_GOVERNANCE_YAML
from rich.console import Console

from c5lens.base.gitsource import GitSourceError, checkout_free, parse_spec
from c5lens.base.loading import load_base
from c5lens.query.diff import EntryChange, FieldChange, diff
from c5lens.render.diff import diff_document, print_diff


def test_no_difference(write_base: Callable[..., Path], tmp_path: Path) -> None:
    a = load_base([write_base(tmp_path / "a")])
    b = load_base([write_base(tmp_path / "b")])
    result = diff(a, b)
    assert not result.differ
    assert diff_document(result, a, b, ("a", "b")) == {
        "old": "a",
        "new": "b",
        "differ": False,
        "facts": {"added": [], "removed": [], "changed": []},
        "registries": [],
    }


def test_added_removed_changed_field_by_field(
    write_base: Callable[..., Path], tmp_path: Path
) -> None:
    old = load_base([write_base(tmp_path / "old")])
    governance = (
        KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 25")
        .replace("as_of: '2025'", "as_of: '2024'")
        .replace("Challenges, para 5", "Challenges, para 6")
    )
    sources = SOURCES_YAML.replace("title: Source B", "title: Source B, revised") + (
        "  - id: src-c\n    title: C\n    author: null\n    publisher: null\n"
        "    published: '2026'\n    kind: report\n    document: c.txt\n"
    )
    new = load_base(
        [
            write_base(
                tmp_path / "new",
                {
                    "kazakhstan/governance.yaml": governance,
                    "uzbekistan/governance.yaml": None,
                    "sources.yaml": sources,
                },
            )
        ]
    )
    assert new.problems == ()
    result = diff(old, new)
    assert [f.id for f in result.removed] == ["uzbekistan.freedom-house-score-2025"]
    assert result.added == ()
    assert [(c.id, c.changes) for c in result.changed] == [
        (
            "kazakhstan.freedom-house-score-2025",
            (
                FieldChange("value", 23, 25),
                FieldChange("as_of", "2025", "2024"),
                FieldChange("locator", "Challenges, para 5", "Challenges, para 6"),
            ),
        )
    ]
    assert result.registries == (
        EntryChange(
            "sources", "src-b", "changed", (FieldChange("title", "Source B", "Source B, revised"),)
        ),
        EntryChange("sources", "src-c", "added"),
    )
    doc = diff_document(result, old, new, ("old", "new"))
    assert doc["differ"] is True
    assert doc["facts"]["removed"][0]["id"] == "uzbekistan.freedom-house-score-2025"
    assert doc["facts"]["changed"][0]["changes"][0] == {"field": "value", "old": 23, "new": 25}
    assert doc["registries"][1] == {
        "kind": "sources",
        "key": "src-c",
        "status": "added",
        "changes": [],
    }
    console = Console(width=100, record=True, color_system=None)
    print_diff(console, result, ("old", "new"))
    screen = console.export_text()
    assert "value 23 → 25" in screen and "as_of 2025 → 2024" in screen
    assert "- fact uzbekistan.freedom-house-score-2025" in " ".join(screen.split())
    assert screen.rstrip().endswith("0 added, 1 removed, 1 changed facts; 2 registry entries")


def test_a_value_of_another_type_is_a_change(
    write_base: Callable[..., Path], tmp_path: Path
) -> None:
    old = load_base([write_base(tmp_path / "old")])
    text = UZBEKISTAN_GOVERNANCE_YAML.replace("value: 11", "value: 11.0")
    new = load_base([write_base(tmp_path / "new", {"uzbekistan/governance.yaml": text})])
    (change,) = diff(old, new).changed
    assert change.changes == (FieldChange("value", 11, 11.0),)


def git(repo: Path, *args: str) -> str:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run(
        ["git", *env_args, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_a_facts_directory_at_a_revision(write_base: Callable[..., Path], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_base(repo / "facts")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    changed = KAZAKHSTAN_GOVERNANCE_YAML.replace("value: 23", "value: 25")
    (repo / "facts" / "kazakhstan" / "governance.yaml").write_text(changed)
    before = (repo / "facts" / "kazakhstan" / "governance.yaml").read_text()
    with checkout_free("git:HEAD", repo / "facts" / "kazakhstan") as old_dir:
        old = load_base([old_dir])
        assert old.problems == ()
    assert not old_dir.exists()  # removed on exit
    # The working tree is untouched: its uncommitted change is still there.
    assert (repo / "facts" / "kazakhstan" / "governance.yaml").read_text() == before
    (change,) = diff(old, load_base([repo / "facts"])).changed
    assert change.changes == (FieldChange("value", 23, 25),)
    git(repo, "mv", "facts", "data")
    git(repo, "commit", "-qm", "two")
    with checkout_free("git:HEAD:data", repo) as moved:
        assert len(load_base([moved]).facts) == 5
    with checkout_free("git:HEAD~1", repo) as first:
        assert len(load_base([first]).facts) == 5


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("git:no-such-rev", "unknown revision 'no-such-rev' in "),
        ("git:HEAD:nothing", "no directory 'nothing' at revision 'HEAD'"),
        ("git:", "names no revision"),
    ],
)
def test_bad_revisions(
    write_base: Callable[..., Path], tmp_path: Path, spec: str, message: str
) -> None:
    repo = tmp_path / "repo"
    write_base(repo / "facts")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    with pytest.raises(GitSourceError, match=message), checkout_free(spec, repo):
        pass


def test_not_a_repository(tmp_path: Path) -> None:
    with (
        pytest.raises(GitSourceError, match="not a git repository"),
        checkout_free("git:HEAD", tmp_path),
    ):
        pass


def test_parse_spec() -> None:
    assert parse_spec("git:HEAD") == ("HEAD", "facts")
    assert parse_spec("git:v0.2.0:data/facts/") == ("v0.2.0", "data/facts")
