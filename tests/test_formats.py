"""Unit specs of render.formats and render.jsontext: exact text of every data format."""

from __future__ import annotations

import json
import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from c5lens.render import formats, jsontext
from c5lens.render.formats import UnknownField

RECORDS = [
    {
        "id": "a",
        "value": 1.5,
        "ok": True,
        "tags": ["x", "y"],
        "src": {"id": "s", "url": None},
        "correction": None,
    },
    {
        "id": "b|c",
        "value": "two\tthree\nfour",
        "ok": False,
        "tags": [],
        "src": {"id": "t", "url": "u"},
        "correction": {"statement": "S", "source": "s", "locator": "l"},
    },
]
HEAD = "id,value,ok,tags,src.id,src.url,correction.statement,correction.source,correction.locator"


def test_json() -> None:
    """Indented by two, keys in record order, non-ASCII kept, one final newline."""
    assert formats.render([{"id": "é", "n": [1, None]}, {}], "json") == (
        '[\n  {\n    "id": "é",\n    "n": [\n      1,\n      null\n    ]\n  },\n  {}\n]\n'
    )
    assert formats.render([], "json") == "[]\n"
    assert formats.render(RECORDS, "json") == json.dumps(RECORDS, indent=2) + "\n"


def test_json_and_yaml_print_the_document_when_given() -> None:
    """A document replaces the list for json and yaml; jsonl always prints the records."""
    doc = {"subject": {"key": "k"}, "facts": [{"a": 1}]}
    assert formats.render([{"a": 1}], "json", doc) == (
        '{\n  "subject": {\n    "key": "k"\n  },\n'
        '  "facts": [\n    {\n      "a": 1\n    }\n  ]\n}\n'
    )
    assert formats.render([{"a": 1}], "yaml", doc) == "subject:\n  key: k\nfacts:\n- a: 1\n"
    assert formats.render([{"a": 1}], "jsonl", doc) == '{"a": 1}\n'


def test_jsonl() -> None:
    """One compact JSON object a line, non-ASCII kept."""
    assert formats.render([{"a": "ü", "b": None}, {"c": [True]}], "jsonl") == (
        '{"a": "ü", "b": null}\n{"c": [true]}\n'
    )
    assert formats.render([], "jsonl") == ""


def test_csv() -> None:
    """Nested mappings as key.sub columns, lists joined, booleans lowercase, quoting by need."""
    assert formats.render(RECORDS, "csv") == (
        f'{HEAD}\na,1.5,true,x; y,s,,,,\nb|c,"two\tthree\nfour",false,,t,u,S,s,l\n'
    )
    assert formats.render([{"a": 'say "hi", then'}], "csv") == 'a\n"say ""hi"", then"\n'
    assert formats.render([], "csv") == ""


def test_tsv_turns_tabs_and_newlines_into_spaces() -> None:
    """TSV has no quoting: a tab or newline in a cell becomes a space."""
    assert formats.render(RECORDS, "tsv") == (
        HEAD.replace(",", "\t") + "\n"
        "a\t1.5\ttrue\tx; y\ts\t\t\t\t\n"
        "b|c\ttwo three four\tfalse\t\tt\tu\tS\ts\tl\n"
    )
    assert formats.render([], "tsv") == ""


def test_markdown_escapes_pipes_backslashes_and_newlines() -> None:
    """A markdown table: pipes and backslashes escaped, a newline a space, null empty."""
    out = formats.render([{"a": "x|y", "b": "c:\\d", "c": "1\n2", "d": None}], "markdown")
    assert out == "| a | b | c | d |\n| --- | --- | --- | --- |\n| x\\|y | c:\\\\d | 1 2 |  |\n"
    assert formats.render(RECORDS[:1], "markdown").splitlines()[2] == (
        "| a | 1.5 | true | x; y | s |  |  |  |  |"
    )
    assert formats.render([], "markdown") == ""


@pytest.mark.parametrize("fmt", ["tsv", "markdown"])
def test_a_carriage_return_does_not_split_a_row(fmt: str) -> None:
    """One record is one row, whatever line breaks its cells hold."""
    out = formats.render([{"a": "one\r\ntwo", "b": "three\rfour"}], fmt)
    assert len(out.splitlines()) == (2 if fmt == "tsv" else 3)


def test_yaml() -> None:
    """Keys in record order, block style, non-ASCII kept."""
    assert formats.render(RECORDS, "yaml") == (
        "- id: a\n  value: 1.5\n  ok: true\n  tags:\n  - x\n  - 'y'\n  src:\n    id: s\n"
        '    url: null\n  correction: null\n- id: b|c\n  value: "two\\tthree\\nfour"\n'
        "  ok: false\n  tags: []\n  src:\n    id: t\n    url: u\n  correction:\n"
        "    statement: S\n    source: s\n    locator: l\n"
    )
    assert formats.render([{"name": "Türkmenistan"}], "yaml") == "- name: Türkmenistan\n"


@pytest.mark.parametrize(
    "text", ["1e3", "08", "0o17", "y", "Y", "n", "N", "-.5", "+1", "1.5", "1E-3", "017", "3."]
)
def test_yaml_quotes_strings_that_read_as_numbers_or_booleans(text: str) -> None:
    """Strings a YAML 1.2 reader takes for numbers or booleans are single-quoted."""
    out = formats.render([{"v": text}], "yaml")
    assert out == f"- v: '{text}'\n"
    assert yaml.safe_load(out) == [{"v": text}]


@pytest.mark.parametrize("text", ["x1e3", "1e", "yy", "0o8", "Astana", "1-2"])
def test_yaml_leaves_plain_strings_plain(text: str) -> None:
    """Other strings stay unquoted."""
    assert formats.render([{"v": text}], "yaml") == f"- v: {text}\n"


def test_yaml_quotes_keys_too() -> None:
    """A mapping key that reads as a number is quoted like a value."""
    assert formats.render({"08": 1}, "yaml") == "'08': 1\n"


def test_flatten_nested_mappings_lists_and_nulls() -> None:
    """Nested keys join with dots; a null correction keeps its three columns."""
    assert formats.flatten(
        {
            "a": {"b": {"c": None}, "d": [1, 2.5, True, None]},
            "correction": None,
            "n": None,
            "f": False,
            "e": [],
        }
    ) == {
        "a.b.c": "",
        "a.d": "1; 2.5; true; ",
        "correction.statement": "",
        "correction.source": "",
        "correction.locator": "",
        "n": "",
        "f": "false",
        "e": "",
    }
    assert formats.flatten({"l": [{"k": 1}, "x"]}) == {"l": '{"k": 1}; x'}


def test_nested_columns_stand_in_for_a_null_mapping() -> None:
    """Where one row has a mapping under a key and another null, the nested columns win."""
    recs = [{"id": 1, "src": None}, {"id": 2, "src": {"id": "s", "n": 3}}]
    assert formats.render(recs, "csv") == "id,src.id,src.n\n1,,\n2,s,3\n"


def test_parse_fields() -> None:
    """Names split on commas, trimmed, repeats dropped, order kept; None means all fields."""
    valid = ["id", "value", "as_of"]
    assert formats.parse_fields(" value ,id,value,", valid) == ["value", "id"]
    assert formats.parse_fields(None, valid) is None


@pytest.mark.parametrize(
    ("text", "unknown"), [("id,nope,zz", ["nope", "zz"]), (" , ", [" , "]), ("", [""])]
)
def test_parse_fields_unknown(text: str, unknown: list[str]) -> None:
    """Unknown names, or none at all, raise UnknownField listing the valid ones."""
    with pytest.raises(UnknownField) as info:
        formats.parse_fields(text, ["id", "value"])
    assert (info.value.unknown, info.value.valid) == (unknown, ["id", "value"])
    assert isinstance(info.value, ValueError)
    names = ", ".join(repr(u) for u in unknown)
    assert str(info.value) == f"unknown field {names}; valid fields: id, value"


def test_select() -> None:
    """Selecting fields keeps their order and gives null for a field a record lacks."""
    assert formats.select([{"a": 1, "b": 2}], ["b", "z"]) == [{"b": 2, "z": None}]
    recs = [{"a": 1}]
    assert formats.select(recs, None) == recs


def test_render_refuses_the_table_format() -> None:
    """table is not a data format."""
    with pytest.raises(ValueError):
        formats.render([], "table")
    assert set(formats.FIELD_FORMATS) < set(formats.FORMATS)


# --- jsontext --------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text()
)
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
JSONISH = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSONISH)
def test_jsontext_is_byte_identical_to_json_dumps(data: object) -> None:
    """jsontext.dumps writes what json.dumps(..., ensure_ascii=False, indent=2) writes."""
    assert jsontext.dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)


@given(st.dictionaries(st.text(), st.text(), max_size=4), st.integers(0, 6))
def test_jsontext_other_indents(data: dict, indent: int) -> None:
    """Any indent width matches json.dumps with that indent."""
    assert jsontext.dumps(data, indent) == json.dumps(data, ensure_ascii=False, indent=indent)


def test_jsontext_special_values() -> None:
    """Control characters escaped, non-ASCII kept, NaN and infinities as json writes them."""
    data = {"s": 'tab\t"q" é \x00 \u2028', "f": [math.nan, math.inf, -math.inf, -0.0, 1e20]}
    assert jsontext.dumps(data) == (
        '{\n  "s": "tab\\t\\"q\\" é \\u0000 \u2028",\n'
        '  "f": [\n    NaN,\n    Infinity,\n    -Infinity,\n    -0.0,\n    1e+20\n  ]\n}'
    )
    assert jsontext.dumps({1: "a", None: "b", 2.5: "c", False: "d"}) == (
        '{\n  "1": "a",\n  "null": "b",\n  "2.5": "c",\n  "false": "d"\n}'
    )
    assert (jsontext.dumps([]), jsontext.dumps({}), jsontext.dumps("x")) == ("[]", "{}", '"x"')


def test_jsontext_refuses_what_json_refuses() -> None:
    """An object json cannot serialise raises TypeError."""
    with pytest.raises(TypeError):
        jsontext.dumps({"a": {1, 2}})
    with pytest.raises(TypeError):
        json.dumps({"a": {1, 2}})


def test_dump_hands_the_text_on_in_pieces_as_dumps_writes_it() -> None:
    from c5lens.base.loading import facts_dirs, load_base
    from c5lens.render.records import FactRecords

    base = load_base(facts_dirs())
    facts = base.facts * 5  # some thousands of records
    records = FactRecords(facts, base)
    document = {"subject": {"key": "all"}, "facts": records}
    pieces: list[str] = []
    jsontext.dump(document, pieces.append)
    whole = json.dumps({"subject": {"key": "all"}, "facts": list(records)}, ensure_ascii=False,
                       indent=2)  # fmt: skip
    assert "".join(pieces) == whole
    # a few hundred records at a time, never the whole text at once
    assert len(pieces) > 3
    assert max(len(p) for p in pieces) < len(whole) / 3
    assert len(records) == len(facts)  # and the records can be read again
    assert list(records) == list(FactRecords(facts, base))
