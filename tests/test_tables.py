"""Unit specs of render.tables and render.plaintable: exact text at 80 and 120 columns, plain.

Each case draws one print_* function three ways: into a Rich console 80 and 120 columns wide
(no colour) and into a PlainConsole (natural width, for pipes); tests/golden/tables/<case>.txt
holds the three texts. After a deliberate change to a table, rewrite them with

    C5LENS_UPDATE_GOLDEN=1 python -m pytest tests/test_tables.py

and read `git diff tests/golden/tables` before committing.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE_FILES
from rich.console import Console
from rich.text import Text

from c5lens.base.loading import load_base
from c5lens.base.model import Base, Metric, Problem
from c5lens.base.names import subject_names
from c5lens.query import rules
from c5lens.render import charts, profile, records, tables, timeline
from c5lens.render.cite import text_citation
from c5lens.render.plaintable import PlainConsole, render_table

GOLDEN = Path(__file__).parent / "golden" / "tables"
UPDATE = os.environ.get("C5LENS_UPDATE_GOLDEN", "") not in ("", "0")
WIDTHS = (80, 120)

# Kazakhstan's 2025 growth from both sources (a disagreement), one with a long statement.
KAZAKHSTAN_ECONOMY_YAML = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.gdp-growth-2025
    statement: Kazakhstan's economy grew by 6.0% in 2025, driven by oil output from the expanded
      Tengiz field, by construction and by transport along the Middle Corridor.
    metric: gdp_growth
    value: 6.0
    unit: '%'
    as_of: '2025'
    source: src-b
    locator: Economy, para 3
    notes: A preliminary figure.
  - id: kazakhstan.gdp-growth-2025-06
    statement: Growth reached 5.5% in the first half of 2025.
    metric: gdp_growth
    value: 5.5
    unit: '%'
    qualifier: approximate
    as_of: '2025-06'
    source: src-a
    locator: Table 1
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    root = tmp_path_factory.mktemp("tables") / "facts"
    for rel, text in {**BASE_FILES, "kazakhstan/economy.yaml": KAZAKHSTAN_ECONOMY_YAML}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    loaded = load_base([root])
    assert loaded.problems == ()
    # Links of the score metric: one to a metric with facts, one to a metric with none.
    score = loaded.metrics["freedom_house_score"]._replace(
        related=("gdp_growth",), narrower=("press_score",)
    )
    press = Metric("press_score", "points", "governance", "Press freedom.", broader=(score.key,))
    return loaded._replace(metrics={**loaded.metrics, score.key: score, press.key: press})


def rich_console(width: int) -> Console:
    """A Rich console writing to a string: no colour, no terminal, no environment."""
    return Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        legacy_windows=False,
        _environ={},
    )


def draw(view: Callable[[object], None]) -> str:
    """The view drawn at each width and plain, as one golden text."""
    parts = []
    for width in WIDTHS:
        console = rich_console(width)
        view(console)
        parts.append(f"=== {width} columns ===\n{console.file.getvalue()}")  # type: ignore[attr-defined]
    plain = PlainConsole()
    view(plain)
    parts.append(f"=== plain ===\n{plain.text()}")
    return "".join(parts)


def fact_card(base: Base, fact_id: str, console) -> None:
    f = base.fact(fact_id)
    disputes = rules.disagreements(base).get(fact_id, [])
    # The citation without its "[c5lens fact ...]" tail, which Rich would read as markup.
    citation = text_citation(base.sources[f.source])
    tables.print_fact(console, base, f, disputes, citation)


def subject_records(base: Base) -> list[dict]:
    counts = {s: sum(f.subject == s for f in base.facts) for s in base.subjects}
    return [
        records.subject_record(s, subject_names(s), counts[s.key]) for s in base.subjects.values()
    ]


CASES: dict[str, Callable[[Base, object], None]] = {
    "facts-by-topic": lambda b, c: tables.print_facts_by_topic(
        c, b, rules.filter_facts(b, subject="kazakhstan")
    ),
    "facts-by-topic-full": lambda b, c: tables.print_facts_by_topic(
        c, b, rules.filter_facts(b, subject="kazakhstan"), full=True,
        disagreements=rules.disagreements(b),
    ),
    "facts-by-topic-subjects": lambda b, c: tables.print_facts_by_topic(
        c, b, rules.filter_facts(b, metric="gdp_growth"), show_subject=True,
        disagreements=rules.disagreements(b),
    ),
    "compare": lambda b, c: charts.print_compare(
        c, b, ["kazakhstan", "uzbekistan", "china"],
        rules.compare(b, ["kazakhstan", "uzbekistan", "china"]),
    ),
    "rank": lambda b, c: charts.print_rank(
        c, b, "gdp_growth", *rules.rank(b, "gdp_growth", comparable=["kazakhstan", "uzbekistan",
                                                                     "china"])
    ),
    # Without Uzbekistan's score: it is missing (it has another metric), China is not ranked.
    "rank-missing": lambda b, c: charts.print_rank(
        c, b, "freedom_house_score",
        *rules.rank(b._replace(facts=tuple(f for f in b.facts
                                           if f.id != "uzbekistan.freedom-house-score-2025")),
                    "freedom_house_score"),
    ),
    "linked-metrics": lambda b, c: charts.print_linked_metrics(c, b, "freedom_house_score"),
    "hits": lambda b, c: tables.print_hits(
        c, b, rules.search(b, "growth"), rules.disagreements(b)
    ),
    "fact-card": lambda b, c: fact_card(b, "kazakhstan.gdp-growth-2025", c),
    "fact-card-correction": lambda b, c: fact_card(b, "uzbekistan.gdp-growth-2024", c),
    "records-table": lambda b, c: tables.print_records_table(
        c, [records.metric_record(m, list(dict.fromkeys(f.subject for f in b.facts
                                                          if f.metric == m.key)))
            for m in b.metrics.values()],
        [("key", "Metric"), ("unit", "Unit"), ("subjects", "Subjects"), ("related", "Related")],
        title="Metrics",
    ),
    "subjects": lambda b, c: tables.print_subjects(c, subject_records(b)),
    "timeline": lambda b, c: timeline.print_timeline(
        c, b, rules.timeline(b, "uzbekistan"), rules.disagreements(b)
    ),
    "timeline-years": lambda b, c: timeline.print_timeline(
        c, b, rules.timeline(b), rules.disagreements(b)
    ),
    # Basics folded (the two gdp_growth values on one line), findings by topic with the
    # correction, then the facts of others that involve Kazakhstan (none in this base).
    "profile": lambda b, c: profile.print_profile(
        c, b, [b.fact("kazakhstan.capital"), b.fact("kazakhstan.gdp-growth-2025-06"),
               b.fact("kazakhstan.freedom-house-score-2025")],
        [f for f in b.facts if f.subject == "uzbekistan"],
        [b.fact("kazakhstan.tokyo-summit-2025")], rules.disagreements(b), "Uzbekistan",
    ),
    "source-card": lambda b, c: tables.print_source_card(
        c, b.sources["src-b"], 3, text_citation(b.sources["src-b"])
    ),
    "source-card-full": lambda b, c: tables.print_source_card(
        c, b.sources["src-a"]._replace(url="https://example.org/a", notes="Read in full."), 0,
        text_citation(b.sources["src-a"]),
    ),
    "conflicts": lambda b, c: tables.print_conflicts(c, b, rules.conflicts(b)),
    "profile-basics": lambda b, c: tables.print_profile_basics(
        c, b, [b.fact("kazakhstan.capital"), b.fact("kazakhstan.gdp-growth-2025-06")],
        rules.disagreements(b),
    ),
    "problems": lambda b, c: tables.print_problems(
        c, [Problem("kz/a.yaml", 3, 5, "a [bold]problem[/bold]\nsplit"), Problem("b", 0, 0, "x")]
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_table_text(base: Base, case: str) -> None:
    """Each table's exact text at 80 and 120 columns and plain matches its golden file."""
    text = draw(lambda console: CASES[case](base, console))
    path = GOLDEN / f"{case}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_is_wider_than_the_console(base: Base, case: str, width: int) -> None:
    """Rich output never overshoots the console, so no column is cut off."""
    console = rich_console(width)
    CASES[case](base, console)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert lines
    assert max(len(line) for line in lines) <= width


def test_plain_lines_are_whole(base: Base) -> None:
    """Plain columns are as wide as their widest cell (~5.5%, June 2025); nothing wraps."""
    plain = PlainConsole()
    CASES["facts-by-topic"](base, plain)
    long = next(line for line in plain.lines if "Middle Corridor" in line)
    assert long.rstrip() == (
        " 6.0%   2025        Kazakhstan's economy grew by 6.0% in 2025, driven by oil output "
        "from the expanded Tengiz field, by construction and by transport along the Middle "
        "Corridor.   src-b"
    )
    assert plain.text() == "".join(line.rstrip() + "\n" for line in plain.lines)


def test_render_table_alignment_and_min_width() -> None:
    """Right-justified columns pad on the left; min_width widens a column; rule spans all."""
    from rich.table import Table

    table = Table(title="T")
    table.add_column("A", justify="right")
    table.add_column("Bee", min_width=6)
    table.add_row("1", Text("x\ny"))
    table.add_row(Text("22", justify="left"), None)
    assert render_table(table) == [
        "T",
        " A   Bee   ",
        "───────────",
        " 1   x     ",
        "     y     ",
        "22         ",
    ]


def test_plain_console_prints_text_and_strings() -> None:
    """Text and strings are split into lines; trailing spaces go in text()."""
    plain = PlainConsole()
    plain.print(Text("a\nb  "))
    plain.print("c")
    plain.print()
    assert plain.lines == ["a", "b  ", "c", ""]
    assert plain.text() == "a\nb\nc\n\n"


def test_subject_header(base: Base) -> None:
    """Name, kind, codes and how many facts from how many sources."""
    kz = base.subjects["kazakhstan"]
    facts = rules.filter_facts(base, subject="kazakhstan")
    assert tables.subject_header(kz, facts).plain == (
        "Kazakhstan  country · KZ / KAZ / 398 · 5 facts from 2 sources"
    )
    bare = kz._replace(iso_alpha2=None, iso_alpha3=None, iso_numeric=None)
    assert tables.subject_header(bare, facts[:1]).plain == (
        "Kazakhstan  country · no ISO code · 1 fact from 1 source"
    )


def test_highlight_terms() -> None:
    """Words starting with a term are bold reversed, ignoring case and accents."""
    out = tables.highlight_terms("Growth in Türkmenistan grew; GROWTH.", ("grow", "turkmen"))
    spans = [(out.plain[s.start : s.end], str(s.style)) for s in out.spans]
    assert spans == [
        ("Growth", "bold reverse"),
        ("Türkmenistan", "bold reverse"),
        ("GROWTH", "bold reverse"),
    ]
    # "ﬁ" folds to two letters: the words are matched one by one, at their own offsets
    assert [(s.start, s.end) for s in tables.highlight_terms("ﬁne ﬁnal", ("final",)).spans] == [
        (4, 8)
    ]


@pytest.mark.parametrize("where", ["statement", "citation"])
def test_square_brackets_are_shown_as_written(base: Base, where: str) -> None:
    """Text in square brackets is data, not Rich markup."""
    f = base.fact("kazakhstan.capital")
    console = rich_console(120)
    if where == "statement":
        f = f._replace(statement="The capital [est. 1997] is Astana.")
        tables.print_facts_by_topic(console, base, [f])
        assert "[est. 1997]" in console.file.getvalue()  # type: ignore[attr-defined]
    else:
        tables.print_fact(console, base, f, [], text_citation(base.sources[f.source], f))
        assert "[c5lens fact kazakhstan.capital]" in console.file.getvalue()  # type: ignore[attr-defined]
