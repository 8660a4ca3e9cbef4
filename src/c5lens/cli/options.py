"""The option groups several commands share (the output options, the filters), and the
options of compare and search, kept here to keep the spec short."""

from __future__ import annotations

from c5lens.cli.params import FLAG, INT, PATH, Param, argument, option
from c5lens.render.formats import FORMATS

# The options every command that prints data takes, read into one `OutputOptions`.
OUTPUT_PARAMS: tuple[Param, ...] = (
    option(
        "fmt",
        "--format",
        "-f",
        metavar="FORMAT",
        default="table",
        show_default=True,
        help="Output format: " + ", ".join(FORMATS) + ".",
    ),
    option("json_", "--json", kind=FLAG, default=False, help="Shorthand for --format json."),
    option(
        "fields",
        "--fields",
        metavar="FIELDS",
        help="Comma-separated fields to output, source.id for one inside a mapping (every "
        "format but table).",
    ),
    option(
        "facts_dir",
        "--facts-dir",
        kind=PATH,
        many=True,
        metavar="DIR",
        help="Also load facts from DIR (repeatable; later directories override earlier ones). "
        "C5LENS_FACTS_PATH adds directories too.",
    ),
    option("no_color", "--no-color", kind=FLAG, default=False, help="Never colour the output."),
    option(
        "color",
        "--color",
        metavar="WHEN",
        default="auto",
        show_default=True,
        help="Colour tables: auto (on a terminal, unless NO_COLOR), always or never.",
    ),
    option(
        "no_pager",
        "--no-pager",
        kind=FLAG,
        default=False,
        help="Never page tables; otherwise one taller than the terminal goes through the pager.",
    ),
    option(
        "bom",
        "--bom",
        kind=FLAG,
        default=False,
        help="Start CSV and TSV output with a byte-order mark, for Excel.",
    ),
)
OUTPUT_NAMES = frozenset(p.name for p in OUTPUT_PARAMS)

# The filters every command that lists facts takes: repeatable, values comma-separated (ORed),
# different filters ANDed (query/filters.py).
FILTER_PARAMS: tuple[Param, ...] = (
    option(
        "subject",
        "--country",
        "-c",
        "--subject",
        many=True,
        metavar="NAME",
        complete="subject",
        help="Only facts filed under these subjects (any name; c5 for the five countries).",
    ),
    option(
        "involving",
        "--involving",
        many=True,
        metavar="NAME",
        complete="subject",
        help="Only facts filed under, or related to, these subjects.",
    ),
    option(
        "kind",
        "--kind",
        many=True,
        metavar="KIND",
        help="Only facts about subjects of these kinds: country, region, partner.",
    ),
    option("topic", "--topic", "-t", many=True, metavar="TOPIC", complete="topic",
           help="Only these topics."),
    option("source", "--source", "-s", many=True, metavar="SOURCE", complete="source",
           help="Only facts from these sources (ids)."),
    option("metric", "--metric", "-m", many=True, metavar="METRIC", complete="metric",
           help="Only these metrics."),
    option("since", "--since", metavar="DATE",
           help="Only facts dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD), at their "
           "precision."),
    option("until", "--until", metavar="DATE", help="Only facts dated up to DATE, inclusive."),
    option("locator", "--locator", many=True, metavar="TEXT",
           help="Only facts whose locator contains TEXT, ignoring case (repeat for several)."),
)  # fmt: skip
FILTER_NAMES = frozenset(p.name for p in FILTER_PARAMS)

# The argument and option several commands declare alike.
SUBJECT = argument("name", "NAME", "A country, region or partner, by any name.", complete="subject")
DOCUMENTS = option(
    "documents",
    "--documents",
    kind=PATH,
    many=True,
    metavar="DIR",
    help="Look for the cited documents in DIR (DIR/<file> or DIR/documents/<file>; "
    "repeatable). C5LENS_DOCUMENTS_PATH adds directories too.",
)
COMPARE_LONG = option("long", "--long", kind=FLAG, default=False,
    help="csv, tsv, markdown: one row per metric and subject, with dates and sources, instead "
    "of a metric-by-subject table of values (JSON is always long).")  # fmt: skip
SEARCH_PARAMS: tuple[Param, ...] = (
    option("limit", "--limit", "-n", kind=INT, default=0, metavar="N",
           help="At most this many results (0: all)."),
    option("within", "--in", many=True, metavar="FIELD",
           help="Look only in these fields: statement, value, note, metric, subject, source (the "
           "source's title), all; default all but source."),
)  # fmt: skip
