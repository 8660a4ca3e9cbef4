"""A user directory's registries add to the bundled ones and replace an entry only when it says
`override: true`; a name two subjects claim is reported with both places (D83)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from c5lens.base.loading import bundled_facts_dir, load_base
from c5lens.cli.environment import Environment
from c5lens.cli.fast import run

BUNDLED = bundled_facts_dir()
HINT = "; write 'override: true' in this entry to replace it"


def _place(path: Path, needle: str, nth: int = 1) -> str:
    """path:line:col of the `nth` line of `path` that holds `needle`, at its first character."""
    seen = 0
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return f"{path}:{no}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {path}")


def _write(user: Path, rel: str, text: str) -> Path:
    path = user / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _run(args: list[str], user: Path, cache: Path | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {"C5LENS_FACTS_PATH": str(user)}
    environ.update({"XDG_CACHE_HOME": str(cache)} if cache else {"C5LENS_NO_CACHE": "1"})
    code = run(args, Environment(out, err, environ, stdout_isatty=False))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(params=["index", "no index"])
def cache(request: pytest.FixtureRequest, tmp_path: Path) -> Path | None:
    return tmp_path / "cache" if request.param == "index" else None


FAKE_SUBJECT = """\
subjects:
  - key: fake-land
    name: Қазақстан
    kind: country
    iso: null
"""


def test_a_user_subject_claiming_a_bundled_name_is_reported_at_both_places(
    tmp_path: Path, cache: Path | None
) -> None:
    user = tmp_path / "user"
    path = _write(user, "subjects.yaml", FAKE_SUBJECT)
    theirs = _place(BUNDLED / "subjects.yaml", "Қазақстан")
    line = (
        f"{path}:3:11: subject 'fake-land' claims the name 'Қазақстан', which is subject"
        f" 'kazakhstan''s ({theirs}); a name stands for one subject (write 'override: true'"
        " in this entry if it is meant)"
    )
    for _ in range(2 if cache else 1):
        assert _run(["validate"], user, cache) == (4, line + "\n", "1 problem found\n")
        code, _, err = _run(["country", "Қазақстан", "--json"], user, cache)
        assert code == 4 and err == f"c5lens: warning: {line}\n"
    _write(
        user,
        "subjects.yaml",
        FAKE_SUBJECT.replace("    iso: null", "    iso: null\n    override: true"),
    )
    assert _run(["validate"], user, cache) == (0, "", "no problems found\n")


def test_two_user_subjects_claiming_one_alias(tmp_path: Path) -> None:
    user = tmp_path / "user"
    text = (
        "subjects:\n"
        "  - {key: north-x, name: North X, kind: region, names: [The Xs]}\n"
        "  - {key: south-x, name: South X, kind: region, names: [the x's]}\n"
    )
    path = _write(user, "subjects.yaml", text)
    problems = [str(p) for p in load_base([BUNDLED, user]).problems]
    assert problems == [
        f"{path}:3:57: subject 'south-x' claims the name \"the x's\", which is subject"
        f" 'north-x''s ({path}:2:57); a name stands for one subject (write 'override: true'"
        " in this entry if it is meant)"
    ]


IMAI_1999 = """\
sources:
  - id: imai-2025
    title: The future of US and Japanese engagement with Central Asia
    author: Kyoko Imai
    publisher: Atlantic Council
    published: '1999'
    kind: issue brief
    document: 000_e1c3ff2bcb818716.txt
"""


def test_a_user_source_redefining_a_bundled_one_is_refused_unless_it_overrides(
    tmp_path: Path, cache: Path | None
) -> None:
    user = tmp_path / "user"
    path = _write(user, "sources.yaml", IMAI_1999)
    theirs = _place(BUNDLED / "sources.yaml", "imai-2025")
    line = f"{path}:2:9: source 'imai-2025' is already defined at {theirs}{HINT}"
    assert _run(["validate"], user, cache) == (4, line + "\n", "1 problem found\n")
    code, out, err = _run(["source", "imai-2025", "--json"], user, cache)
    assert (code, err) == (4, f"c5lens: warning: {line}\n")
    assert json.loads(out)["source"]["published"] == "2025-08-15"  # the bundled entry stays

    _write(user, "sources.yaml", IMAI_1999.replace("    title:", "    override: true\n    title:"))
    assert _run(["validate"], user, cache) == (0, "", "no problems found\n")
    code, out, _ = _run(["source", "imai-2025", "--json"], user, cache)
    assert (code, json.loads(out)["source"]["published"]) == (0, "1999")


@pytest.mark.parametrize(
    ("rel", "text", "what", "key"),
    [
        ("topics.yaml", "topics:\n  - key: economy\n    description: Mine.\n", "topic", "economy"),
        (
            "metrics.yaml",
            "metrics:\n  - key: area\n    unit: acres\n    topic: geography\n"
            "    description: Mine.\n",
            "metric",
            "area",
        ),
        (
            "subjects.yaml",
            "subjects:\n  - key: japan\n    name: Nippon-X\n    kind: partner\n",
            "subject",
            "japan",
        ),
    ],
)
def test_every_registry_redefinition_needs_override(
    tmp_path: Path, rel: str, text: str, what: str, key: str
) -> None:
    user = tmp_path / "user"
    path = _write(user, rel, text)
    theirs = _place(BUNDLED / rel, f"key: {key}")
    theirs = theirs.rsplit(":", 1)[0] + f":{int(theirs.rsplit(':', 1)[1]) + 5}"  # at the value
    base = load_base([BUNDLED, user])
    assert [str(p) for p in base.problems] == [
        f"{path}:2:10: {what} '{key}' is already defined at {theirs}{HINT}"
    ]
    overriding = text.replace(f"key: {key}\n", f"key: {key}\n    override: true\n")
    _write(user, rel, overriding)
    base = load_base([BUNDLED, user])
    assert base.problems == ()
    registry = {"topic": base.topics, "metric": base.metrics, "subject": base.subjects}[what]
    assert "Mine." in repr(registry[key]) or "Nippon-X" in repr(registry[key])


def test_override_must_be_a_boolean(tmp_path: Path) -> None:
    user = tmp_path / "user"
    path = _write(
        user, "topics.yaml", "topics:\n  - {key: economy, description: M, override: yes please}\n"
    )
    problems = load_base([BUNDLED, user]).problems
    assert [(p.path, p.line) for p in problems] == [(str(path), 2)]


def test_a_directory_named_twice_is_not_a_redefinition(tmp_path: Path) -> None:
    user = tmp_path / "user"
    _write(user, "topics.yaml", "topics:\n  - key: mine\n    description: Mine.\n")
    assert load_base([BUNDLED, user, user]).problems == ()


def test_a_fact_cannot_move_a_bundled_fact_to_another_subject(
    tmp_path: Path, cache: Path | None
) -> None:
    user = tmp_path / "user"
    text = """\
subject: uzbekistan
topic: economy
facts:
  - id: kazakhstan.fb-area
    statement: Moved to Uzbekistan.
    metric: area
    value: 1
    unit: sq km
    as_of: '2026-01'
    source: world-factbook-2026
    locator: 'kz.json: Geography › Area › total'
"""
    path = _write(user, "uzbekistan/economy.yaml", text)
    line = (
        f"{path}:4:9: fact id 'kazakhstan.fb-area' does not start with its file's subject"
        " 'uzbekistan'"
    )
    assert _run(["validate"], user, cache) == (4, line + "\n", "1 problem found\n")
    code, out, _ = _run(["fact", "kazakhstan.fb-area", "--json"], user, cache)
    fact = json.loads(out)
    assert (code, fact["country"], fact["value"]) == (4, "kazakhstan", 2724900)
