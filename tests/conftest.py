"""Shared fixtures: a tiny, complete and valid facts base written into a temporary directory."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

# Under CI a skipped test is a test that did not run: the run fails instead, with the reason.
# Locally a missing ../shared/sources/ (or a tool) may skip, saying why.
IN_CI = os.environ.get("CI", "").lower() == "true"


def _fail_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which runs every test: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    _fail_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield
    _fail_skip(outcome.get_result())


SUBJECTS_YAML = """\
subjects:
  - key: kazakhstan
    name: Kazakhstan
    kind: country
    iso: {alpha2: KZ, alpha3: KAZ, numeric: '398'}
    factbook: kz
    names: [Qazaqstan]
  - key: uzbekistan
    name: Uzbekistan
    kind: country
    iso: {alpha2: UZ, alpha3: UZB, numeric: '860'}
    factbook: uz
    names: []
  - key: china
    name: China
    kind: partner
    iso: {alpha2: CN, alpha3: CHN, numeric: '156'}
    factbook: ch
    names: [PRC]
"""

TOPICS_YAML = """\
topics:
  - key: governance
    description: Political system and political freedom.
  - key: economy
    description: Output and growth.
  - key: diplomacy
    description: Summits and agreements.
"""

SOURCES_YAML = """\
sources:
  - id: src-a
    title: Source A
    author: Author A
    publisher: Publisher A
    published: '2025-08-15'
    kind: issue brief
    document: a.txt
    url: null
    notes: null
  - id: src-b
    title: Source B
    author: null
    publisher: null
    published: '2026'
    kind: opinion article
    document: b.txt
"""

METRICS_YAML = """\
metrics:
  - key: freedom_house_score
    unit: points
    topic: governance
    description: Freedom House score, 0-100.
  - key: gdp_growth
    unit: '%'
    topic: economy
    description: Real GDP growth.
"""

KAZAKHSTAN_GOVERNANCE_YAML = """\
subject: kazakhstan
topic: governance
facts:
  - id: kazakhstan.freedom-house-score-2025
    statement: Freedom House scored Kazakhstan 23 of 100 in 2025.
    metric: freedom_house_score
    value: 23
    unit: points
    scale: 0-100
    as_of: '2025'
    source: src-a
    locator: Challenges, para 5
    related: []
    notes: null
  - id: kazakhstan.capital
    statement: Kazakhstan's capital is Astana.
    value: Astana
    as_of: '2025-08-15'
    resolved_from: currently
    source: src-a
    locator: Opening, para 1
"""

KAZAKHSTAN_DIPLOMACY_YAML = """\
subject: kazakhstan
topic: diplomacy
facts:
  - id: kazakhstan.tokyo-summit-2025
    statement: Kazakhstan took part in the Central Asia + Japan summit in Tokyo.
    value: Central Asia + Japan summit
    as_of: '2025-12-19/2025-12-20'
    resolved_from: last year
    source: src-b
    locator: Introduction, para 1
    related: [uzbekistan, china]
"""

UZBEKISTAN_GOVERNANCE_YAML = """\
subject: uzbekistan
topic: governance
facts:
  - id: uzbekistan.freedom-house-score-2025
    statement: Freedom House scored Uzbekistan 11 of 100 in 2025.
    metric: freedom_house_score
    value: 11
    unit: points
    scale: 0-100
    as_of: '2025'
    source: src-a
    locator: Challenges, para 5
"""

UZBEKISTAN_ECONOMY_YAML = """\
subject: uzbekistan
topic: economy
facts:
  - id: uzbekistan.gdp-growth-2024
    statement: Uzbekistan's economy grew by an estimated 6.5% in 2024.
    metric: gdp_growth
    value: 6.5
    unit: '%'
    qualifier: estimate
    as_of: '2024'
    source: src-a
    locator: Opportunities, para 2
    correction:
      statement: The official figure is 6.5%.
      source: src-b
      locator: Economy, para 1
"""

BASE_FILES: dict[str, str] = {
    "subjects.yaml": SUBJECTS_YAML,
    "topics.yaml": TOPICS_YAML,
    "sources.yaml": SOURCES_YAML,
    "metrics.yaml": METRICS_YAML,
    "kazakhstan/governance.yaml": KAZAKHSTAN_GOVERNANCE_YAML,
    "kazakhstan/diplomacy.yaml": KAZAKHSTAN_DIPLOMACY_YAML,
    "uzbekistan/governance.yaml": UZBEKISTAN_GOVERNANCE_YAML,
    "uzbekistan/economy.yaml": UZBEKISTAN_ECONOMY_YAML,
}

# The ids of the base's facts, in the order load_base returns them (files sorted by path).
BASE_FACT_IDS = (
    "kazakhstan.tokyo-summit-2025",
    "kazakhstan.freedom-house-score-2025",
    "kazakhstan.capital",
    "uzbekistan.gdp-growth-2024",
    "uzbekistan.freedom-house-score-2025",
)


@pytest.fixture
def write_base(tmp_path: Path) -> Callable[..., Path]:
    """A function that writes a tiny, complete and valid facts base and returns its directory.

    `write_base(root=None, files=None)` writes into `root` (default `tmp_path / "facts"`):

    - `subjects.yaml`: kazakhstan and uzbekistan (kind country), china (kind partner), each
      with ISO codes and a factbook code; kazakhstan has the other name "Qazaqstan", china "PRC".
    - `topics.yaml`: governance, economy, diplomacy.
    - `sources.yaml`: `src-a` (published '2025-08-15', every field) and `src-b` (published
      '2026', author and publisher null, no url or notes).
    - `metrics.yaml`: `freedom_house_score` (points, governance), `gdp_growth` ('%', economy).
    - `kazakhstan/governance.yaml`: `kazakhstan.freedom-house-score-2025` (metric, value 23,
      scale 0-100, as_of '2025', related [] and notes null written out) and `kazakhstan.capital`
      (value "Astana", as_of '2025-08-15', resolved_from "currently").
    - `kazakhstan/diplomacy.yaml`: `kazakhstan.tokyo-summit-2025` (as_of the span
      '2025-12-19/2025-12-20', source src-b, related [uzbekistan, china]).
    - `uzbekistan/governance.yaml`: `uzbekistan.freedom-house-score-2025` (value 11).
    - `uzbekistan/economy.yaml`: `uzbekistan.gdp-growth-2024` (float value 6.5, qualifier
      estimate, with a correction citing src-b).

    `files` maps a path relative to the root to the text to write there (added, or replacing a
    base file) or to None (the base file is left out). The texts are the module's `*_YAML`
    constants; `BASE_FACT_IDS` lists the facts in the order `load_base` returns them.
    """

    def write(root: Path | None = None, files: Mapping[str, str | None] | None = None) -> Path:
        root = tmp_path / "facts" if root is None else root
        for rel, text in {**BASE_FILES, **(files or {})}.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return write


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the index of every test run out of the user's own cache directory."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
