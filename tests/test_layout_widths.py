"""No view splits a token: every id, key, source id, subject name, number and date a command
shows appears whole on one line, at 60, 80, 120 and 200 columns, over the shipped base and a
fixture base. The tokens come from the same command's --json (the facts it names, in the
store, give their values and dates as people read them)."""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_FILES

from c5lens.base.loading import bundled_facts_dir, load_base
from c5lens.base.model import Base, Fact
from c5lens.cli.environment import Environment
from c5lens.cli.fast import run
from c5lens.render.display import value_token

WIDTHS = (60, 80, 120, 200)

SHIPPED = [
    "facts --country kazakhstan",
    "country kazakhstan",
    "country central-asia",
    "countries",
    "topics",
    "metrics",
    "fact kazakhstan.freedom-house-score-2025",
    "compare",
    "compare --all",
    "compare --metric population",
    "compare kazakhstan japan united-states --metric freedom_index_score",
    "rank freedom_house_score",
    "rank real_gdp_growth_rate",
    "rank global_rare_earth_mining_share",
    "search uranium",
    "timeline --country kazakhstan",
    "timeline --all --until 2024",
    "country kazakhstan --full",
    "facts --country japan",
    "sources",
    "source imai-2025",
    "conflicts",
    "history kazakhstan real_gdp_growth_rate",
    "history kazakhstan capital",
]
FIXTURE = [
    "facts",
    "country kazakhstan",
    "countries",
    "metrics",
    "compare",
    "compare --all",
    "rank freedom_house_score",
    "search growth",
    "timeline",
    "sources",
    "history uzbekistan gdp_growth",
]


def render(args: list[str], environ: dict[str, str], tty: bool = False) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(args, Environment(out, err, environ, stdout_isatty=tty))
    return code, out.getvalue()


def _facts(doc: Any) -> list[str]:
    """The ids of the facts a JSON document names."""
    ids: list[str] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in ("id", "fact") and isinstance(value, str) and "." in value:
                ids.append(value)
            elif key == "disagrees_with" and isinstance(value, list):
                ids += value
            else:
                ids += _facts(value)
    elif isinstance(doc, list):
        for item in doc:
            ids += _facts(item)
    return ids


def tokens(command: str, doc: Any, base: Base) -> set[str]:
    """What the table of `command` must show whole, derived from its JSON."""
    name = command.split()[0]
    by_id = {f.id: f for f in base.facts}
    facts: list[Fact] = [by_id[i] for i in dict.fromkeys(_facts(doc)) if i in by_id]
    out: set[str] = set()
    records = doc if isinstance(doc, list) else [doc]
    if name in ("countries",):
        for r in records:
            out |= {r["key"], r["name"]}
    elif name in ("topics",):
        out |= {r["key"] for r in records}
    elif name in ("metrics",):
        out |= {r["key"] for r in records} | {r["unit"] for r in records if r["unit"]}
    elif name in ("sources",):
        out |= {r["id"] for r in records}
    if name == "compare":
        shown = "--all" in command or "--metric" in command
        long = {
            r["metric"] for r in records if isinstance(r["value"], str) and len(r["value"]) > 40
        }
        facts = [f for f in facts if shown or f.metric not in long]
        out |= {
            base.subjects[r["subject"]].name for r in records if shown or r["metric"] not in long
        }
    if name in ("rank", "conflicts", "history", "country"):
        out |= {base.subjects[f.subject].name for f in facts if name in ("rank", "conflicts")}
    reference = {k for k, s in base.sources.items() if s.kind == "reference work"}
    for f in facts:
        # a profile names the reference work's edition once, over its basics (D98)
        basics = name == "country" and f.source in reference
        if name != "search" and not basics:  # search shows the fact, its value and its statement
            out.add(f.as_of.human())
        if name not in ("compare", "search") and not basics:
            out.add(f.source)
        # the number with its unit (a qualifier like (est.) may wrap); a corrected value is the
        # source's mistake and shows as "corrected" (D97)
        if f.is_numeric and f.correction is None:
            out.add(value_token(f))
        if name in ("search", "conflicts", "fact"):
            out.add(f.id)
        if name == "fact" and f.metric:
            out.add(f.metric)
    return out


def check(command: str, environ: dict[str, str], base: Base) -> None:
    args = shlex.split(command)
    code, doc_text = render([*args, "--json"], environ)
    assert code == 0, command
    doc = json.loads(doc_text)
    wanted = tokens(command, doc, base)
    assert wanted or doc == [], command  # (the shipped base has no disagreements: D97)
    for width in WIDTHS:
        code, text = render(args, {**environ, "COLUMNS": str(width)})
        assert code == 0
        lines = text.splitlines()
        broken = sorted(t for t in wanted if not any(t in line for line in lines))
        assert broken == [], f"{command} at {width} columns"


@pytest.fixture(scope="module")
def shipped_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {"HOME": str(tmp_path_factory.mktemp("home")), "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def shipped_base() -> Base:
    return load_base([bundled_facts_dir()])


@pytest.mark.parametrize("command", SHIPPED)
def test_shipped_views_keep_tokens_whole(
    command: str, shipped_env: dict[str, str], shipped_base: Base
) -> None:
    check(command, shipped_env, shipped_base)


@pytest.fixture(scope="module")
def fixture_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Base]:
    root = tmp_path_factory.mktemp("widths") / "facts"
    for rel, text in BASE_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root, load_base([root])


@pytest.mark.parametrize("command", FIXTURE)
def test_fixture_views_keep_tokens_whole(
    command: str, fixture_base: tuple[Path, Base], tmp_path: Path
) -> None:
    root, base = fixture_base
    environ = {"HOME": str(tmp_path), "NO_COLOR": "1", "C5LENS_NO_BUNDLED": "1"}
    check(f"{command} --facts-dir {root}", environ, base)
