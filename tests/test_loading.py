"""The loader and validator: c5lens.base.loading against small good and bad bases in tmp_path.

Every problem is asserted exactly, as `validate` prints it (`path:line:col: message`, with the
path relative to the facts directory), together with exactly the facts that still load.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import METRICS_YAML

from c5lens.base.dates import AsOf, PartialDate
from c5lens.base.loading import bundled_facts_dir, facts_dirs, load_base, validate_paths
from c5lens.base.model import Base, Correction, Fact, Problem

WriteBase = Callable[..., Path]

# The facts of the conftest base, in the order load_base returns them.
BASE_IDS = [
    "kazakhstan.tokyo-summit-2025",
    "kazakhstan.freedom-house-score-2025",
    "kazakhstan.capital",
    "uzbekistan.gdp-growth-2024",
    "uzbekistan.freedom-house-score-2025",
]
NEW_ID = "kazakhstan.gdp-growth-2024"
# The base's facts with ECONOMY's (kazakhstan/economy.yaml sorts after kazakhstan/diplomacy.yaml).
WITH_NEW = [BASE_IDS[0], NEW_ID, *BASE_IDS[1:]]

# A valid fact file to add as kazakhstan/economy.yaml and to break one line at a time. The fact
# starts at 4:5; the value of `id` is at column 9, of `statement` 16, of `metric` 13, of `value`
# 12, of `unit` 11, of `as_of` 12, of `source` 13 and of `locator` 14.
ECONOMY = """\
subject: kazakhstan
topic: economy
facts:
  - id: kazakhstan.gdp-growth-2024
    statement: Kazakhstan's economy grew by 4.8% in 2024.
    metric: gdp_growth
    value: 4.8
    unit: '%'
    as_of: '2024'
    source: src-a
    locator: Economy, para 1
"""
ECON = "kazakhstan/economy.yaml"
NO_ANCHORS = "anchors and aliases are not allowed in fact files"
VALUE_TYPES = "a number or a string or true or false"


def put(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def economy(old: str, new: str) -> str:
    """ECONOMY with one piece of it replaced."""
    assert old in ECONOMY
    return ECONOMY.replace(old, new)


def shown(base: Base | list[Problem], root: Path) -> list[str]:
    """The problems as printed, with paths under root made relative to it."""
    problems = base.problems if isinstance(base, Base) else base
    out = []
    for p in problems:
        path = Path(p.path)
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else p.path
        out.append(str(Problem(rel, p.line, p.col, p.message)))
    return out


def ids(base: Base) -> list[str]:
    return [f.id for f in base.facts]


def load_with(write_base: WriteBase, files: dict[str, str | bytes]) -> tuple[Base, Path]:
    """The conftest base plus `files` (relative path: text or bytes), loaded."""
    root = write_base()
    for rel, content in files.items():
        put(root, rel, content)
    return load_base([root]), root


def append(root: Path, rel: str, extra: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def load_appended(write_base: WriteBase, rel: str, extra: str) -> tuple[Base, Path]:
    """The conftest base with `extra` added to the end of one of its files, loaded."""
    root = write_base()
    append(root, rel, extra)
    return load_base([root]), root


def load_econ(write_base: WriteBase, text: str | bytes) -> tuple[list[str], list[str]]:
    """Problems and fact ids of the base with `text` as kazakhstan/economy.yaml."""
    base, root = load_with(write_base, {ECON: text})
    return shown(base, root), ids(base)


# --- the good base ---------------------------------------------------------------------------


def test_the_fixture_base_loads_cleanly(write_base: WriteBase) -> None:
    base = load_base([write_base()])
    assert base.problems == ()
    assert ids(base) == BASE_IDS
    assert list(base.subjects) == ["kazakhstan", "uzbekistan", "china"]
    assert list(base.topics) == ["governance", "economy", "diplomacy"]
    assert list(base.sources) == ["src-a", "src-b"]
    assert list(base.metrics) == ["freedom_house_score", "gdp_growth"]
    assert base.subjects["kazakhstan"].codes == ("KZ", "KAZ", "398")
    assert base.subjects["china"].names == ("PRC",)
    assert base.sources["src-b"].author is None
    assert base.sources["src-b"].url is None


def test_a_fact_loads_with_every_field(write_base: WriteBase) -> None:
    base = load_base([write_base()])
    assert base.fact("uzbekistan.gdp-growth-2024") == Fact(
        id="uzbekistan.gdp-growth-2024",
        subject="uzbekistan",
        topic="economy",
        statement="Uzbekistan's economy grew by an estimated 6.5% in 2024.",
        value=6.5,
        as_of=AsOf(PartialDate(2024)),
        source="src-a",
        locator="Opportunities, para 2",
        metric="gdp_growth",
        unit="%",
        qualifier="estimate",
        correction=Correction("The official figure is 6.5%.", "src-b", "Economy, para 1"),
        file="uzbekistan/economy.yaml",
        line=4,
    )
    summit = base.fact("kazakhstan.tokyo-summit-2025")
    assert summit is not None
    assert summit.as_of == AsOf(PartialDate(2025, 12, 19), PartialDate(2025, 12, 20))
    assert summit.related == ("uzbekistan", "china")
    assert summit.resolved_from == "last year"
    capital = base.fact("kazakhstan.capital")
    assert capital is not None
    assert (capital.file, capital.line, capital.notes, capital.related) == (
        "kazakhstan/governance.yaml",
        15,
        None,
        (),
    )


def test_a_valid_new_file_loads(write_base: WriteBase) -> None:
    assert load_econ(write_base, ECONOMY) == ([], WITH_NEW)


def test_an_empty_facts_list_is_fine(write_base: WriteBase) -> None:
    text = "subject: kazakhstan\ntopic: economy\nfacts: []\n"
    assert load_econ(write_base, text) == ([], BASE_IDS)


def test_values_keep_their_types(write_base: WriteBase) -> None:
    facts = "".join(
        f"  - id: kazakhstan.v{i}\n"
        "    statement: A value.\n"
        f"    value: {value}\n"
        f"    as_of: {as_of}\n"
        "    source: src-a\n"
        "    locator: Economy, para 1\n"
        for i, (value, as_of) in enumerate(
            [
                ("12", "'2025-06'"),
                ("1.0", "2025"),
                ("'NO'", "2025-06-19"),
                ('"1e3"', "'2025-06-19/2025-06-20'"),
                ("'0012'", "'2025'"),
                ("true", "'2025'"),
                ("-3", "'2025'"),
                ("1.5e+3", "'2025'"),
                ("'2025-06-19'", "'2025'"),
                ("Astana", "'2025'"),
            ]
        )
    )
    base, _ = load_with(write_base, {ECON: "subject: kazakhstan\ntopic: economy\nfacts:\n" + facts})
    assert base.problems == ()
    got = [
        (f.value, type(f.value), f.as_of.iso(), f.as_of.precision, f.is_numeric)
        for f in base.facts
        if f.file == ECON
    ]
    assert got == [
        (12, int, "2025-06", "month", True),
        (1.0, float, "2025", "year", True),
        ("NO", str, "2025-06-19", "day", False),
        ("1e3", str, "2025-06-19/2025-06-20", "day", False),
        ("0012", str, "2025", "year", False),
        (True, bool, "2025", "year", False),
        (-3, int, "2025", "year", True),
        (1500.0, float, "2025", "year", True),
        ("2025-06-19", str, "2025", "year", False),
        ("Astana", str, "2025", "year", False),
    ]
    assert base.fact("kazakhstan.v1").as_of == AsOf(PartialDate(2025))  # type: ignore[union-attr]


def test_the_shipped_base_is_valid() -> None:
    base = load_base(facts_dirs())
    assert [str(p) for p in base.problems] == []
    assert len(base.facts) > 150
    assert len({f.id for f in base.facts}) == len(base.facts)


# --- YAML that is not plain data ------------------------------------------------------------


def test_malformed_yaml(write_base: WriteBase) -> None:
    text = economy("    as_of: '2024'", "   as_of: '2024'")
    # After "malformed YAML:" come libyaml's words, which change between releases (D32).
    lines, ids = load_econ(write_base, text)
    assert [line.split(": malformed YAML: ")[0] for line in lines] == [f"{ECON}:9:4"]
    assert ids == BASE_IDS


def test_malformed_flow_sequence(write_base: WriteBase) -> None:
    text = economy("    unit: '%'", "    related: [china")
    lines, ids = load_econ(write_base, text)
    assert [line.split(": malformed YAML: ")[0] for line in lines] == [f"{ECON}:9:10"]
    assert ids == BASE_IDS


def test_a_repeated_key_is_reported_at_the_repeat(write_base: WriteBase) -> None:
    # PyYAML would silently keep the last; the whole file is refused.
    text = economy("    unit: '%'", "    value: 4.9")
    assert load_econ(write_base, text) == (
        [f"{ECON}:8:5: duplicate key 'value' (first at line 7)"],
        BASE_IDS,
    )


def test_a_repeated_header_key(write_base: WriteBase) -> None:
    text = "subject: kazakhstan\ntopic: economy\nsubject: uzbekistan\nfacts: []\n"
    assert load_econ(write_base, text) == (
        [f"{ECON}:3:1: duplicate key 'subject' (first at line 1)"],
        BASE_IDS,
    )


def test_anchors_and_aliases(write_base: WriteBase) -> None:
    text = economy("    statement: Kaz", "    statement: &s Kaz") + (
        "  - id: kazakhstan.gdp-growth-2023\n"
        "    statement: *s\n"
        "    value: 3.5\n"
        "    as_of: '2023'\n"
        "    source: src-a\n"
        "    locator: Economy, para 2\n"
    )
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:5:16: {NO_ANCHORS} (anchor &s)",
            f"{ECON}:13:16: {NO_ANCHORS} (alias *s)",
        ],
        BASE_IDS,
    )


def test_merge_keys(write_base: WriteBase) -> None:
    text = (
        "subject: kazakhstan\n"
        "topic: economy\n"
        "facts:\n"
        "  - &base\n"
        "    id: kazakhstan.gdp-growth-2024\n"
        "    statement: Kazakhstan's economy grew by 4.8% in 2024.\n"
        "    value: 4.8\n"
        "    as_of: '2024'\n"
        "    source: src-a\n"
        "    locator: Economy, para 1\n"
        "  - <<: *base\n"
        "    id: kazakhstan.gdp-growth-2023\n"
        "    value: 3.5\n"
    )
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:4:5: {NO_ANCHORS} (anchor &base)",
            f"{ECON}:11:9: {NO_ANCHORS} (alias *base)",
            f"{ECON}:11:5: merge keys (<<) are not allowed",
        ],
        BASE_IDS,
    )


def test_python_tags_are_refused_and_never_run(write_base: WriteBase, tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    text = economy("value: 4.8", f"value: !!python/object/apply:os.system ['touch {sentinel}']")
    notes = f"    notes: !!python/object/apply:subprocess.call [[touch, '{sentinel}']]\n"
    root = write_base()
    append(root, "sources.yaml", notes)  # to the last source, src-b
    put(root, ECON, text)
    put(
        root,
        "uzbekistan/diplomacy.yaml",
        f"subject: !!python/object/apply:os.system ['touch {sentinel}']\n"
        "topic: diplomacy\nfacts: []\n",
    )
    base = load_base([root])
    assert shown(base, root) == [
        "sources.yaml:18:12: tag '!!python/object/apply:subprocess.call' is not allowed",
        # sources.yaml is refused as a whole: no source is known.
        "kazakhstan/diplomacy.yaml:9:13: unknown source 'src-b'",
        f"{ECON}:7:12: tag '!!python/object/apply:os.system' is not allowed",
        "kazakhstan/governance.yaml:11:13: unknown source 'src-a'",
        "kazakhstan/governance.yaml:20:13: unknown source 'src-a'",
        "uzbekistan/diplomacy.yaml:1:10: tag '!!python/object/apply:os.system' is not allowed",
        "uzbekistan/economy.yaml:11:13: unknown source 'src-a'",
        "uzbekistan/economy.yaml:15:15: unknown source 'src-b'",
        "uzbekistan/governance.yaml:11:13: unknown source 'src-a'",
    ]
    assert ids(base) == []
    assert not sentinel.exists()


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "Off"])
def test_yes_no_on_off_are_ambiguous(write_base: WriteBase, word: str) -> None:
    assert load_econ(write_base, economy("value: 4.8", f"value: {word}")) == (
        [f"{ECON}:7:12: ambiguous {word!r}: quote it for a string, or write true/false"],
        BASE_IDS,
    )


@pytest.mark.parametrize("word", ["0012", "1e3", "1:20", "0x1F", "1_000"])
def test_numbers_yaml_readers_disagree_on_are_ambiguous(write_base: WriteBase, word: str) -> None:
    assert load_econ(write_base, economy("value: 4.8", f"value: {word}")) == (
        [f"{ECON}:7:12: ambiguous {word!r}: quote it for a string, or write plain decimal"],
        BASE_IDS,
    )


@pytest.mark.parametrize("word", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999"])
def test_non_finite_numbers(write_base: WriteBase, word: str) -> None:
    assert load_econ(write_base, economy("value: 4.8", f"value: {word}")) == (
        [f"{ECON}:7:12: {word!r} is not a finite number"],
        BASE_IDS,
    )


def test_a_bom_is_accepted(write_base: WriteBase) -> None:
    assert load_econ(write_base, b"\xef\xbb\xbf" + ECONOMY.encode()) == ([], WITH_NEW)
    # ... and does not shift the columns of line 1.
    text = b"\xef\xbb\xbf" + economy("subject: kazakhstan", "subject: uzbekistan").encode()
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:1:10: subject 'uzbekistan' disagrees with the file's place"
            " (kazakhstan/economy.yaml)"
        ],
        BASE_IDS,
    )


def test_crlf_line_endings_are_accepted(write_base: WriteBase) -> None:
    base, _ = load_with(write_base, {ECON: ECONOMY.replace("\n", "\r\n").encode()})
    assert base.problems == ()
    assert ids(base) == WITH_NEW
    fact = base.fact(NEW_ID)
    assert fact is not None
    assert (fact.line, fact.statement, fact.locator) == (
        4,
        "Kazakhstan's economy grew by 4.8% in 2024.",
        "Economy, para 1",
    )
    text = economy("source: src-a", "source: nope").replace("\n", "\r\n").encode()
    assert load_econ(write_base, text) == ([f"{ECON}:10:13: unknown source 'nope'"], BASE_IDS)


def test_a_file_that_is_not_utf8(write_base: WriteBase) -> None:
    # Latin-1 é after nine Cyrillic letters: the column counts characters.
    text = economy("Kazakhstan's economy", "Қазақстан\xe9s economy").encode()
    text = text.replace("\xe9".encode(), b"\xe9")
    assert load_econ(write_base, text) == (
        [f"{ECON}:5:25: not UTF-8: byte 0xe9 cannot be decoded"],
        BASE_IDS,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "1:1: empty file"),
        (b"  \n\n\t\n", "1:1: empty file"),
        (b"# nothing yet\n", "1:1: empty file: expected a mapping"),
        (b"---\n", "1:1: empty file: expected a mapping"),
    ],
)
def test_an_empty_file(write_base: WriteBase, content: bytes, message: str) -> None:
    assert load_econ(write_base, content) == ([f"{ECON}:{message}"], BASE_IDS)


def test_a_nul_byte(write_base: WriteBase) -> None:
    text = economy("Economy, para 1", "Economy,\x00 para 1").encode()
    assert load_econ(write_base, text) == ([f"{ECON}:11:22: NUL byte in file"], BASE_IDS)


def test_the_top_level_must_be_a_mapping(write_base: WriteBase) -> None:
    assert load_econ(write_base, "- 1\n- 2\n") == (
        [f"{ECON}:1:1: fact file must be a mapping, not a list"],
        BASE_IDS,
    )


# --- fields ---------------------------------------------------------------------------------


def test_an_unknown_field(write_base: WriteBase) -> None:
    assert load_econ(write_base, economy("    unit: '%'", "    units: '%'")) == (
        [f"{ECON}:8:5: unknown field 'units' in fact"],
        BASE_IDS,
    )


def test_an_unknown_field_in_a_correction(write_base: WriteBase) -> None:
    text = ECONOMY + (
        "    correction:\n"
        "      statement: It was 4.9%.\n"
        "      source: src-b\n"
        "      locator: Economy, para 2\n"
        "      page: 3\n"
    )
    assert load_econ(write_base, text) == (
        [f"{ECON}:16:7: unknown field 'page' in correction"],
        BASE_IDS,
    )


def test_missing_fields(write_base: WriteBase) -> None:
    text = economy("    source: src-a\n    locator: Economy, para 1\n", "")
    assert load_econ(write_base, text) == (
        [f"{ECON}:4:5: fact is missing source, locator"],
        BASE_IDS,
    )


def test_a_missing_header_field(write_base: WriteBase) -> None:
    assert load_econ(write_base, economy("topic: economy\n", "")) == (
        [f"{ECON}:1:1: fact file is missing topic"],
        BASE_IDS,
    )


def test_a_correction_missing_its_citation(write_base: WriteBase) -> None:
    text = ECONOMY + "    correction:\n      statement: It was 4.9%.\n"
    assert load_econ(write_base, text) == (
        [f"{ECON}:13:7: correction is missing source, locator"],
        BASE_IDS,
    )


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("value: 4.8", "value: [4.8]", f"7:12: value must be {VALUE_TYPES}, not a list"),
        ("value: 4.8", "value: {a: 1}", f"7:12: value must be {VALUE_TYPES}, not a mapping"),
        ("value: 4.8", "value:", f"7:11: value must be {VALUE_TYPES}, not null"),
        ("    unit: '%'", "    related: china", "8:14: related must be a list, not a string"),
        ("    unit: '%'", "    related: {china: 1}", "8:14: related must be a list, not a mapping"),
        ("statement: Kaz", "statement: 12 # Kaz", "5:16: statement must be a string, not a number"),
        (
            "statement: Kaz",
            "statement: 1.5 # Kaz",
            "5:16: statement must be a string, not a decimal number",
        ),
        (
            "statement: Kaz",
            "statement: true # Kaz",
            "5:16: statement must be a string, not a boolean",
        ),
        (
            "as_of: '2024'",
            "as_of: 2024.5",
            "9:12: as_of must be a string or a whole number, not a decimal number",
        ),
        (
            "as_of: '2024'",
            "as_of: [2024]",
            "9:12: as_of must be a string or a whole number, not a list",
        ),
        (
            "as_of: '2024'",
            "as_of: true",
            "9:12: as_of must be a string or a whole number, not a boolean",
        ),
        ("source: src-a", "source: 5", "10:13: source must be a string, not a number"),
        ("metric: gdp_growth", "metric: 5", "6:13: metric must be a string, not a number"),
        ("metric: gdp_growth", "metric: null", "6:13: metric must be a string, not null"),
        ("unit: '%'", "unit: 100", "8:11: unit must be a string, not a number"),
        ("locator: Economy, para 1", "locator: null", "11:14: locator must be a string, not null"),
        ("    unit: '%'", "    notes: [a, b]", "8:12: notes must be a string, not a list"),
        (
            "    unit: '%'",
            "    correction: It was 4.9%.",
            "8:17: correction must be a mapping, not a string",
        ),
        ("id: kazakhstan.gdp-growth-2024", "id: 2024", "4:9: id must be a string, not a number"),
    ],
)
def test_wrong_types(write_base: WriteBase, old: str, new: str, problem: str) -> None:
    assert load_econ(write_base, economy(old, new)) == ([f"{ECON}:{problem}"], BASE_IDS)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("subject: 5\ntopic: economy\nfacts: []\n", "1:10: subject must be a string, not a number"),
        (
            "subject: kazakhstan\ntopic: [economy]\nfacts: []\n",
            "2:8: topic must be a string, not a list",
        ),
        (
            "subject: kazakhstan\ntopic: economy\nfacts: {}\n",
            "3:8: facts must be a list, not a mapping",
        ),
        ("subject: kazakhstan\ntopic: economy\nfacts:\n", "3:7: facts must be a list, not null"),
        (
            "subject: kazakhstan\ntopic: economy\nfacts:\n  - a fact\n",
            "4:5: fact must be a mapping, not a string",
        ),
        (
            "subject: kazakhstan\ntopic: economy\nfacts:\n  -\n",
            "4:4: fact must be a mapping, not null",
        ),
    ],
)
def test_wrong_header_types(write_base: WriteBase, text: str, problem: str) -> None:
    assert load_econ(write_base, text) == ([f"{ECON}:{problem}"], BASE_IDS)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("statement: Kaz", "statement: '' # Kaz", "5:16: statement is empty"),
        ("statement: Kaz", "statement: '   ' # Kaz", "5:16: statement is empty"),
        ("statement: Kaz", "statement: # Kaz", "5:15: statement must be a string, not null"),
        ("value: 4.8", "value: ''", "7:12: value is empty"),
        ("locator: Economy, para 1", "locator: ' '", "11:14: locator is empty"),
        ("    unit: '%'", "    notes: ''", "8:12: notes is empty"),
    ],
)
def test_empty_strings(write_base: WriteBase, old: str, new: str, problem: str) -> None:
    assert load_econ(write_base, economy(old, new)) == ([f"{ECON}:{problem}"], BASE_IDS)


# --- references and values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("source: src-a", "source: nope", "10:13: unknown source 'nope'"),
        ("source: src-a", "source: SRC-A", "10:13: unknown source 'SRC-A'"),
        (
            "metric: gdp_growth",
            "metric: gdp",
            "6:13: unknown metric 'gdp' (add it to metrics.yaml)",
        ),
        (
            "    unit: '%'",
            "    related: [china, atlantis]",
            "8:22: unknown subject 'atlantis' in related",
        ),
        ("    unit: '%'", "    related: [5]", "8:15: unknown subject 5 in related"),
        (
            "    unit: '%'",
            "    related: [kazakhstan]",
            "8:15: related lists the fact's own subject 'kazakhstan'",
        ),
        ("    unit: '%'", "    related: [china, china]", "8:14: related lists a subject twice"),
        (
            "    unit: '%'",
            "    qualifier: roughly",
            "8:16: unknown qualifier 'roughly' (expected estimate, forecast, approximate,"
            " more-than, less-than, at-least, at-most)",
        ),
        (
            "id: kazakhstan.gdp-growth-2024",
            "id: Kazakhstan.GDP",
            "4:9: fact id 'Kazakhstan.GDP' must look like <subject>.<slug> in lowercase kebab-case",
        ),
        (
            "id: kazakhstan.gdp-growth-2024",
            "id: gdp-growth-2024",
            "4:9: fact id 'gdp-growth-2024' must look like <subject>.<slug> in lowercase"
            " kebab-case",
        ),
    ],
)
def test_bad_references_and_values(write_base: WriteBase, old: str, new: str, problem: str) -> None:
    assert load_econ(write_base, economy(old, new)) == ([f"{ECON}:{problem}"], BASE_IDS)


def test_a_correction_citing_an_unknown_source(write_base: WriteBase) -> None:
    text = ECONOMY + (
        "    correction:\n"
        "      statement: It was 4.9%.\n"
        "      source: nope\n"
        "      locator: Economy, para 2\n"
    )
    assert load_econ(write_base, text) == ([f"{ECON}:14:15: unknown source 'nope'"], BASE_IDS)


@pytest.mark.parametrize(
    ("value", "scale", "problem"),
    [
        ("11", "0-10", "7:12: value 11 is outside its scale 0-10"),
        ("-1", "0-10", "7:12: value -1 is outside its scale 0-10"),
        ("10.5", "0-10", "7:12: value 10.5 is outside its scale 0-10"),
        ("-6", "-5-5", "7:12: value -6 is outside its scale -5-5"),
        ("4.8", "0 to 10", "8:12: scale '0 to 10' must look like 0-100"),
        ("4.8", "'10'", "8:12: scale '10' must look like 0-100"),
        ("4.8", "10-0", "8:12: scale '10-0' must run from low to high"),
        ("4.8", "5-5", "8:12: scale '5-5' must run from low to high"),
    ],
)
def test_value_and_scale(write_base: WriteBase, value: str, scale: str, problem: str) -> None:
    text = economy("value: 4.8", f"value: {value}").replace("    unit: '%'", f"    scale: {scale}")
    assert load_econ(write_base, text) == ([f"{ECON}:{problem}"], BASE_IDS)


@pytest.mark.parametrize(
    ("value", "scale"),
    [("0", "0-10"), ("10", "0-10"), ("10.0", "0-10"), ("-5", "-5-5"), ("2.5", "0.5-2.5")],
)
def test_values_on_the_ends_of_their_scale(write_base: WriteBase, value: str, scale: str) -> None:
    text = economy("value: 4.8", f"value: {value}").replace("    unit: '%'", f"    scale: {scale}")
    assert load_econ(write_base, text) == ([], WITH_NEW)


def test_a_scale_does_not_apply_to_text_or_booleans(write_base: WriteBase) -> None:
    for value in ("Free", "true"):
        text = economy("value: 4.8", f"value: {value}").replace("    unit: '%'", "    scale: 0-10")
        assert load_econ(write_base, text) == ([], WITH_NEW)


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("'2025-13'", "invalid date '2025-13': month 13 is not 1-12"),
        ("2025-13", "invalid date '2025-13': month 13 is not 1-12"),
        ("'2025-02-30'", "invalid date '2025-02-30': day 30 is not in that month"),
        ("2025-02-30", "invalid date '2025-02-30': day 30 is not in that month"),
        ("'June 2025'", "invalid date 'June 2025': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("June 2025", "invalid date 'June 2025': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("'2025-6-1'", "invalid date '2025-6-1': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("202", "invalid date '202': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("'0000'", "invalid date '0000': year 0000 does not exist"),
        (
            "'2025-12-20/2025-12-19'",
            "invalid date span '2025-12-20/2025-12-19': it ends before it starts",
        ),
        ("'2025-12-19/'", "invalid date '': expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_invalid_dates(write_base: WriteBase, as_of: str, message: str) -> None:
    text = economy("as_of: '2024'", f"as_of: {as_of}")
    assert load_econ(write_base, text) == ([f"{ECON}:9:12: {message}"], BASE_IDS)


def test_a_source_with_an_invalid_date(write_base: WriteBase) -> None:
    bad = (
        "  - id: src-c\n    title: C\n    author: null\n    publisher: null\n"
        "    published: June 2025\n    kind: report\n    document: c.txt\n"
    )
    base, root = load_appended(write_base, "sources.yaml", bad)
    assert shown(base, root) == [
        "sources.yaml:22:16: invalid date 'June 2025': expected YYYY, YYYY-MM or YYYY-MM-DD"
    ]
    assert list(base.sources) == ["src-a", "src-b"]
    assert ids(base) == BASE_IDS


# --- fact ids -------------------------------------------------------------------------------


def test_an_id_twice_in_one_file(write_base: WriteBase) -> None:
    text = ECONOMY + ECONOMY.split("facts:\n")[1].replace("value: 4.8", "value: 5.0")
    base, root = load_with(write_base, {ECON: text})
    assert shown(base, root) == [
        f"{ECON}:12:9: duplicate fact id '{NEW_ID}' (first in {root / ECON}:4)"
    ]
    assert ids(base) == WITH_NEW
    assert base.fact(NEW_ID).value == 4.8  # type: ignore[union-attr]


def test_an_id_in_two_files_of_one_directory(write_base: WriteBase) -> None:
    text = economy("id: kazakhstan.gdp-growth-2024", "id: kazakhstan.capital")
    base, root = load_with(write_base, {ECON: text})
    # economy.yaml is read before governance.yaml, so its fact is the first.
    gov = root / "kazakhstan/governance.yaml"
    assert shown(base, root) == [
        "kazakhstan/governance.yaml:15:9: duplicate fact id 'kazakhstan.capital'"
        f" (first in {root / ECON}:4)"
    ]
    assert gov.is_file()
    assert ids(base) == [
        "kazakhstan.tokyo-summit-2025",
        "kazakhstan.capital",
        "kazakhstan.freedom-house-score-2025",
        "uzbekistan.gdp-growth-2024",
        "uzbekistan.freedom-house-score-2025",
    ]
    capital = base.fact("kazakhstan.capital")
    assert capital is not None
    assert (capital.value, capital.file, capital.topic) == (4.8, ECON, "economy")


def test_an_id_in_two_subject_folders(write_base: WriteBase) -> None:
    text = economy("id: kazakhstan.gdp-growth-2024", "id: uzbekistan.gdp-growth-2024")
    base, root = load_with(write_base, {ECON: text})
    assert shown(base, root) == [
        f"{ECON}:4:9: fact id 'uzbekistan.gdp-growth-2024' does not start with its file's "
        "subject 'kazakhstan'"
    ]


def test_a_later_directory_overrides_by_id(write_base: WriteBase, tmp_path: Path) -> None:
    root = write_base()
    user = tmp_path / "user"
    put(
        user,
        "kazakhstan/governance.yaml",
        "subject: kazakhstan\ntopic: governance\nfacts:\n"
        "  - id: kazakhstan.capital\n"
        "    statement: Kazakhstan's capital was renamed Nur-Sultan.\n"
        "    value: Nur-Sultan\n"
        "    as_of: '2019-03'\n"
        "    source: src-c\n"
        "    locator: Opening, para 2\n",
    )
    put(
        user,
        "sources.yaml",
        "sources:\n  - id: src-c\n    title: C\n    author: null\n    publisher: null\n"
        "    published: '2019'\n    kind: report\n    document: c.txt\n",
    )
    base = load_base([root, user])
    assert base.problems == ()
    assert ids(base) == BASE_IDS  # replaced in place; the other facts of that file stay
    capital = base.fact("kazakhstan.capital")
    assert capital is not None
    assert (capital.value, capital.as_of.iso(), capital.source, capital.line) == (
        "Nur-Sultan",
        "2019-03",
        "src-c",
        4,
    )
    assert list(base.sources) == ["src-a", "src-b", "src-c"]
    # The other way round, the bundled fact wins.
    assert load_base([user, root]).fact("kazakhstan.capital").value == "Astana"  # type: ignore[union-attr]


def test_a_later_directory_may_not_repeat_an_id_itself(
    write_base: WriteBase, tmp_path: Path
) -> None:
    root = write_base()
    user = tmp_path / "user"
    fact = (
        "  - id: kazakhstan.capital\n    statement: S.\n    value: Nur-Sultan\n"
        "    as_of: '2019'\n    source: src-a\n    locator: Opening, para 2\n"
    )
    put(
        user,
        "kazakhstan/governance.yaml",
        "subject: kazakhstan\ntopic: governance\nfacts:\n" + fact,
    )
    put(user, "kazakhstan/economy.yaml", "subject: kazakhstan\ntopic: economy\nfacts:\n" + fact)
    base = load_base([root, user])
    assert shown(base, tmp_path) == [
        "user/kazakhstan/governance.yaml:4:9: duplicate fact id 'kazakhstan.capital'"
        f" (first in {user / ECON}:4)"
    ]
    assert base.fact("kazakhstan.capital").file == ECON  # type: ignore[union-attr]


# --- the file's place -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "header", "problem"),
    [
        (
            ECON,
            "subject: uzbekistan\ntopic: economy\n",
            "1:10: subject 'uzbekistan' disagrees with the file's place (kazakhstan/economy.yaml)",
        ),
        (
            ECON,
            "subject: kazakhstan\ntopic: governance\n",
            "2:8: topic 'governance' disagrees with the file's place (kazakhstan/economy.yaml)",
        ),
        (ECON, "subject: atlantis\ntopic: economy\n", "1:10: unknown subject 'atlantis'"),
        (
            "kazakhstan/security.yaml",
            "subject: kazakhstan\ntopic: security\n",
            "2:8: unknown topic 'security'",
        ),
        (
            "atlantis/economy.yaml",
            "subject: atlantis\ntopic: economy\n",
            "1:10: unknown subject 'atlantis'",
        ),
        (
            "Kazakhstan/economy.yaml",
            "subject: kazakhstan\ntopic: economy\n",
            "1:10: subject 'kazakhstan' disagrees with the file's place (Kazakhstan/economy.yaml)",
        ),
    ],
)
def test_a_header_that_disagrees_with_the_place_or_is_unknown(
    write_base: WriteBase, rel: str, header: str, problem: str
) -> None:
    text = header + ECONOMY.split("topic: economy\n")[1]
    base, root = load_with(write_base, {rel: text})
    assert shown(base, root) == [f"{rel}:{problem}"]
    assert ids(base) == BASE_IDS


def test_facts_under_an_unsound_header_are_checked_but_not_loaded(write_base: WriteBase) -> None:
    text = economy("topic: economy\n", "topic: economy\nsource: src-a\n")
    text = text.replace("source: src-a\n    locator", "source: nope\n    locator")
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:3:1: unknown field 'source' in fact file",
            f"{ECON}:11:13: unknown source 'nope'",
        ],
        BASE_IDS,
    )


# --- files and directories ------------------------------------------------------------------


def test_a_yml_fact_file(write_base: WriteBase) -> None:
    base, root = load_with(write_base, {"kazakhstan/economy.yml": ECONOMY})
    assert shown(base, root) == ["kazakhstan/economy.yml: fact files end in .yaml, not .yml"]
    assert ids(base) == BASE_IDS


def test_a_yml_registry_file(write_base: WriteBase) -> None:
    base, root = load_with(
        write_base, {"topics.yml": "topics:\n  - key: security\n    description: S.\n"}
    )
    assert shown(base, root) == ["topics.yml: registry files end in .yaml, not .yml"]
    assert list(base.topics) == ["governance", "economy", "diplomacy"]


@pytest.mark.parametrize("name", ["economy.yaml", "notes.yml", "kazakhstan.yaml"])
def test_a_stray_yaml_file_at_the_root(write_base: WriteBase, name: str) -> None:
    base, root = load_with(write_base, {name: ECONOMY})
    assert shown(base, root) == [f"{name}: not a fact file: facts live at <subject>/<topic>.yaml"]
    assert ids(base) == BASE_IDS


def test_a_directory_named_like_a_fact_file(write_base: WriteBase) -> None:
    base, root = load_with(write_base, {f"{ECON}/inner.yaml": ECONOMY})
    assert shown(base, root) == [f"{ECON}: is a directory, not a file"]
    assert ids(base) == BASE_IDS


def test_other_files_are_ignored(write_base: WriteBase) -> None:
    base, _ = load_with(
        write_base,
        {
            "README.md": "# my facts\n",
            "kazakhstan/notes.txt": "scratch\n",
            "kazakhstan/.economy.yaml": "not: [yaml",
            ".git/config.yaml": "x",
            ".hidden.yaml": "x",
        },
    )
    assert base.problems == ()
    assert ids(base) == BASE_IDS


def test_a_facts_path_that_does_not_exist(write_base: WriteBase, tmp_path: Path) -> None:
    base = load_base([write_base(), tmp_path / "missing"])
    assert shown(base, tmp_path) == ["missing: facts directory does not exist"]
    assert ids(base) == BASE_IDS


def test_a_facts_path_that_is_a_file(write_base: WriteBase, tmp_path: Path) -> None:
    put(tmp_path, "facts.txt", "x")
    base = load_base([write_base(), tmp_path / "facts.txt"])
    assert shown(base, tmp_path) == ["facts.txt: facts directory is not a directory"]
    assert ids(base) == BASE_IDS


# --- registries -----------------------------------------------------------------------------


def test_a_subject_with_an_unknown_kind(write_base: WriteBase) -> None:
    extra = "  - key: kyrgyzstan\n    name: Kyrgyzstan\n    kind: state\n"
    base, root = load_appended(write_base, "subjects.yaml", extra)
    assert shown(base, root) == [
        "subjects.yaml:22:11: unknown kind 'state' (expected country, region, partner)"
    ]
    assert list(base.subjects) == ["kazakhstan", "uzbekistan", "china"]
    assert ids(base) == BASE_IDS


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (
            "  - key: Kyrgyz_Republic\n    name: K\n    kind: country\n",
            "20:10: subject key 'Kyrgyz_Republic' is not kebab-case",
        ),
        ("  - key: kyrgyzstan\n    name: K\n", "20:5: subject is missing kind"),
        (
            "  - key: kyrgyzstan\n    name: K\n    kind: country\n    iso: {alpha2: KG}\n",
            "23:10: iso is missing alpha3, numeric",
        ),
        (
            "  - key: kyrgyzstan\n    name: K\n    kind: country\n    names: [Kirghizia, '']\n",
            "23:24: names must be non-empty strings",
        ),
        (
            "  - key: kyrgyzstan\n    name: K\n    kind: country\n    capital: Bishkek\n",
            "23:5: unknown field 'capital' in subject",
        ),
        ("  - key: china\n    name: PRC\n    kind: partner\n", "20:10: duplicate subject 'china'"),
    ],
)
def test_bad_subjects(write_base: WriteBase, extra: str, problem: str) -> None:
    base, root = load_appended(write_base, "subjects.yaml", extra)
    assert shown(base, root) == [f"subjects.yaml:{problem}"]
    assert list(base.subjects) == ["kazakhstan", "uzbekistan", "china"]
    assert base.subjects["china"].name == "China"


def test_a_duplicate_source_id(write_base: WriteBase) -> None:
    extra = (
        "  - id: src-a\n    title: Another A\n    author: null\n    publisher: null\n"
        "    published: '2020'\n    kind: report\n    document: a2.txt\n"
    )
    base, root = load_appended(write_base, "sources.yaml", extra)
    assert shown(base, root) == ["sources.yaml:18:9: duplicate source 'src-a'"]
    assert base.sources["src-a"].title == "Source A"
    assert ids(base) == BASE_IDS


def test_a_source_missing_a_required_null(write_base: WriteBase) -> None:
    extra = (
        "  - id: src-c\n    title: C\n    published: '2020'\n    kind: report\n    document: c\n"
    )
    base, root = load_appended(write_base, "sources.yaml", extra)
    assert shown(base, root) == ["sources.yaml:18:5: source is missing author, publisher"]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (
            "  - key: military_spending\n    unit: USD\n    topic: security\n    description: D.\n",
            "12:12: unknown topic 'security' for metric 'military_spending'",
        ),
        (
            "  - key: Military-Spending\n    unit: USD\n    topic: economy\n    description: D.\n",
            "10:10: metric key 'Military-Spending' is not snake_case",
        ),
        (
            "  - key: gdp_growth\n    unit: '%'\n    topic: economy\n    description: Again.\n",
            "10:10: duplicate metric 'gdp_growth'",
        ),
        (
            "  - key: gdp_rate\n    unit: '%'\n    topic: economy\n    description: D.\n"
            "    short_label: A label far too long for a column\n",
            "14:18: short_label is 33 characters; at most 24",
        ),
        (
            "  - key: gdp_rate\n    unit: '%'\n    topic: economy\n    description: D.\n"
            "    label: ' Padded'\n",
            "14:12: label must be one line of text, without blanks around it",
        ),
    ],
)
def test_bad_metrics(write_base: WriteBase, extra: str, problem: str) -> None:
    base, root = load_appended(write_base, "metrics.yaml", extra)
    assert shown(base, root) == [f"metrics.yaml:{problem}"]
    assert ids(base) == BASE_IDS


def test_a_bad_topic_key(write_base: WriteBase) -> None:
    extra = "  - key: Foreign Policy\n    description: D.\n"
    base, root = load_appended(write_base, "topics.yaml", extra)
    assert shown(base, root) == ["topics.yaml:8:10: topic key 'Foreign Policy' is not kebab-case"]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "topic:\n  - key: a\n",
            [
                "topics.yaml:1:1: unknown field 'topic' (expected only 'topics')",
                "topics.yaml:1:1: 'topics' must be a list",
            ],
        ),
        ("topics: {a: 1}\n", ["topics.yaml:1:9: 'topics' must be a list"]),
        ("- key: a\n", ["topics.yaml:1:1: expected a mapping with a 'topics' list"]),
    ],
)
def test_a_registry_of_the_wrong_shape(
    write_base: WriteBase, text: str, problems: list[str]
) -> None:
    root = write_base(files={"topics.yaml": text})
    base = load_base([root])
    # With no topics, every metric's and every fact file's topic is unknown.
    assert shown(base, root) == [
        *problems,
        "metrics.yaml:4:12: unknown topic 'governance' for metric 'freedom_house_score'",
        "metrics.yaml:8:12: unknown topic 'economy' for metric 'gdp_growth'",
        "kazakhstan/diplomacy.yaml:2:8: unknown topic 'diplomacy'",
        "kazakhstan/governance.yaml:2:8: unknown topic 'governance'",
        "uzbekistan/economy.yaml:2:8: unknown topic 'economy'",
        "uzbekistan/governance.yaml:2:8: unknown topic 'governance'",
    ]
    assert base.topics == {}
    assert ids(base) == []


def test_the_fixture_can_leave_a_file_out(write_base: WriteBase) -> None:
    root = write_base(files={"uzbekistan/economy.yaml": None})
    base = load_base([root])
    assert base.problems == ()
    assert ids(base) == [i for i in BASE_IDS if i != "uzbekistan.gdp-growth-2024"]


def test_an_ambiguous_registry_value_refuses_the_whole_registry(write_base: WriteBase) -> None:
    root = write_base()
    subjects = (root / "subjects.yaml").read_text(encoding="utf-8")
    put(root, "subjects.yaml", subjects.replace("alpha2: UZ", "alpha2: NO"))
    base = load_base([root])
    assert shown(base, root) == [
        "subjects.yaml:11:19: ambiguous 'NO': quote it for a string, or write true/false",
        "kazakhstan/diplomacy.yaml:1:10: unknown subject 'kazakhstan'",
        "kazakhstan/diplomacy.yaml:11:15: unknown subject 'uzbekistan' in related",
        "kazakhstan/diplomacy.yaml:11:27: unknown subject 'china' in related",
        "kazakhstan/governance.yaml:1:10: unknown subject 'kazakhstan'",
        "uzbekistan/economy.yaml:1:10: unknown subject 'uzbekistan'",
        "uzbekistan/governance.yaml:1:10: unknown subject 'uzbekistan'",
    ]
    assert base.subjects == {}
    assert ids(base) == []


def test_a_later_registry_adds_and_replaces(write_base: WriteBase, tmp_path: Path) -> None:
    root = write_base()
    user = tmp_path / "user"
    put(
        user,
        "subjects.yaml",
        "subjects:\n"
        "  - key: kazakhstan\n    override: true\n    name: Qazaqstan\n    kind: country\n"
        "  - key: kyrgyzstan\n    name: Kyrgyzstan\n    kind: country\n    iso: null\n",
    )
    base = load_base([root, user])
    assert base.problems == ()
    assert list(base.subjects) == ["kazakhstan", "uzbekistan", "china", "kyrgyzstan"]
    assert base.subjects["kazakhstan"].name == "Qazaqstan"
    assert base.subjects["kazakhstan"].codes == ()
    assert base.subjects["kyrgyzstan"].iso_alpha2 is None


# --- everything in one pass -----------------------------------------------------------------


def test_three_problems_in_one_file_and_the_valid_facts_still_load(
    write_base: WriteBase,
) -> None:
    facts = ECONOMY.split("facts:\n")[1]
    text = (
        "subject: kazakhstan\ntopic: economy\nfacts:\n"
        + facts.replace("source: src-a", "source: nope")  # lines 4-11
        + facts.replace("2024'", "2024-13'").replace("-2024\n", "-2023\n")  # lines 12-19
        + facts.replace("    unit:", "    units:").replace("-2024\n", "-2022\n")  # lines 20-27
        + facts.replace("-2024\n", "-2021\n")  # lines 28-35: valid
    )
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:10:13: unknown source 'nope'",
            f"{ECON}:17:12: invalid date '2024-13': month 13 is not 1-12",
            f"{ECON}:24:5: unknown field 'units' in fact",
        ],
        [BASE_IDS[0], "kazakhstan.gdp-growth-2021", *BASE_IDS[1:]],
    )


def test_three_problems_in_one_fact(write_base: WriteBase) -> None:
    text = (
        economy("    unit:", "    units:")
        .replace("source: src-a", "source: nope")
        .replace("as_of: '2024'", "as_of: '2024-02-30'")
    )
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:8:5: unknown field 'units' in fact",
            f"{ECON}:9:12: invalid date '2024-02-30': day 30 is not in that month",
            f"{ECON}:10:13: unknown source 'nope'",
        ],
        BASE_IDS,
    )


def test_a_fact_missing_fields_is_still_checked(write_base: WriteBase) -> None:
    text = economy("    locator: Economy, para 1\n", "").replace(
        "metric: gdp_growth", "metric: gdp"
    )
    assert load_econ(write_base, text) == (
        [
            f"{ECON}:4:5: fact is missing locator",
            f"{ECON}:6:13: unknown metric 'gdp' (add it to metrics.yaml)",
        ],
        BASE_IDS,
    )


def test_problems_across_files_and_registries_in_one_pass(write_base: WriteBase) -> None:
    extra_source = (
        "  - id: src-a\n    title: Another A\n    author: null\n    publisher: null\n"
        "    published: '2020'\n    kind: report\n    document: a2.txt\n"
    )
    root = write_base()
    append(root, "sources.yaml", extra_source)
    base, root = load_with(
        lambda: root,
        {
            ECON: economy("value: 4.8", "value: yes"),
            "uzbekistan/diplomacy.yaml": "subject: uzbekistan\ntopic: diplomacy\nfacts: {}\n",
            "notes.yaml": "x: 1\n",
            "kazakhstan/trade.yml": "x: 1\n",
        },
    )
    assert shown(base, root) == [
        "sources.yaml:18:9: duplicate source 'src-a'",
        # Files in the wrong place are found while listing, before any fact file is read.
        "kazakhstan/trade.yml: fact files end in .yaml, not .yml",
        "notes.yaml: not a fact file: facts live at <subject>/<topic>.yaml",
        f"{ECON}:7:12: ambiguous 'yes': quote it for a string, or write true/false",
        "uzbekistan/diplomacy.yaml:3:8: facts must be a list, not a mapping",
    ]
    assert ids(base) == BASE_IDS


# --- validate_paths, facts_dirs, Problem ----------------------------------------------------


def test_validate_a_fact_file(write_base: WriteBase) -> None:
    root = write_base()
    good = put(root, ECON, ECONOMY)
    assert validate_paths([good], [root]) == []
    twice = ECONOMY + ECONOMY.split("facts:\n")[1].replace("src-a", "nope")
    put(root, ECON, twice)
    assert shown(validate_paths([good], [root]), root) == [
        f"{ECON}:18:13: unknown source 'nope'",
    ]
    put(root, ECON, ECONOMY + ECONOMY.split("facts:\n")[1])
    assert shown(validate_paths([good], [root]), root) == [
        f"{ECON}:12:9: duplicate fact id '{NEW_ID}' (first at line 4)",
    ]
    bad = put(root, "kazakhstan/trade.yaml", ECONOMY.replace("topic: economy", "topic: trade"))
    assert shown(validate_paths([bad], [root]), root) == [
        "kazakhstan/trade.yaml:2:8: unknown topic 'trade'"
    ]


def test_validate_a_file_outside_the_base(write_base: WriteBase, tmp_path: Path) -> None:
    root = write_base()
    mine = put(tmp_path, "mine/kazakhstan/economy.yaml", economy("source: src-a", "source: x"))
    assert shown(validate_paths([mine], [root]), tmp_path) == [
        "mine/kazakhstan/economy.yaml:10:13: unknown source 'x'"
    ]


def test_validate_a_directory_and_a_missing_path(write_base: WriteBase, tmp_path: Path) -> None:
    root = write_base()
    mine = tmp_path / "mine"
    put(mine, ECON, economy("metric: gdp_growth", "metric: gdp"))
    assert shown(validate_paths([mine, tmp_path / "nope"], [root]), tmp_path) == [
        f"mine/{ECON}:6:13: unknown metric 'gdp' (add it to metrics.yaml)",
        "nope: facts directory does not exist",
    ]


def test_facts_dirs_order(tmp_path: Path) -> None:
    bundled = bundled_facts_dir()
    assert (bundled / "subjects.yaml").is_file()
    assert facts_dirs() == [bundled]
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    env = f"{b}{os.pathsep}{os.pathsep}{c}{os.pathsep}"
    assert facts_dirs([a], env=env) == [bundled, b, c, a]
    assert facts_dirs([a], env=env, bundled=False) == [b, c, a]
    assert facts_dirs(env="", bundled=False) == []


def test_problem_text() -> None:
    assert str(Problem("f/x.yaml", 3, 5, "bad")) == "f/x.yaml:3:5: bad"
    assert str(Problem("f", 0, 0, "facts directory does not exist")) == (
        "f: facts directory does not exist"
    )
    assert Problem("f", 1, 2, "m").as_dict() == {"path": "f", "line": 1, "col": 2, "message": "m"}


# --- related metrics -------------------------------------------------------------------------

LINKED_METRICS = """\
  - key: gdp_growth_forecast
    unit: '%'
    topic: economy
    description: Forecast real GDP growth.
    related: [gdp_growth]
"""


def linked(growth_extra: str, new: str = LINKED_METRICS) -> str:
    """metrics.yaml with `growth_extra` (lines) added to gdp_growth and `new` appended."""
    text = METRICS_YAML.replace(
        "    description: Real GDP growth.\n", "    description: Real GDP growth.\n" + growth_extra
    )
    return text + new


def test_related_metrics_load_both_ways(write_base: WriteBase) -> None:
    text = linked("    related: [gdp_growth_forecast]\n")
    base, root = load_with(write_base, {"metrics.yaml": text})
    assert shown(base, root) == []
    assert base.metrics["gdp_growth"].related == ("gdp_growth_forecast",)
    assert base.metrics["gdp_growth_forecast"].links() == [("related", "gdp_growth")]
    assert base.metrics["freedom_house_score"].links() == []


def test_broader_and_narrower_must_match(write_base: WriteBase) -> None:
    narrow = """\
  - key: gdp_growth_services
    unit: '%'
    topic: economy
    description: Real GDP growth of services.
    broader: [gdp_growth]
"""
    base, root = load_with(
        write_base, {"metrics.yaml": linked("    narrower: [gdp_growth_services]\n", narrow)}
    )
    assert shown(base, root) == []
    assert base.metrics["gdp_growth"].narrower == ("gdp_growth_services",)
    # Written on one side only: reported where it is written.
    base, root = load_with(write_base, {"metrics.yaml": METRICS_YAML + narrow})
    assert shown(base, root) == [
        "metrics.yaml:14:15: metric 'gdp_growth_services' names 'gdp_growth' in its broader,"
        " but 'gdp_growth' does not name 'gdp_growth_services' in its narrower"
    ]
    # The other side says the wrong relation.
    base, root = load_with(
        write_base, {"metrics.yaml": linked("    broader: [gdp_growth_services]\n", narrow)}
    )
    assert len(shown(base, root)) == 2


def test_an_unknown_metric_in_a_relation_is_reported_with_its_position(
    write_base: WriteBase,
) -> None:
    base, root = load_with(write_base, {"metrics.yaml": linked("    broader: [gdp_grwoth]\n", "")})
    assert shown(base, root) == [
        "metrics.yaml:10:15: unknown metric 'gdp_grwoth' in broader of metric 'gdp_growth'"
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    related: [gdp_growth]\n", "10:15: metric 'gdp_growth' names itself in its related"),
        ("    broader: [Gdp-Growth]\n", "10:15: broader must list metric keys"),
        ("    narrower: [1]\n", "10:16: narrower must list metric keys"),
    ],
)
def test_bad_metric_relations(write_base: WriteBase, extra: str, message: str) -> None:
    base, root = load_with(write_base, {"metrics.yaml": linked(extra, "")})
    # Only the relation is reported: the metric still loads, so its facts are fine.
    assert shown(base, root) == [f"metrics.yaml:{message}"]
    assert "gdp_growth" in base.metrics


def test_a_relation_that_is_not_a_list(write_base: WriteBase) -> None:
    base, root = load_with(write_base, {"metrics.yaml": linked("    related: gdp_growth\n", "")})
    assert shown(base, root)[0] == "metrics.yaml:10:14: related must be a list, not a string"


def test_a_metric_listed_twice_in_a_relation(write_base: WriteBase) -> None:
    text = linked("    related: [gdp_growth_forecast, gdp_growth_forecast]\n")
    base, root = load_with(write_base, {"metrics.yaml": text})
    assert shown(base, root) == ["metrics.yaml:10:36: metric 'gdp_growth_forecast' is listed twice"]


# --- strict where it must be ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "value: 4.8",
            "value: '4.8'",
            "7:12: value '4.8' is a number in quotes; write it without them",
        ),
        (
            "value: 4.8",
            "value: ' -12'",
            "7:12: value ' -12' is a number in quotes; write it without them",
        ),
        (
            "id: kazakhstan.gdp-growth-2024",
            "id: uzbekistan.gdp-growth-2024",
            "4:9: fact id 'uzbekistan.gdp-growth-2024' does not start with its file's subject "
            "'kazakhstan'",
        ),
    ],
)
def test_a_quoted_figure_and_an_id_of_another_subject(
    write_base: WriteBase, old: str, new: str, problem: str
) -> None:
    assert load_econ(write_base, economy(old, new)) == ([f"{ECON}:{problem}"], BASE_IDS)


def test_text_that_is_not_a_number_stays_a_value(write_base: WriteBase) -> None:
    problems, ids = load_econ(write_base, economy("value: 4.8", "value: 4.8 to 5"))
    assert (problems, ids) == ([], WITH_NEW)
