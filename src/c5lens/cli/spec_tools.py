"""The declarations of the commands that check, compare, write and maintain a base: verify,
diff, new, cite, schema, import, info, index and export (`spec` lists them after the lookups)."""

from __future__ import annotations

from c5lens.cli.commands import about, checks, exporting, trust
from c5lens.cli.options import DOCUMENTS as _DOCUMENTS
from c5lens.cli.options import OUTPUT_PARAMS
from c5lens.cli.params import FLAG, PATH, Command, argument, option

_FACTS_DIR = OUTPUT_PARAMS[3]

TOOLS: tuple[Command, ...] = (
    Command(
        "verify",
        trust.verify,
        "Check each fact's figures and dates against its paragraph.",
        details='Each miss is reported as path:line:col: fact ID: what not in "locator" of '
        "document; a locator that names nothing, a document not found and a document whose "
        "SHA-256 is not the one sources.yaml records are problems too. Exits 0 when there are "
        "none and 4 when there are; 3 when no documents directory is given.",
        examples=(
            "c5lens verify --documents ../shared/sources",
            "c5lens verify facts/kazakhstan --documents ../shared/sources",
            "c5lens verify ~/my-facts --documents ~/sources --json",
        ),
        params=(
            argument(
                "paths",
                "PATH",
                "Only the facts of these files or directories (default: every loaded fact).",
                many=True,
                required=False,
                kind=PATH,
            ),
            _DOCUMENTS,
        ),
    ),
    Command(
        "diff",
        trust.diff,
        "Compare two facts directories or git revisions.",
        details="Lists the facts added, removed and changed. OLD and NEW are each a facts "
        "directory or git:REV[:PATH] (PATH defaults to "
        "facts), read with git from the repository of the current directory, never checked "
        "out. Changes are listed field by field, then the registries' (subjects, topics, "
        "metrics, sources). With --exit-code, exits 1 when they differ, as git diff does.",
        examples=(
            "c5lens diff git:HEAD facts",
            "c5lens diff git:HEAD~1 git:HEAD --json",
            "c5lens diff ~/old-facts ~/my-facts --exit-code --format csv",
        ),
        params=(
            argument("old", "OLD", "The facts before: a directory or git:REV[:PATH]."),
            argument("new", "NEW", "The facts after: a directory or git:REV[:PATH]."),
            option(
                "exit_code",
                "--exit-code",
                kind=FLAG,
                default=False,
                help="Exit 1 when the two differ (for CI).",
            ),
        ),
    ),
    Command(
        "new",
        trust.new,
        "Print a new fact's skeleton, or add it to a file (--into).",
        details="The skeleton has a fresh id and lists the topic's metrics and the sources to "
        "choose from. With --into DIR it is appended to DIR/SUBJECT/TOPIC.yaml (created with "
        "its header if need be) in one atomic step; the bundled facts directory is refused.",
        examples=(
            "c5lens new kazakhstan governance",
            "c5lens new kazakhstan governance --metric freedom_house_score --source imai-2025",
            "c5lens new uzbekistan economy --source shamsuddinov-2026",
        ),
        params=(
            argument("subject", "SUBJECT", "The subject the fact is about.", complete="subject"),
            argument("topic", "TOPIC", "The topic it belongs to.", complete="topic"),
            option(
                "metric",
                "--metric",
                "-m",
                metavar="METRIC",
                help="Fill in this metric of the topic (and its unit).",
                complete="metric",
            ),
            option(
                "source",
                "--source",
                "-s",
                metavar="SOURCE",
                help="Cite this source (default: the first in sources.yaml).",
                complete="source",
            ),
            option(
                "into",
                "--into",
                kind=PATH,
                metavar="DIR",
                help="Append the skeleton to DIR/SUBJECT/TOPIC.yaml.",
            ),
            _FACTS_DIR,
        ),
        output=False,
    ),
    Command(
        "cite",
        checks.cite,
        "Print a ready-to-paste citation of a fact or a source.",
        examples=(
            "c5lens cite kazakhstan.freedom-house-score-2025",
            "c5lens cite imai-2025 --format bibtex",
            "c5lens cite china.global-rare-earth-mining-share-2025 --format csl-json",
        ),
        params=(
            argument("item_id", "ID", "A fact id or a source id.", complete="fact_or_source"),
            option(
                "fmt",
                "--format",
                "-f",
                metavar="FORMAT",
                default="text",
                help="text, bibtex or csl-json.",
            ),
            _FACTS_DIR,
        ),
        output=False,
    ),
    Command(
        "schema",
        checks.schema,
        "Print the JSON Schema of every command's JSON output.",
        examples=("c5lens schema > c5lens-output.schema.json",),
        output=False,
    ),
    Command(
        "factbook",
        checks.import_factbook,
        "Convert World Factbook JSON profiles into fact files.",
        details="Writes DIR/<subject>/<topic>.factbook.yaml and only those files (atomically, "
        "and only when they change); hand-written <topic>.yaml files are never touched. A value "
        "that cannot be read is reported on stderr as FILE: Category › Field › subfield: "
        "message, and the command then exits 4 after writing the facts that could be read.",
        examples=(
            "c5lens import factbook ../shared/sources/factbook/*.json --out facts",
            "c5lens import factbook kz.json --out ~/my-facts",
        ),
        params=(
            argument(
                "files",
                "FILE...",
                "World Factbook JSON country profiles, named by Factbook code (kz.json).",
                many=True,
                kind=PATH,
                existing_file=True,
            ),
            option(
                "out",
                "--out",
                "-o",
                kind=PATH,
                metavar="DIR",
                default="facts",
                show_default=True,
                help="The facts directory to write into; it must exist.",
            ),
        ),
        output=False,
        group="import",
    ),
    Command(
        "info",
        about.info,
        "Show the version, the facts directories and the index.",
        details="Each facts directory (bundled or user, in load order) with its facts, files and "
        "problems. The index is fresh (up to date already), rebuilt (built or brought up to "
        "date by this run), damaged (found damaged by this run: the YAML answered) or off "
        "(C5LENS_NO_CACHE=1, or the cache cannot be used).",
        examples=("c5lens info", "c5lens info --json", "c5lens info --facts-dir ~/my-facts"),
    ),
    Command(
        "index",
        about.index,
        "Check the index whole, or build it again.",
        details="The check runs SQLite's quick_check and verifies every stored checksum. "
        "States: ok, damaged (exit 4; lookups answer from the YAML meanwhile and the "
        "next one rebuilds it), missing, off (C5LENS_NO_CACHE=1). --rebuild builds it again "
        "in place from the YAML, then checks it.",
        examples=("c5lens index --check", "c5lens index --rebuild --json"),
        params=(
            option("check", "--check", kind=FLAG, default=False, help="Check it (the default)."),
            option("rebuild", "--rebuild", kind=FLAG, default=False, help="Build it again."),
        ),
    ),
    Command(
        "sqlite",
        exporting.to_sqlite,
        "Write the base as a relational SQLite database.",
        details="For sqlite3, sqlite-utils or Datasette. Tables facts, sources, subjects, "
        "topics, metrics and related, with foreign keys, "
        "and facts_fts, a full-text index of the statements (docs/export.md). Written to a "
        "temporary file beside FILE, then renamed into place; an existing FILE is kept unless "
        "--force is given.",
        examples=(
            "c5lens export sqlite c5lens.db",
            "c5lens export sqlite c5lens.db --force --facts-dir ~/my-facts",
        ),
        params=(
            argument("file", "FILE", "The database to write.", kind=PATH),
            option("force", "--force", kind=FLAG, default=False, help="Overwrite FILE."),
            _FACTS_DIR,
        ),
        output=False,
        group="export",
    ),
    Command(
        "csv",
        exporting.to_csv,
        "Write the base as CSV files, one per table.",
        details="DIR/facts.csv, sources.csv, subjects.csv, topics.csv, metrics.csv and "
        "related.csv, with the columns of the SQLite export (docs/export.md). DIR is made if "
        "missing (its parent must exist); an existing file is kept unless --force is given.",
        examples=("c5lens export csv c5lens-csv", "c5lens export csv out --force"),
        params=(
            argument("directory", "DIR", "The directory to write into.", kind=PATH),
            option("force", "--force", kind=FLAG, default=False, help="Overwrite the files."),
            _FACTS_DIR,
        ),
        output=False,
        group="export",
    ),
)
