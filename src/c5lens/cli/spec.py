"""Every c5lens command, declared once: name, arguments, options, help and examples (the lookups
here, the checking and maintenance commands in `spec_tools`).

`app` builds the Typer app from these declarations, `argv` the fast path's reader, and
`reference` docs/commands.md; tests take their command lists from `COMMANDS`. A new option is
one line here and a parameter of its handler (a test checks the two agree).
"""

from __future__ import annotations

from c5lens.cli.commands import checks, history, listings, lookups
from c5lens.cli.options import COMPARE_LONG, FILTER_PARAMS, OUTPUT_PARAMS, SEARCH_PARAMS
from c5lens.cli.options import DOCUMENTS as _DOCUMENTS
from c5lens.cli.options import SUBJECT as _SUBJECT
from c5lens.cli.params import FLAG, PATH, Command, Param, argument, option
from c5lens.cli.spec_tools import TOOLS

_FACTS_DIR = OUTPUT_PARAMS[3]

COMMANDS: tuple[Command, ...] = (
    Command(
        "validate",
        checks.validate,
        "Check fact files; report each problem as path:line:col.",
        details="Exits 0 when there are no problems and 4 when there are.",
        examples=(
            "c5lens validate",
            "c5lens validate ~/my-facts",
            "c5lens validate facts/kazakhstan/governance.yaml --format json",
        ),
        params=(
            argument(
                "paths",
                "PATH",
                "Fact files or directories to check (default: every loaded directory).",
                many=True,
                required=False,
                kind=PATH,
            ),
        ),
    ),
    Command(
        "facts",
        lookups.facts,
        "List facts, filtered by subject, topic, source or metric.",
        examples=(
            "c5lens facts --country kazakhstan --topic governance",
            "c5lens facts --metric freedom_house_score --json",
            "c5lens facts --source imai-2025 --format csv --fields id,value,as_of",
        ),
        filters=True,
    ),
    Command(
        "country",
        lookups.country,
        "Show a subject's profile: basics, then findings by topic.",
        details="The basics come from reference works (The World Factbook); the findings, from "
        "the analytic documents. Where sources disagree, the value is marked ≠ and every value "
        "is shown.",
        examples=(
            "c5lens country kazakhstan",
            "c5lens country KG --topic governance --full",
            "c5lens country Ўзбекистон --json",
        ),
        params=(
            _SUBJECT,
            option("full", "--full", kind=FLAG, default=False, help="Add locators and notes."),
        ),
        filters=True,
    ),
    Command(
        "countries",
        listings.countries,
        "List the subjects with their codes, names and facts.",
        examples=(
            "c5lens countries",
            "c5lens countries --json | jq -r '.[] | select(.kind == \"country\") | .key'",
        ),
    ),
    Command(
        "topics",
        listings.topics,
        "List the topics with their descriptions and fact counts.",
        examples=("c5lens topics", "c5lens topics --format csv"),
    ),
    Command(
        "metrics",
        listings.metrics,
        "List the comparable metrics with units and subjects.",
        examples=("c5lens metrics", "c5lens metrics --json | jq -r '.[].key'"),
    ),
    Command(
        "fact",
        lookups.fact,
        "Show one fact in full, with its complete citation.",
        examples=(
            "c5lens fact kazakhstan.freedom-house-score-2025",
            "c5lens fact china.global-rare-earth-mining-share-2025 --json",
            "c5lens fact japan.distance-tokyo-to-almaty --evidence --documents ../shared/sources",
        ),
        params=(
            argument("fact_id", "ID", "A fact id.", complete="fact"),
            option(
                "evidence",
                "--evidence",
                kind=FLAG,
                default=False,
                help="Also print the paragraph (or Factbook field) the fact cites, its figures "
                "highlighted; --json adds it as `evidence`.",
            ),
            _DOCUMENTS,
        ),
    ),
    Command(
        "compare",
        lookups.compare,
        "Compare subjects side by side, one row per metric.",
        details="Each cell is the latest value with its date. A row whose cells differ in date, "
        "unit or source is marked in the Differs column; where sources disagree, a cell shows "
        "every value. The table leaves long text lists (languages, partners) out unless "
        "--metric or --all asks for them; --json always has every metric.",
        examples=(
            "c5lens compare",
            "c5lens compare kazakhstan uzbekistan --topic governance --all",
            "c5lens compare kazakhstan japan united-states --metric freedom_index_score",
            "c5lens compare c5 --metric population,area --format csv > c5.csv",
        ),
        params=(
            argument(
                "names",
                "NAME",
                "Subjects to compare (default: the five countries).",
                many=True,
                required=False,
                complete="subject",
            ),
            option(
                "show_all",
                "--all",
                kind=FLAG,
                default=False,
                help="Also show the long text lists, one block per subject.",
            ),
            COMPARE_LONG,
        ),
        filters=True,
    ),
    Command(
        "rank",
        lookups.rank,
        "Rank subjects by a numeric metric.",
        details="Ties share a rank; subjects without the metric show as missing.",
        examples=(
            "c5lens rank freedom_house_score",
            "c5lens rank critical_mineral_sites --ascending",
            "c5lens rank freedom_index_score --format csv",
        ),
        params=(
            argument("metric_key", "METRIC", "A numeric metric key.", complete="metric"),
            option(
                "ascending",
                "--ascending",
                off="--descending",
                kind=FLAG,
                default=False,
                help="Smallest first, or largest first.",
            ),
        ),
        filters=True,
    ),
    Command(
        "history",
        history.history,
        "Show a subject's values of one metric over time.",
        details="Oldest first, each with its source; on a terminal, a sparkline where there are "
        "three or more dates. The filters narrow the values (--since, --until, --source).",
        examples=(
            "c5lens history kazakhstan real_gdp_growth_rate",
            "c5lens history KZ inflation_rate --since 2020 --json",
        ),
        params=(_SUBJECT, argument("metric_key", "METRIC", "A metric key.", complete="metric")),
        filters=True,
    ),
    Command(
        "search",
        lookups.search,
        "Search statements, values, notes, metrics and names.",
        details=(
            "Best matches first (bm25; ties in reading order). Each word must be a word of the "
            'fact, ignoring case and diacritics; word* is a prefix and "two words" (quoted '
            "inside the shell's quotes) a phrase. A subject's every name (KZ, Kirghizia, ...) "
            "finds the facts filed under it; source titles only with --in source."
        ),
        examples=(
            "c5lens search rare earth",
            "c5lens search 'miner*' --json",
            "c5lens search '\"middle corridor\"'",
            "c5lens search Kirghizia --topic governance",
            "c5lens search imai --in source -n 5",
        ),
        params=(
            argument("query", "QUERY", "Words to look for.", many=True),
            *SEARCH_PARAMS,
        ),
        filters=True,
    ),
    Command(
        "timeline",
        lookups.timeline,
        "List dated facts by year, each at its known precision.",
        details="The basics of a reference work (The World Factbook's profiles) are left out "
        "unless --all or --source asks for them.",
        examples=(
            "c5lens timeline --since 2025",
            "c5lens timeline --involving japan --since 2025-06 --until 2025-12",
            "c5lens timeline --precision day",
        ),
        params=(
            option(
                "all_facts",
                "--all",
                kind=FLAG,
                default=False,
                help="Keep the reference-work basics dated to their edition too.",
            ),
            option(
                "precision",
                "--precision",
                metavar="PRECISION",
                help="Only facts dated at least this precisely: day, month or year.",
            ),
        ),
        filters=True,
    ),
    Command(
        "sources",
        listings.sources,
        "List the source documents and how many facts cite each.",
        examples=("c5lens sources", "c5lens sources --json | jq '.[] | {id, facts}'"),
    ),
    Command(
        "source",
        listings.source,
        "Show one source's record and the facts that cite it.",
        examples=("c5lens source imai-2025", "c5lens source shamsuddinov-2026 --format jsonl"),
        params=(argument("source_id", "ID", "A source id.", complete="source"),),
    ),
    Command(
        "conflicts",
        listings.conflicts,
        "List disagreements between sources over one measure.",
        details="One subject, metric and period, with different values from different sources.",
        examples=("c5lens conflicts", "c5lens conflicts --json | jq '.[] | {group, id, value}'"),
        filters=True,
    ),
    *TOOLS,
)

# Commands under a group: `c5lens import factbook`.
GROUPS = {
    "import": "Convert data published elsewhere into c5lens fact files.",
    "export": "Write the base out for other tools: SQLite, CSV.",
}

TOP_LEVEL = {c.name: c for c in COMMANDS if c.group is None}


def params_of(command: Command) -> tuple[Param, ...]:
    """Every parameter of a command: its own, the filters if it lists facts, then the shared
    output options if it prints data."""
    return (
        command.params
        + (FILTER_PARAMS if command.filters else ())
        + (OUTPUT_PARAMS if command.output else ())
    )


def find(path: str) -> Command:
    """The command typed as `path` (`country`, `import factbook`)."""
    for c in COMMANDS:
        if c.path == path:
            return c
    raise KeyError(path)
