"""Turn The World Factbook's JSON country profiles into facts in c5lens's own format.

The Factbook prints each figure as one string that mixes the number, its unit, its date and an
estimate flag: ``"$739.385 billion (2024 est.)"``. `split_date` and `parse_figure` take such a
string apart into typed fields; `import_profile` picks the fields c5lens keeps (`FIELDS`, listed
with their metric keys in docs/factbook.md) and returns the facts it made together with every
value it could not read, each named by file and field. Nothing is guessed: a string that does not
fit the expected shape is reported, never coerced. `render_topic_file` writes the facts of one
subject and topic as YAML, byte for byte the same for the same input, and `write_import` puts the
files in place atomically.

The package never prints or exits; `c5lens import factbook` (cli/importcmd.py) does.

- `figures`: reading the Factbook's strings (`parse_figure`, `split_date`, `parse_date`, `clean`)
- `fields`: the fields c5lens keeps (`FIELDS`) and their metric keys (`metric_keys`)
- `profile`: one profile into facts (`import_profile` -> `ProfileImport`)
- `write`: the generated YAML files (`render_topic_file`, `write_import`)
- `errors`: the exceptions (`FactbookError` and its subclasses)
"""

from __future__ import annotations

from c5lens.importers.factbook.errors import FactbookError, FigureError, NotAvailable, OutDirError
from c5lens.importers.factbook.fields import FIELDS, TOPIC_ORDER, FieldSpec, metric_keys
from c5lens.importers.factbook.figures import (
    Dating,
    Figure,
    clean,
    in_billions,
    note_text,
    parse_date,
    parse_figure,
    split_date,
)
from c5lens.importers.factbook.profile import (
    EDITION,
    SOURCE_ID,
    ImportedFact,
    Issue,
    ProfileImport,
    import_profile,
    subject_for,
)
from c5lens.importers.factbook.write import Written, render_topic_file, write_import

__all__ = [
    "EDITION",
    "FIELDS",
    "SOURCE_ID",
    "TOPIC_ORDER",
    "Dating",
    "FactbookError",
    "FieldSpec",
    "Figure",
    "FigureError",
    "ImportedFact",
    "Issue",
    "NotAvailable",
    "OutDirError",
    "ProfileImport",
    "Written",
    "clean",
    "import_profile",
    "in_billions",
    "metric_keys",
    "note_text",
    "parse_date",
    "parse_figure",
    "render_topic_file",
    "split_date",
    "subject_for",
    "write_import",
]
