"""The c5lens command line over a small fixture base: exact output at 100 columns, exit codes.

Every command runs in-process through Typer's CliRunner with `COLUMNS=100` and
`C5LENS_NO_BUNDLED=1`, against a base this module writes into a temporary directory (see
`write_fixture_base`), so the expected text below changes only when the CLI does. A few tests
run over the shipped base too, on facts unlikely to change (Freedom House scores, aliases).
"""

from __future__ import annotations

import json
import os
import re
import shlex
from importlib.resources import files
from pathlib import Path

import pytest
from typer.testing import CliRunner

from c5lens.cli import spec
from c5lens.cli.app import app

runner = CliRunner()
ENV = {"COLUMNS": "100", "C5LENS_NO_BUNDLED": "1", "C5LENS_FACTS_PATH": None}
SHIPPED_ENV = {"COLUMNS": "100", "C5LENS_NO_BUNDLED": None, "C5LENS_FACTS_PATH": None}

# --- the fixture base ----------------------------------------------------------------------------
#
# Subjects: arland and borduria (countries), syldavia (partner), steppe (region); each country and
# the partner has ISO codes and other names (Арланд, Бордурия, ...).
# Topics: governance, economy, diplomacy. Sources: alpha-2025 (an issue brief with every field)
# and beta-2026 (an opinion article, publisher, url and notes null).
# Metrics: freedom_score (0-100 scores: arland 40 and borduria 40 tie, syldavia 75),
# growth_rate (arland only, so borduria misses it; alpha-2025 says ~4.5% for 2025, beta-2026
# 5.1% for 2026: a disagreement), mine_sites (steppe, more than 300).
# Also: a correction (arland.capital), a month-precision date (the aid pledge), a span date
# (the Klow treaty), a boolean value, related subjects and resolved_from words.

SUBJECTS = """\
subjects:
  - key: arland
    name: Arland
    kind: country
    iso: {alpha2: XA, alpha3: XAR, numeric: '901'}
    factbook: xa
    names:
      - Republic of Arland
      - Арланд
  - key: borduria
    name: Borduria
    kind: country
    iso: {alpha2: XB, alpha3: XBO, numeric: '902'}
    factbook: null
    names:
      - Bordurian Republic
      - Бордурия
  - key: syldavia
    name: Syldavia
    kind: partner
    iso: {alpha2: XS, alpha3: XSY, numeric: '903'}
    factbook: null
    names:
      - Kingdom of Syldavia
  - key: steppe
    name: The Steppe
    kind: region
    iso: null
    factbook: null
    names:
      - Great Steppe
"""

TOPICS = """\
topics:
  - key: governance
    description: Political system and political freedom.
  - key: economy
    description: Output, growth and mines.
  - key: diplomacy
    description: Summits, treaties and aid.
"""

SOURCES = """\
sources:
  - id: alpha-2025
    title: Arland and Borduria after the thaw
    author: Ada Byron
    publisher: Example Institute
    published: '2025-08-15'
    kind: issue brief
    document: alpha.txt
    url: https://example.org/alpha
    notes: A test source.
  - id: beta-2026
    title: "Syldavia's steppe policy"
    author: Bo Chen
    publisher: null
    published: '2026'
    kind: opinion article
    document: beta.txt
    url: null
    notes: null
"""

METRICS = """\
metrics:
  - key: freedom_score
    unit: points
    topic: governance
    description: Freedom score, 0-100 (higher is freer).
  - key: growth_rate
    unit: '%'
    topic: economy
    description: Annual GDP growth rate.
  - key: mine_sites
    unit: sites
    topic: economy
    description: Number of known mine sites.
"""

FACT_FILES = {
    "arland/governance.yaml": """\
subject: arland
topic: governance
facts:
  - id: arland.freedom-score-2025
    statement: Arland scored 40 of 100 on the freedom score in 2025.
    metric: freedom_score
    value: 40
    unit: points
    scale: 0-100
    as_of: '2025'
    source: alpha-2025
    locator: Governance, para 1
  - id: arland.capital
    statement: The brief calls Arlburg the capital of Arland.
    value: Arlburg
    as_of: '2025-08-15'
    resolved_from: currently
    source: alpha-2025
    locator: Governance, para 2
    notes: The source is wrong here.
    correction:
      statement: Arland's capital is Neu-Arlburg.
      source: beta-2026
      locator: Capitals, para 1
""",
    "arland/economy.yaml": """\
subject: arland
topic: economy
facts:
  - id: arland.growth-2025
    statement: Arland's economy grew by about 4.5% in 2025.
    metric: growth_rate
    value: 4.5
    unit: '%'
    qualifier: approximate
    as_of: '2025'
    source: alpha-2025
    locator: Economy, para 1
  - id: arland.growth-2026
    statement: Arland's economy grew by 5.1% this year.
    metric: growth_rate
    value: 5.1
    unit: '%'
    as_of: '2026'
    resolved_from: this year
    source: beta-2026
    locator: Growth, para 3
""",
    "borduria/governance.yaml": """\
subject: borduria
topic: governance
facts:
  - id: borduria.freedom-score-2025
    statement: Borduria scored 40 of 100 on the freedom score in 2025.
    metric: freedom_score
    value: 40
    unit: points
    scale: 0-100
    as_of: '2025'
    source: alpha-2025
    locator: Governance, para 1
""",
    "borduria/diplomacy.yaml": """\
subject: borduria
topic: diplomacy
facts:
  - id: borduria.klow-treaty
    statement: Borduria and Syldavia signed the Treaty of Klow on 19-20 December last year.
    value: Treaty of Klow
    as_of: 2025-12-19/2025-12-20
    resolved_from: last year
    source: beta-2026
    locator: Treaties, para 2
    related: [syldavia]
  - id: borduria.union-member
    statement: Borduria is a member of the Steppe Union.
    value: true
    as_of: '2025-08-15'
    source: alpha-2025
    locator: Diplomacy, para 4
""",
    "syldavia/governance.yaml": """\
subject: syldavia
topic: governance
facts:
  - id: syldavia.freedom-score-2025
    statement: Syldavia scored 75 of 100 on the freedom score in 2025.
    metric: freedom_score
    value: 75
    unit: points
    scale: 0-100
    as_of: '2025'
    source: beta-2026
    locator: Scores, para 1
""",
    "syldavia/diplomacy.yaml": """\
subject: syldavia
topic: diplomacy
facts:
  - id: syldavia.aid-pledge-2025
    statement: Syldavia pledged 1,200 million USD of aid to Arland and Borduria in June 2025.
    value: 1200
    unit: million USD
    as_of: '2025-06'
    source: alpha-2025
    locator: Aid, para 1
    related: [arland, borduria]
""",
    "steppe/economy.yaml": """\
subject: steppe
topic: economy
facts:
  - id: steppe.mine-sites-2025
    statement: The Steppe has more than 300 known mine sites.
    metric: mine_sites
    value: 300
    unit: sites
    qualifier: more-than
    as_of: '2025'
    source: alpha-2025
    locator: Mines, para 1
    notes: Counted by the brief's authors.
""",
}

# Two problems: an impossible month (line 8, column 12) and an unknown field (line 19, column 5).
BROKEN_FILE = (
    "borduria/economy.yaml",
    """\
subject: borduria
topic: economy
facts:
  - id: borduria.growth-2025
    statement: Borduria grew.
    metric: growth_rate
    value: 3.0
    as_of: '2025-13'
    source: alpha-2025
    locator: Economy, para 2
  - id: borduria.mines
    statement: Borduria has 12 mine sites.
    metric: mine_sites
    value: 12
    unit: sites
    as_of: '2025'
    source: alpha-2025
    locator: Mines, para 2
    colour: red
""",
)


def write_fixture_base(root: Path, broken: bool = False) -> Path:
    """Write the fixture base (with `broken`, plus BROKEN_FILE) into root and return root."""
    texts = {
        "subjects.yaml": SUBJECTS,
        "topics.yaml": TOPICS,
        "sources.yaml": SOURCES,
        "metrics.yaml": METRICS,
        **FACT_FILES,
    }
    if broken:
        texts[BROKEN_FILE[0]] = BROKEN_FILE[1]
    for rel, text in texts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_base(tmp_path_factory.mktemp("fixture") / "facts")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_base(tmp_path_factory.mktemp("broken") / "facts", broken=True)


def run(base: Path | None, *args: str, **extra):
    """Run c5lens in-process: over the fixture base alone, or (base None) the shipped base."""
    if base is None:
        return runner.invoke(app, list(args), env=SHIPPED_ENV, **extra)
    return runner.invoke(app, [*args, "--facts-dir", str(base)], env=ENV, **extra)


# C5LENS_UPDATE_GOLDEN=1 rewrites EXPECTED below from real output (test_command_output).
UPDATE = os.environ.get("C5LENS_UPDATE_GOLDEN", "") not in ("", "0")
EXPECTED = {
    "facts": """\
Governance
Subject    Value       As of            Statement                                         Source
────────────────────────────────────────────────────────────────────────────────────────────────────
arland        40/100   2025             Arland scored 40 of 100 on the freedom score in   alpha-2025
                                        2025.
arland     corrected   15 August 2025   The brief calls Arlburg the capital of Arland.    alpha-2025
borduria      40/100   2025             Borduria scored 40 of 100 on the freedom score    alpha-2025
                                        in 2025.
syldavia      75/100   2025             Syldavia scored 75 of 100 on the freedom score    beta-2026
                                        in 2025.
Economy
Subject   Value                As of   Statement                                        Source
──────────────────────────────────────────────────────────────────────────────────────────────────
arland               ~4.5% ≠   2025    Arland's economy grew by about 4.5% in 2025.     alpha-2025
            5.1% (beta-2026)
arland                5.1% ≠   2026    Arland's economy grew by 5.1% this year.         beta-2026
          ~4.5% (alpha-2025)
steppe            >300 sites   2025    The Steppe has more than 300 known mine sites.   alpha-2025
Diplomacy
Subject    Value               As of                 Statement                            Source
────────────────────────────────────────────────────────────────────────────────────────────────────
borduria   Treaty of Klow      19–20 December 2025   Borduria and Syldavia signed the     beta-2026
                                                     Treaty of Klow on 19-20 December
                                                     last year.
borduria   yes                 15 August 2025        Borduria is a member of the Steppe   alpha-2025
                                                     Union.
syldavia   1,200 million USD   June 2025             Syldavia pledged 1,200 million USD   alpha-2025
                                                     of aid to Arland and Borduria in
                                                     June 2025.
""",
    "facts --topic economy": """\
Economy
Subject   Value                As of   Statement                                        Source
──────────────────────────────────────────────────────────────────────────────────────────────────
arland               ~4.5% ≠   2025    Arland's economy grew by about 4.5% in 2025.     alpha-2025
            5.1% (beta-2026)
arland                5.1% ≠   2026    Arland's economy grew by 5.1% this year.         beta-2026
          ~4.5% (alpha-2025)
steppe            >300 sites   2025    The Steppe has more than 300 known mine sites.   alpha-2025
""",
    "facts --country Арланд": """\
Governance
Subject   Value       As of            Statement                                          Source
────────────────────────────────────────────────────────────────────────────────────────────────────
arland       40/100   2025             Arland scored 40 of 100 on the freedom score in    alpha-2025
                                       2025.
arland    corrected   15 August 2025   The brief calls Arlburg the capital of Arland.     alpha-2025
Economy
Subject   Value                As of   Statement                                      Source
────────────────────────────────────────────────────────────────────────────────────────────────
arland               ~4.5% ≠   2025    Arland's economy grew by about 4.5% in 2025.   alpha-2025
            5.1% (beta-2026)
arland                5.1% ≠   2026    Arland's economy grew by 5.1% this year.       beta-2026
          ~4.5% (alpha-2025)
""",
    "facts --topic economy --source alpha-2025": """\
Economy
Subject   Value              As of   Statement                                        Source
────────────────────────────────────────────────────────────────────────────────────────────────
arland             ~4.5% ≠   2025    Arland's economy grew by about 4.5% in 2025.     alpha-2025
          5.1% (beta-2026)
steppe          >300 sites   2025    The Steppe has more than 300 known mine sites.   alpha-2025
""",
    "facts --metric freedom_score": """\
Governance
Subject    Value    As of   Statement                                                 Source
────────────────────────────────────────────────────────────────────────────────────────────────
arland     40/100   2025    Arland scored 40 of 100 on the freedom score in 2025.     alpha-2025
borduria   40/100   2025    Borduria scored 40 of 100 on the freedom score in 2025.   alpha-2025
syldavia   75/100   2025    Syldavia scored 75 of 100 on the freedom score in 2025.   beta-2026
""",
    "country arland": """\
Arland  country · XA / XAR / 901 · 4 facts from 2 sources
Governance
As of            Value                       Statement                                    Source
────────────────────────────────────────────────────────────────────────────────────────────────────
2025                                40/100   Arland scored 40 of 100 on the freedom       alpha-2025
                                             score in 2025.
15 August 2025   corrected                   The brief calls Arlburg the capital of       alpha-2025
                                             Arland. — corrected: Arland's capital is
                                             Neu-Arlburg.
Economy
As of            Value                       Statement                                    Source
────────────────────────────────────────────────────────────────────────────────────────────────────
2025              ~4.5% ≠ 5.1% (beta-2026)   Arland's economy grew by about 4.5% in       alpha-2025
                                             2025.
2026             5.1% ≠ ~4.5% (alpha-2025)   Arland's economy grew by 5.1% this year.     beta-2026
Involving Arland
Subject    As of            Value                       Statement                         Source
────────────────────────────────────────────────────────────────────────────────────────────────────
syldavia   June 2025                1,200 million USD   Syldavia pledged 1,200 million    alpha-2025
                                                        USD of aid to Arland and
                                                        Borduria in June 2025.
""",
    "country XB --full": """\
Borduria  country · XB / XBO / 902 · 3 facts from 2 sources
Governance
Value    As of   Statement                                   Source       Locator              Notes
────────────────────────────────────────────────────────────────────────────────────────────────────
40/100   2025    Borduria scored 40 of 100 on the freedom    alpha-2025   Governance, para 1   —
                 score in 2025.
Diplomacy
Value            As of                 Statement              Source       Locator             Notes
────────────────────────────────────────────────────────────────────────────────────────────────────
Treaty of Klow   19–20 December 2025   Borduria and           beta-2026    Treaties, para 2    —
                                       Syldavia signed the
                                       Treaty of Klow on
                                       19-20 December last
                                       year.
yes              15 August 2025        Borduria is a member   alpha-2025   Diplomacy, para 4   —
                                       of the Steppe Union.
""",
    "country syldavia --topic diplomacy": """\
Syldavia  partner · XS / XSY / 903 · 1 fact from 1 source
Diplomacy
As of                 Value               Statement                                       Source
────────────────────────────────────────────────────────────────────────────────────────────────────
June 2025             1,200 million USD   Syldavia pledged 1,200 million USD of aid to    alpha-2025
                                          Arland and Borduria in June 2025.
Involving Syldavia
Subject    As of                 Value               Statement                            Source
────────────────────────────────────────────────────────────────────────────────────────────────────
borduria   19–20 December 2025   Treaty of Klow      Borduria and Syldavia signed the     beta-2026
                                                     Treaty of Klow on 19-20 December
                                                     last year.
""",
    "country 'great steppe'": """\
The Steppe  region · no ISO code · 1 fact from 1 source
Economy
As of   Value        Statement                                        Source
────────────────────────────────────────────────────────────────────────────────
2025    >300 sites   The Steppe has more than 300 known mine sites.   alpha-2025
""",
    "countries": """\
Key        Name         Kind      Codes                    Also known as                       Facts
────────────────────────────────────────────────────────────────────────────────────────────────────
arland     Arland       country   XA / XAR / 901 · fb xa   XA, XAR, 901, xa, Republic of           4
                                                           Arland, Арланд
borduria   Borduria     country   XB / XBO / 902           XB, XBO, 902, Bordurian Republic,       3
                                                           Бордурия
syldavia   Syldavia     partner   XS / XSY / 903           XS, XSY, 903, Kingdom of Syldavia       2
steppe     The Steppe   region    —                        Great Steppe                            1
""",
    "compare": """\
Metric                    Arland   Borduria   Differs
──────────────────────────────────────────────────────────────
Freedom score             40/100     40/100
                            2025       2025
Growth rate                 5.1%          —   ≠ dates, sources
                 2026, beta-2026
                         ≠ ~4.5%
                2025, alpha-2025
""",
    "compare arland borduria syldavia --metric freedom_score": """\
Metric          Arland   Borduria   Syldavia   Differs
────────────────────────────────────────────────────────
Freedom score   40/100     40/100     75/100   ≠ sources
                  2025       2025       2025
""",
    "rank freedom_score": """\
Freedom score (freedom_score): Freedom score, 0-100 (higher is freer).
#   Subject     Value   As of   Source
──────────────────────────────────────────
1   Syldavia   75/100   2025    beta-2026
2   Arland     40/100   2025    alpha-2025
2   Borduria   40/100   2025    alpha-2025
""",
    "rank freedom_score --ascending": """\
Freedom score (freedom_score): Freedom score, 0-100 (higher is freer).
#   Subject     Value   As of   Source
──────────────────────────────────────────
1   Arland     40/100   2025    alpha-2025
1   Borduria   40/100   2025    alpha-2025
3   Syldavia   75/100   2025    beta-2026
""",
    "rank growth_rate": """\
Growth rate (growth_rate): Annual GDP growth rate.
#   Subject                 Value   As of   Source
─────────────────────────────────────────────────────
1   Arland                 5.1% ≠   2026    beta-2026
               ~4.5% (alpha-2025)
—   Borduria              missing   —       —
""",
    "metrics": """\
Metric          Label           Unit     Description                      Subjects
────────────────────────────────────────────────────────────────────────────────────────────────────
freedom_score   Freedom score   points   Freedom score, 0-100 (higher     arland, borduria, syldavia
                                         is freer).
growth_rate     Growth rate     %        Annual GDP growth rate.          arland
mine_sites      Mine sites      sites    Number of known mine sites.      steppe
""",
    "topics": """\
Topic        Description                               Facts
────────────────────────────────────────────────────────────
governance   Political system and political freedom.   4
economy      Output, growth and mines.                 3
diplomacy    Summits, treaties and aid.                3
""",
    "fact arland.capital": """\
id              arland.capital
subject         Arland (arland)
topic           governance
statement       The brief calls Arlburg the capital of Arland.
value           Arlburg
as of           15 August 2025 (2025-08-15, day precision)
resolved from   "currently"
source          alpha-2025: Arland and Borduria after the thaw
locator         Governance, para 2
notes           The source is wrong here.
correction      Arland's capital is Neu-Arlburg. (beta-2026, Capitals, para 1)
file            arland/governance.yaml
cite as         The brief calls Arlburg the capital of Arland. Source: Byron, Ada. “Arland and
                Borduria after the thaw.” Issue brief, Example Institute, 15 August 2025,
                Governance, para 2. https://example.org/alpha [c5lens fact arland.capital]
""",
    "fact arland.growth-2025": """\
id               arland.growth-2025
subject          Arland (arland)
topic            economy
statement        Arland's economy grew by about 4.5% in 2025.
value            ~4.5%
raw value        4.5
metric           growth_rate
as of            2025 (2025, year precision)
source           alpha-2025: Arland and Borduria after the thaw
locator          Economy, para 1
disagrees with   5.1% (beta-2026: arland.growth-2026)
file             arland/economy.yaml
cite as          Arland's economy grew by about 4.5% in 2025. Source: Byron, Ada. “Arland and
                 Borduria after the thaw.” Issue brief, Example Institute, 15 August 2025, Economy,
                 para 1. https://example.org/alpha [c5lens fact arland.growth-2025]
""",
    "fact borduria.klow-treaty": """\
id              borduria.klow-treaty
subject         Borduria (borduria)
topic           diplomacy
statement       Borduria and Syldavia signed the Treaty of Klow on 19-20 December last year.
value           Treaty of Klow
as of           19–20 December 2025 (2025-12-19/2025-12-20, day precision)
resolved from   "last year"
source          beta-2026: Syldavia's steppe policy
locator         Treaties, para 2
related         syldavia
file            borduria/diplomacy.yaml
cite as         Borduria and Syldavia signed the Treaty of Klow on 19-20 December last year. Source:
                Chen, Bo. “Syldavia's steppe policy.” Opinion article, publisher not stated, 2026,
                Treaties, para 2. [c5lens fact borduria.klow-treaty]
""",
    "fact borduria.union-member": """\
id          borduria.union-member
subject     Borduria (borduria)
topic       diplomacy
statement   Borduria is a member of the Steppe Union.
value       yes
as of       15 August 2025 (2025-08-15, day precision)
source      alpha-2025: Arland and Borduria after the thaw
locator     Diplomacy, para 4
file        borduria/diplomacy.yaml
cite as     Borduria is a member of the Steppe Union. Source: Byron, Ada. “Arland and Borduria after
            the thaw.” Issue brief, Example Institute, 15 August 2025, Diplomacy, para 4.
            https://example.org/alpha [c5lens fact borduria.union-member]
""",
    "search freedom": """\
Fact                          Value    Statement
──────────────────────────────────────────────────────────────────────────────────────────────
borduria.freedom-score-2025   40/100   Borduria scored 40 of 100 on the freedom score in 2025.
syldavia.freedom-score-2025   75/100   Syldavia scored 75 of 100 on the freedom score in 2025.
arland.freedom-score-2025     40/100   Arland scored 40 of 100 on the freedom score in 2025.
""",
    "search klow treaty": """\
Fact                   Value            Statement
────────────────────────────────────────────────────────────────────────────────────────────────────
borduria.klow-treaty   Treaty of Klow   Borduria and Syldavia signed the Treaty of Klow on 19-20
                                        December last year.
""",
    "search arland -n 2": """\
Fact                        Value                Statement
────────────────────────────────────────────────────────────────────────────────────────────────────
arland.growth-2026          5.1% ≠               Arland's economy grew by 5.1% this year.
                            ~4.5% (alpha-2025)
arland.freedom-score-2025   40/100               Arland scored 40 of 100 on the freedom score in
                                                 2025.
""",
    "timeline": """\
2025
Subject    As of                 Value                       Statement                    Source
────────────────────────────────────────────────────────────────────────────────────────────────────
arland     2025                                     40/100   Arland scored 40 of 100 on   alpha-2025
                                                             the freedom score in 2025.
arland     2025                   ~4.5% ≠ 5.1% (beta-2026)   Arland's economy grew by     alpha-2025
                                                             about 4.5% in 2025.
borduria   2025                                     40/100   Borduria scored 40 of 100    alpha-2025
                                                             on the freedom score in
                                                             2025.
syldavia   2025                                     75/100   Syldavia scored 75 of 100    beta-2026
                                                             on the freedom score in
                                                             2025.
steppe     2025                                 >300 sites   The Steppe has more than     alpha-2025
                                                             300 known mine sites.
syldavia   June 2025                     1,200 million USD   Syldavia pledged 1,200       alpha-2025
                                                             million USD of aid to
                                                             Arland and Borduria in
                                                             June 2025.
arland     15 August 2025        corrected                   The brief calls Arlburg      alpha-2025
                                                             the capital of Arland. —
                                                             corrected: Arland's
                                                             capital is Neu-Arlburg.
borduria   15 August 2025        yes                         Borduria is a member of      alpha-2025
                                                             the Steppe Union.
borduria   19–20 December 2025   Treaty of Klow              Borduria and Syldavia        beta-2026
                                                             signed the Treaty of Klow
                                                             on 19-20 December last
                                                             year.
2026
Subject    As of                 Value                       Statement                    Source
────────────────────────────────────────────────────────────────────────────────────────────────────
arland     2026                  5.1% ≠ ~4.5% (alpha-2025)   Arland's economy grew by     beta-2026
                                                             5.1% this year.
""",
    "timeline --since 2025-09 --until 2025-12": """\
2025
Subject    As of                 Value                      Statement                     Source
────────────────────────────────────────────────────────────────────────────────────────────────────
arland     2025                                    40/100   Arland scored 40 of 100 on    alpha-2025
                                                            the freedom score in 2025.
arland     2025                  ~4.5% ≠ 5.1% (beta-2026)   Arland's economy grew by      alpha-2025
                                                            about 4.5% in 2025.
borduria   2025                                    40/100   Borduria scored 40 of 100     alpha-2025
                                                            on the freedom score in
                                                            2025.
syldavia   2025                                    75/100   Syldavia scored 75 of 100     beta-2026
                                                            on the freedom score in
                                                            2025.
steppe     2025                                >300 sites   The Steppe has more than      alpha-2025
                                                            300 known mine sites.
borduria   19–20 December 2025   Treaty of Klow             Borduria and Syldavia         beta-2026
                                                            signed the Treaty of Klow
                                                            on 19-20 December last
                                                            year.
""",
    "timeline --involving syldavia": """\
2025
Subject    As of                 Value               Statement                            Source
────────────────────────────────────────────────────────────────────────────────────────────────────
syldavia   2025                             75/100   Syldavia scored 75 of 100 on the     beta-2026
                                                     freedom score in 2025.
syldavia   June 2025             1,200 million USD   Syldavia pledged 1,200 million USD   alpha-2025
                                                     of aid to Arland and Borduria in
                                                     June 2025.
borduria   19–20 December 2025   Treaty of Klow      Borduria and Syldavia signed the     beta-2026
                                                     Treaty of Klow on 19-20 December
                                                     last year.
""",
    "sources": """\
Id           Title               Author      Publisher          Published    Kind              Facts
────────────────────────────────────────────────────────────────────────────────────────────────────
alpha-2025   Arland and          Ada Byron   Example            2025-08-15   issue brief       7
             Borduria after                  Institute
             the thaw
beta-2026    Syldavia's steppe   Bo Chen     —                  2026         opinion article   3
             policy
""",
    "source beta-2026": """\
id          beta-2026
title       Syldavia's steppe policy
author      Bo Chen
publisher   not stated
published   2026 (year precision)
kind        opinion article
document    beta.txt
url         not known
facts       3
cite as     Chen, Bo. “Syldavia's steppe policy.” Opinion article, publisher not stated, 2026.
Governance
Subject    Value    As of   Statement                                                 Source
───────────────────────────────────────────────────────────────────────────────────────────────
syldavia   75/100   2025    Syldavia scored 75 of 100 on the freedom score in 2025.   beta-2026
Economy
Subject   Value                As of   Statement                                  Source
───────────────────────────────────────────────────────────────────────────────────────────
arland                5.1% ≠   2026    Arland's economy grew by 5.1% this year.   beta-2026
          ~4.5% (alpha-2025)
Diplomacy
Subject    Value            As of                 Statement                                Source
────────────────────────────────────────────────────────────────────────────────────────────────────
borduria   Treaty of Klow   19–20 December 2025   Borduria and Syldavia signed the         beta-2026
                                                  Treaty of Klow on 19-20 December last
                                                  year.
""",
    "cite arland.capital": (
        "The brief calls Arlburg the capital of Arland. Source: Byron, Ada. “Arland and Borduria "
        "after the thaw.” Issue brief, Example Institute, 15 August 2025, Governance, para "
        "2. https://example.org/alpha [c5lens fact arland.capital]\n"
    ),
    "cite alpha-2025": (
        "Byron, Ada. “Arland and Borduria after the thaw.” Issue brief, Example Institute, "
        "15 August 2025. https://example.org/alpha\n"
    ),
    "cite beta-2026": """\
Chen, Bo. “Syldavia's steppe policy.” Opinion article, publisher not stated, 2026.
""",
    "cite alpha-2025 --format bibtex": """\
@techreport{alpha-2025,
  author = {Byron, Ada},
  title = {{Arland and Borduria after the thaw}},
  institution = {Example Institute},
  type = {Issue brief},
  year = {2025},
  month = aug,
  url = {https://example.org/alpha},
  note = {A test source.}
}
""",
    "cite arland.capital --format bibtex": """\
@techreport{arland.capital,
  author = {Byron, Ada},
  title = {{Arland and Borduria after the thaw}},
  institution = {Example Institute},
  type = {Issue brief},
  year = {2025},
  month = aug,
  url = {https://example.org/alpha},
  note = {Governance, para 2. The brief calls Arlburg the capital of Arland.}
}
""",
    "cite beta-2026 --format csl-json": """\
[
  {
    "id": "beta-2026",
    "type": "article",
    "title": "Syldavia's steppe policy",
    "author": [
      {
        "family": "Chen",
        "given": "Bo"
      }
    ],
    "issued": {
      "date-parts": [
        [
          2026
        ]
      ]
    },
    "genre": "opinion article"
  }
]
""",
    "cite arland.growth-2025 --format csl-json": """\
[
  {
    "id": "arland.growth-2025",
    "type": "report",
    "title": "Arland and Borduria after the thaw",
    "author": [
      {
        "family": "Byron",
        "given": "Ada"
      }
    ],
    "publisher": "Example Institute",
    "issued": {
      "date-parts": [
        [
          2025,
          8,
          15
        ]
      ]
    },
    "genre": "issue brief",
    "URL": "https://example.org/alpha",
    "note": "Economy, para 1. Arland's economy grew by about 4.5% in 2025."
  }
]
""",
    "conflicts": """\
1. Arland: Growth rate (growth_rate)
Value     As of   Source       Fact
─────────────────────────────────────────────────
~4.5% ≠   2025    alpha-2025   arland.growth-2025
 5.1% ≠   2026    beta-2026    arland.growth-2026
""",
}


# --- running c5lens ------------------------------------------------------------------------------


class Cli:
    """c5lens in-process over one base: the fixture's alone, or (base None) the shipped one."""

    def __init__(self, base: Path | None, env: dict[str, str | None]) -> None:
        self.base, self.env = base, env

    def __call__(self, *args: str, **extra):
        if self.base is not None:
            args = (*args, "--facts-dir", str(self.base))
        return runner.invoke(app, list(args), env=self.env, **extra)


# c5lens may keep an index of a base in the user's cache directory: tests use their own, and run
# the lookups both through it and straight from the YAML (C5LENS_NO_CACHE=1); both must agree.
MODES = {"index": None, "yaml": "1"}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module", params=list(MODES))
def c5(request: pytest.FixtureRequest, base: Path, cache: str) -> Cli:
    return Cli(base, {**ENV, "XDG_CACHE_HOME": cache, "C5LENS_NO_CACHE": MODES[request.param]})


@pytest.fixture(scope="module", params=list(MODES))
def c5_broken(request: pytest.FixtureRequest, broken: Path, cache: str) -> Cli:
    return Cli(broken, {**ENV, "XDG_CACHE_HOME": cache, "C5LENS_NO_CACHE": MODES[request.param]})


@pytest.fixture(scope="module")
def shipped(cache: str) -> Cli:
    return Cli(None, {**SHIPPED_ENV, "XDG_CACHE_HOME": cache})


# --- every command, exact output -----------------------------------------------------------------


@pytest.mark.parametrize("command", list(EXPECTED))
def test_command_output(c5: Cli, command: str) -> None:
    result = c5(*shlex.split(command))
    assert (result.exit_code, result.stderr) == (0, "")
    if UPDATE and result.stdout != EXPECTED[command]:
        # rewrite the expected text in this file; read `git diff tests/test_cli.py` after
        source = Path(__file__).read_text(encoding="utf-8")
        old, new = f'"""\\\n{EXPECTED[command]}"""', f'"""\\\n{result.stdout}"""'
        assert source.count(old) == 1 and "\\" not in result.stdout + EXPECTED[command]
        Path(__file__).write_text(source.replace(old, new), encoding="utf-8")
        EXPECTED[command] = result.stdout
    assert result.stdout == EXPECTED[command]


def test_validate_clean_base(c5: Cli) -> None:
    result = c5("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no problems found\n")
    result = c5("validate", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "[]\n", "")


def test_schema_prints_the_shipped_schema() -> None:
    result = runner.invoke(app, ["schema"], env=ENV)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == files("c5lens.render").joinpath("schema.json").read_text(
        encoding="utf-8"
    )
    assert json.loads(result.stdout)["$id"] == "c5lens-output-v1"


def test_empty_results_exit_0(c5: Cli) -> None:
    result = c5("search", "nothing-matches-this")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "c5lens: no facts match\n"
    result = c5("search", "nothing-matches-this", "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "[]\n", "")
    result = c5("compare", "borduria", "--topic", "diplomacy")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "c5lens: no comparable metrics for these subjects\n"
    result = c5("timeline", "--since", "2030", "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "[]\n", "")


def test_country_json_is_subject_and_facts(c5: Cli) -> None:
    result = c5("country", "Бордурия", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["subject"] == {
        "key": "borduria",
        "name": "Borduria",
        "kind": "country",
        "iso_alpha2": "XB",
        "iso_alpha3": "XBO",
        "iso_numeric": "902",
        "factbook": None,
        "names": ["borduria", "Borduria", "XB", "XBO", "902", "Bordurian Republic", "Бордурия"],
        "facts": 3,
    }
    assert [f["id"] for f in data["facts"]] == [
        "borduria.freedom-score-2025",
        "borduria.klow-treaty",
        "borduria.union-member",
    ]


# --- errors: one line on stderr, nothing on stdout -----------------------------------------------

NOT_FOUND = {
    "country arlnd": "unknown subject 'arlnd' (did you mean arland?)",
    "country zzz": "unknown subject 'zzz' (run 'c5lens countries' to list them)",
    "facts --country bordur": "unknown subject 'bordur' (did you mean borduria?)",
    "compare arland nowhere": "unknown subject 'nowhere' (run 'c5lens countries' to list them)",
    "timeline --country sildavia": "unknown subject 'sildavia' (did you mean syldavia?)",
    "fact arland.capitol": "unknown fact 'arland.capitol' (did you mean arland.capital?)",
    "source alpha-2026": "unknown source 'alpha-2026' (did you mean alpha-2025, beta-2026?)",
    "source gamma": "unknown source 'gamma'",
    "cite arland.capitol": "unknown fact or source 'arland.capitol' (did you mean arland.capital?)",
    "rank growth": "unknown metric 'growth' (did you mean growth_rate?)",
    "compare --metric nope": "unknown metric 'nope'",
    "facts --metric growth": "unknown metric 'growth' (did you mean growth_rate?)",
    "facts --topic econ": "unknown topic 'econ' (did you mean economy?)",
    "country arland --topic nope": "unknown topic 'nope'",
    "facts --source gamma-2025": "unknown source 'gamma-2025' (did you mean alpha-2025?)",
}


@pytest.mark.parametrize("command", list(NOT_FOUND))
def test_not_found_exits_3(c5: Cli, command: str) -> None:
    result = c5(*shlex.split(command))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"c5lens: error: {NOT_FOUND[command]}\n"


FACT_FIELDS = (
    "id, country, topic, metric, statement, value, unit, qualifier, scale, as_of, precision, "
    "resolved_from, source, related, notes, correction, file; inside them: source.id, "
    "source.title, source.author, source.publisher, source.published, source.kind, "
    "source.document, source.url, source.locator, correction.statement, correction.source, "
    "correction.locator"
)
USAGE = {
    "facts --format xml": "Invalid value for '--format': 'xml' is not one of table, json, jsonl, "
    "csv, tsv, yaml, markdown (see 'c5lens facts --help')",
    "facts --json --fields id,bogus": f"unknown field 'bogus'; valid fields: {FACT_FIELDS}",
    "country arland --format csv --fields id,nope,as_of": (
        f"unknown field 'nope'; valid fields: {FACT_FIELDS}"
    ),
    "rank freedom_score --format csv --fields rank,nope": "unknown field 'nope'; valid fields: "
    "rank, subject, value, unit, as_of, source, fact, disagrees_with",
    "topics --json --fields key,nope": (
        "unknown field 'nope'; valid fields: key, description, facts"
    ),
    "facts --fields id": "Invalid value for '--fields': --fields works with every format but "
    "table (see 'c5lens facts --help')",
    "facts --kind state": "Invalid value for '--kind': 'state' is not one of country, region, "
    "partner (see 'c5lens facts --help')",
    "timeline --since 2025-13": "Invalid value for '--since': invalid date '2025-13': month 13 is "
    "not 1-12 (see 'c5lens timeline --help')",
    "timeline --until yesterday": "Invalid value for '--until': invalid date 'yesterday': expected "
    "YYYY, YYYY-MM or YYYY-MM-DD (see 'c5lens timeline --help')",
    "cite arland.capital --format rtf": "Invalid value for '--format': 'rtf' is not one of text, "
    "bibtex, csl-json (see 'c5lens cite --help')",
    "search": "missing argument QUERY (see 'c5lens search --help')",
    "country": "missing argument NAME (see 'c5lens country --help')",
    "facts --bogus": "no such option --bogus; did you mean --bom? (see 'c5lens facts --help')",
    "countries --frobnicate": (
        "no such option --frobnicate; did you mean --format? (see 'c5lens countries --help')"
    ),
    "facts --topc x": "no such option --topc; did you mean --topic? (see 'c5lens facts --help')",
    "frobnicate": "no such command 'frobnicate' (see 'c5lens --help')",
    "search x -n -1": (
        "Invalid value for '--limit' / '-n': must be 0 or more (see 'c5lens search --help')"
    ),
}


@pytest.mark.parametrize("command", list(USAGE))
def test_usage_errors_exit_2(c5: Cli, command: str) -> None:
    result = c5(*shlex.split(command))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"c5lens: error: {USAGE[command]}\n"


def test_no_command_prints_help_to_stderr() -> None:
    result = runner.invoke(app, [], env=ENV)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: c5lens [OPTIONS] COMMAND [ARGS]...\n")
    assert "c5lens: error" not in result.stderr


# --- a base with a broken fact file --------------------------------------------------------------

BROKEN_PROBLEMS = [
    ("borduria/economy.yaml", 8, 12, "invalid date '2025-13': month 13 is not 1-12"),
    ("borduria/economy.yaml", 19, 5, "unknown field 'colour' in fact"),
]


def _problem_lines(root: Path, prefix: str = "") -> str:
    return "".join(f"{prefix}{root / p}:{line}:{col}: {m}\n" for p, line, col, m in BROKEN_PROBLEMS)


def test_lookups_print_valid_facts_and_exit_4(c5_broken: Cli) -> None:
    result = c5_broken("facts", "--topic", "economy")
    assert result.exit_code == 4
    assert result.stdout == EXPECTED["facts --topic economy"]
    assert result.stderr == _problem_lines(c5_broken.base, "c5lens: warning: ")

    result = c5_broken("country", "borduria", "--json")
    assert result.exit_code == 4
    assert [f["id"] for f in json.loads(result.stdout)["facts"]] == [
        "borduria.freedom-score-2025",
        "borduria.klow-treaty",
        "borduria.union-member",
    ]
    assert result.stderr == _problem_lines(c5_broken.base, "c5lens: warning: ")

    result = c5_broken("rank", "freedom_score")
    assert result.exit_code == 4
    assert result.stdout == EXPECTED["rank freedom_score"]


def test_validate_lists_every_problem_and_exits_4(c5_broken: Cli) -> None:
    result = c5_broken("validate")
    assert result.exit_code == 4
    assert result.stdout == _problem_lines(c5_broken.base)
    assert result.stderr == "2 problems found\n"


def test_validate_one_file(c5_broken: Cli) -> None:
    result = c5_broken("validate", str(c5_broken.base / "borduria" / "economy.yaml"))
    assert result.exit_code == 4
    assert result.stdout == _problem_lines(c5_broken.base)
    assert result.stderr == "2 problems found\n"
    result = c5_broken("validate", str(c5_broken.base / "arland" / "economy.yaml"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no problems found\n")


def test_validate_json_gives_problem_objects(c5_broken: Cli) -> None:
    result = c5_broken("validate", "--format", "json")
    assert (result.exit_code, result.stderr) == (4, "")
    assert json.loads(result.stdout) == [
        {"path": str(c5_broken.base / p), "line": line, "col": col, "message": m}
        for p, line, col, m in BROKEN_PROBLEMS
    ]


def test_many_problems_warn_five_and_count_the_rest(tmp_path: Path, cache: str) -> None:
    root = write_fixture_base(tmp_path / "facts")
    bad = "".join(
        f"  - id: steppe.bad-{i}\n    statement: S.\n    value: {i}\n    as_of: '2025'\n"
        f"    source: alpha-2025\n    locator: L\n    shade: {i}\n"
        for i in range(7)
    )
    (root / "steppe" / "governance.yaml").write_text(
        f"subject: steppe\ntopic: governance\nfacts:\n{bad}", encoding="utf-8"
    )
    result = Cli(root, {**ENV, "XDG_CACHE_HOME": cache})("topics")
    assert (result.exit_code, result.stdout) == (4, EXPECTED["topics"])
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert all(line.startswith("c5lens: warning: ") for line in lines)
    assert lines[0].endswith("/steppe/governance.yaml:10:5: unknown field 'shade' in fact")
    assert lines[5] == "c5lens: warning: 2 more problems; run 'c5lens validate' to see all"


# --- help ----------------------------------------------------------------------------------------

COMMANDS = [c.path for c in spec.COMMANDS]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_starts_with_a_purpose_and_has_examples(command: str) -> None:
    # terminal_width: as on a 100-column terminal (CliRunner would otherwise force 80)
    result = runner.invoke(app, [*command.split(), "--help"], env=ENV, terminal_width=98)
    assert (result.exit_code, result.stderr) == (0, "")
    usage, purpose, *_ = result.stdout.split("\n\n")
    assert usage.startswith(f"Usage: c5lens {command} [OPTIONS]")
    assert "\n" not in purpose.strip() and purpose.strip().endswith(".")
    assert purpose.startswith("  ") and purpose[2].isupper()
    assert "\n  Examples:\n" in result.stdout
    assert f"\n    c5lens {command}" in result.stdout


def test_main_help_lists_commands_and_exit_codes() -> None:
    result = runner.invoke(app, ["--help"], env=ENV, terminal_width=98)
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Exit codes:" in result.stdout and "130  interrupted (Ctrl-C)" in result.stdout
    listed = re.findall(r"^  (\w+) ", result.stdout.split("Commands:")[1], re.M)
    assert set(listed) == {c.split()[0] for c in COMMANDS}


# --- the shipped base ----------------------------------------------------------------------------

RANK_FREEDOM_HOUSE = """\
Freedom House score (freedom_house_score): Freedom House Freedom in the World aggregate score, 0-100
(higher is freer).
#   Subject         Value   As of   Source
─────────────────────────────────────────────
1   Kyrgyzstan     26/100   2025    imai-2025
2   Kazakhstan     23/100   2025    imai-2025
3   Uzbekistan     12/100   2025    imai-2025
4   Tajikistan      5/100   2025    imai-2025
5   Turkmenistan    1/100   2025    imai-2025
"""

COMPARE_FREEDOM_INDEX = """\
Metric                Kazakhstan   Kyrgyzstan   Tajikistan   Turkmenistan   Uzbekistan   Differs
────────────────────────────────────────────────────────────────────────────────────────────────
Freedom Index score     54.6/100     55.2/100     40.8/100       24.4/100       52/100
                            2024         2024         2024           2024         2024
"""

RANK_RARE_EARTH_MINING = (
    "Share of world rare-earth mining (global_rare_earth_mining_share): Share of the world's"
    " mining of rare earth elements done in the subject.",
    "1 China 70% 15 August 2025 imai-2025",
    "Broader measure: Share of world critical-mineral extraction"
    " (global_critical_mineral_extraction_share): Share of the world's extraction"
    " of rare earth elements and other critical minerals, taken together, done in the subject.",
    "China ~60% 2026 shamsuddinov-2026 china.global-rare-earth-mining-share-2026",
)


def test_shipped_country_kazakhstan(shipped: Cli) -> None:
    result = shipped("country", "kazakhstan")
    assert (result.exit_code, result.stderr) == (0, "")
    assert re.match(
        r"Kazakhstan  country · KZ / KAZ / 398 · \d+ facts from \d+ sources\n", result.stdout
    )
    assert "freedom" in result.stdout.lower()


def test_shipped_validate_is_clean(shipped: Cli) -> None:
    result = shipped("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no problems found\n")


def test_shipped_rank_freedom_house_score(shipped: Cli) -> None:
    result = shipped("rank", "freedom_house_score")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", RANK_FREEDOM_HOUSE)


def test_shipped_compare_freedom_index(shipped: Cli) -> None:
    result = shipped("compare", "--metric", "freedom_index_score")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", COMPARE_FREEDOM_INDEX)


def test_shipped_two_measures_of_china_rare_earths_are_linked_not_in_conflict(
    shipped: Cli,
) -> None:
    # The brief's 70% of rare-earth mining and the article's ~60% of the extraction of rare
    # earths and other critical minerals measure different things: two metrics, linked in the
    # registry, shown together by rank and never reported as a disagreement.
    result = shipped("conflicts", "--json")
    assert result.exit_code == 0
    groups = json.loads(result.stdout)
    assert not [g for g in groups if g["country"] == "china"]
    result = shipped("rank", "global_rare_earth_mining_share")
    assert (result.exit_code, result.stderr) == (0, "")
    shown = " ".join(re.sub(r"[─]+", " ", result.stdout).split())
    for part in RANK_RARE_EARTH_MINING:
        assert part in shown
    records = {m["key"]: m for m in json.loads(shipped("metrics", "--json").stdout)}
    mining = records["global_rare_earth_mining_share"]
    assert (mining["broader"], mining["narrower"], mining["related"]) == (
        ["global_critical_mineral_extraction_share"],
        [],
        [],
    )
    assert records["global_critical_mineral_extraction_share"]["narrower"] == [
        "global_rare_earth_mining_share"
    ]
    assert list(mining)[:5] == ["key", "unit", "topic", "description", "subjects"]


ALIASES = {
    "KZ": "kazakhstan",
    "KAZ": "kazakhstan",
    "398": "kazakhstan",
    "Қазақстан": "kazakhstan",
    "Oʻzbekiston": "uzbekistan",
    "Kirghizia": "kyrgyzstan",
    "USA": "united-states",
    "PRC": "china",
    "Nippon": "japan",
}


@pytest.mark.parametrize("name", list(ALIASES))
def test_shipped_aliases_resolve(shipped: Cli, name: str) -> None:
    result = shipped("country", name, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    subject = json.loads(result.stdout)["subject"]
    assert subject["key"] == ALIASES[name]
    assert name in subject["names"]
