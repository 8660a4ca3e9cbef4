"""The position-keeping YAML reader: c5lens.base.yamlread.parse_yaml and its refusals."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from c5lens.base.yamlread import MAX_DEPTH, YamlDoc, YamlError, decode, parse_yaml

NO_ANCHORS = "anchors and aliases are not allowed in fact files"


def libyaml(problem: tuple[int, int, str]) -> tuple[int, int, str]:
    """A problem as far as c5lens decides it: its place and the words before libyaml's."""
    line, col, message = problem
    head, sep, _ = message.partition(": ")
    return (line, col, head) if sep and head == "malformed YAML" else problem


def parse(text: str | bytes) -> YamlDoc:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_yaml(raw)


def problems(text: str | bytes) -> list[tuple[int, int, str]]:
    """The (line, col, message) of each problem parse_yaml raises for text."""
    with pytest.raises(YamlError) as err:
        parse(text)
    return [(p.line, p.col, p.message) for p in err.value.problems]


def test_plain_data_with_positions() -> None:
    doc = parse(
        textwrap.dedent("""\
        subject: kazakhstan
        facts:
          - id: a.b
            value: 23
            related: [china, russia]
          - id: a.c
        """)
    )
    assert doc.data == {
        "subject": "kazakhstan",
        "facts": [{"id": "a.b", "value": 23, "related": ["china", "russia"]}, {"id": "a.c"}],
    }
    assert doc.key_pos(("subject",)) == (1, 1)
    assert doc.value_pos(("subject",)) == (1, 10)
    assert doc.value_pos(("facts",)) == (3, 3)
    assert doc.value_pos(("facts", 0)) == (3, 5)
    assert doc.key_pos(("facts", 0, "value")) == (4, 5)
    assert doc.value_pos(("facts", 0, "value")) == (4, 12)
    assert doc.value_pos(("facts", 0, "related", 1)) == (5, 22)
    assert doc.value_pos(("facts", 1, "id")) == (6, 9)
    # A path that is not there falls back to its nearest ancestor; a key without a key mark
    # (a list item) to its value.
    assert doc.value_pos(("facts", 1, "value")) == (6, 5)
    assert doc.key_pos(("facts", 0)) == (3, 5)
    assert doc.value_pos(()) == (1, 1)


def test_top_level_may_be_any_collection_or_scalar() -> None:
    assert parse("- 1\n- two\n").data == [1, "two"]
    assert parse("just text\n").data == "just text"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("v: 12", 12),
        ("v: -3", -3),
        ("v: +4", 4),
        ("v: 0", 0),
        ("v: 1.0", 1.0),
        ("v: 6.5", 6.5),
        ("v: -0.25", -0.25),
        ("v: 1.5e+3", 1500.0),
        ("v: true", True),
        ("v: False", False),
        ("v: TRUE", True),
        ("v: null", None),
        ("v: ~", None),
        ("v:", None),
        ("v: 'NO'", "NO"),
        ('v: "yes"', "yes"),
        ("v: '1e3'", "1e3"),
        ("v: '0012'", "0012"),
        ("v: '1:20'", "1:20"),
        ("v: '.nan'", ".nan"),
        ("v: y", "y"),
        ("v: n", "n"),
        ("v: 2025-06", "2025-06"),
        # A timestamp stays the text it was written as, never a datetime.date.
        ("v: 2025-06-19", "2025-06-19"),
        ("v: 2025-02-30", "2025-02-30"),
        ("v: 2025-06-19 10:00:00", "2025-06-19 10:00:00"),
        ("v: !!str 12", "12"),
        ("v: |\n  two\n  lines\n", "two\nlines\n"),
        ("v: >-\n  folded\n  text\n", "folded text"),
        ("v: Қазақстан", "Қазақстан"),
    ],
)
def test_scalars_keep_their_type(text: str, value: object) -> None:
    got = parse(text).data["v"]
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    "word",
    ["yes", "no", "on", "off", "Yes", "NO", "On", "OFF"],
)
def test_yes_no_on_off_are_ambiguous(word: str) -> None:
    assert problems(f"a: 1\nv: {word}\n") == [
        (2, 4, f"ambiguous {word!r}: quote it for a string, or write true/false")
    ]


@pytest.mark.parametrize(
    "word",
    [
        "0012",  # YAML 1.1 octal: 10
        "-017",
        "0x1F",  # 31
        "0b101",  # 5
        "1_000",  # 1000
        "1:20",  # base 60: 80
        "190:20:30",
        "1_000.5",  # 1000.5
        "1:20.5",
        "1e3",  # a string to YAML 1.1, 1000 to YAML 1.2 and JSON
        "1.5e3",
        "-2E-4",
        "08",  # not octal, so a string to YAML 1.1
        "+.5e1",
    ],
)
def test_numbers_yaml_readers_disagree_on_are_ambiguous(word: str) -> None:
    assert problems(f"v: {word}\n") == [
        (1, 4, f"ambiguous {word!r}: quote it for a string, or write plain decimal")
    ]
    assert parse(f"v: '{word}'\n").data == {"v": word}


@pytest.mark.parametrize("word", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1.0e+400"])
def test_non_finite_numbers_are_refused(word: str) -> None:
    assert problems(f"a: 1\nv: {word}\n") == [(2, 4, f"{word!r} is not a finite number")]


def test_duplicate_keys_are_reported_at_each_repeat() -> None:
    text = "a: 1\nb:\n  c: 1\n  c: 2\n  d: 3\n  c: 4\n'a': 5\n"
    assert problems(text) == [
        (4, 3, "duplicate key 'c' (first at line 3)"),
        (6, 3, "duplicate key 'c' (first at line 3)"),
        (7, 1, "duplicate key 'a' (first at line 1)"),
    ]


def test_equal_keys_in_different_mappings_are_fine() -> None:
    assert parse("- {a: 1}\n- {a: 2}\n").data == [{"a": 1}, {"a": 2}]


def test_keys_are_their_text() -> None:
    assert parse("1: a\ntrue: b\n1.5: c\nyes: d\n").data == {
        "1": "a",
        "true": "b",
        "1.5": "c",
        "yes": "d",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("? [a]\n: 1\n", [(1, 3, "complex keys are not allowed")]),
        ("{a: 1}: 2\n", [(1, 1, "complex keys are not allowed")]),
        ("a: 1\n~: 2\n", [(2, 1, "key '~' must be a plain string")]),
        ("a: 1\n!!binary aGk=: 2\n", [(2, 1, "key 'aGk=' must be a plain string")]),
    ],
)
def test_keys_must_be_plain_strings(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert problems(text) == expected


def test_anchor_and_alias_are_each_reported_where_written() -> None:
    text = "a: &x 1\nb: 2\nc:\n  - *x\n"
    assert problems(text) == [
        (1, 4, f"{NO_ANCHORS} (anchor &x)"),
        (4, 5, f"{NO_ANCHORS} (alias *x)"),
    ]


def test_an_unused_anchor_is_reported() -> None:
    assert problems("a: 1\nb: &unused [1, 2]\n") == [(2, 4, f"{NO_ANCHORS} (anchor &unused)")]


def test_an_undefined_alias_is_reported_once() -> None:
    assert problems("a: 1\nb: *nope\n") == [(2, 4, f"{NO_ANCHORS} (alias *nope)")]


def test_merge_keys_are_refused() -> None:
    text = "base: &b {unit: points}\nfact:\n  <<: *b\n  value: 1\n"
    assert problems(text) == [
        (1, 7, f"{NO_ANCHORS} (anchor &b)"),
        (3, 7, f"{NO_ANCHORS} (alias *b)"),
        (3, 3, "merge keys (<<) are not allowed"),
    ]


def test_a_plain_merge_key_without_alias_is_refused() -> None:
    assert problems("<<: {a: 1}\n") == [(1, 1, "merge keys (<<) are not allowed")]


def billion_laughs(levels: int, width: int) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly() -> None:
    text = billion_laughs(10, 10)  # 10**10 strings if the aliases were expanded
    start = time.perf_counter()
    found = problems(text)
    assert time.perf_counter() - start < 1
    # Each anchor and each alias, where it is written, and nothing else.
    assert len(found) == 10 + 9 * 10
    assert found[0] == (1, 5, f"{NO_ANCHORS} (anchor &l0)")
    assert found[1] == (2, 5, f"{NO_ANCHORS} (anchor &l1)")
    assert found[2] == (2, 10, f"{NO_ANCHORS} (alias *l0)")
    assert found[3] == (2, 15, f"{NO_ANCHORS} (alias *l0)")
    assert {m for _, _, m in found} == {f"{NO_ANCHORS} (anchor &l{i})" for i in range(10)} | {
        f"{NO_ANCHORS} (alias *l{i})" for i in range(9)
    }


def test_a_wider_alias_bomb_is_refused_quickly() -> None:
    text = billion_laughs(30, 30)  # 30**30 strings expanded
    start = time.perf_counter()
    found = problems(text)
    assert time.perf_counter() - start < 1
    assert len(found) == 30 + 29 * 30


def nested_lists(depth: int) -> str:
    return "a: " + "[" * depth + "1" + "]" * depth + "\n"


def test_nesting_up_to_the_limit_is_fine() -> None:
    # The top-level mapping is level 0; the innermost scalar is at level MAX_DEPTH.
    data = parse(nested_lists(MAX_DEPTH - 1)).data["a"]
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(data, list)
        data = data[0]
    assert data == 1


def test_nesting_past_the_limit_is_refused() -> None:
    # The scalar at level MAX_DEPTH + 1 (col 3 + MAX_DEPTH + 1).
    assert problems(nested_lists(MAX_DEPTH)) == [
        (1, 4 + MAX_DEPTH, f"nested more than {MAX_DEPTH} levels deep")
    ]
    # A list at level MAX_DEPTH + 1: refused before it is composed.
    assert problems(nested_lists(MAX_DEPTH + 1)) == [
        (1, 4 + MAX_DEPTH, f"nested more than {MAX_DEPTH} levels deep")
    ]


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    assert problems(text) == [
        (MAX_DEPTH + 2, 2 * MAX_DEPTH + 3, f"nested more than {MAX_DEPTH} levels deep")
    ]


def test_very_deep_nesting_is_refused_quickly_without_crashing() -> None:
    # libyaml's composer recurses in C: a million levels would overflow the stack and kill the
    # process (a segfault), so this runs in a child process.
    code = (
        "import time\n"
        "from c5lens.base.yamlread import YamlError, parse_yaml\n"
        "text = ('a: ' + '[' * 1_000_000 + ']' * 1_000_000).encode()\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    parse_yaml(text)\n"
        "except YamlError as e:\n"
        "    p = e.problems[0]\n"
        "    print(len(e.problems), p.line, p.col, p.message)\n"
        "print(time.perf_counter() - start < 1)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        f"1 1 {4 + MAX_DEPTH} nested more than {MAX_DEPTH} levels deep",
        "True",
    ]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("v: !!python/object/apply:os.system ['true']\n", "python/object/apply:os.system"),
        ("v: !!python/name:os.system\n", "python/name:os.system"),
        ("v: !!python/object:builtins.dict {a: 1}\n", "python/object:builtins.dict"),
        ("v: !!binary aGk=\n", "binary"),
        ("v: !!set {a, b}\n", "set"),
        ("v: !!omap [a: 1]\n", "omap"),
    ],
)
def test_foreign_tags_are_refused(text: str, tag: str) -> None:
    assert problems(text) == [(1, 4, f"tag '!!{tag}' is not allowed")]


def test_explicit_core_tags_are_accepted() -> None:
    text = "a: !!int '12'\nb: !!float 1\nc: !!map {x: 1}\nd: !!seq [1]\ne: !!timestamp 2025-06\n"
    assert parse(text).data == {"a": 12, "b": 1.0, "c": {"x": 1}, "d": [1], "e": "2025-06"}


def test_an_explicit_tag_does_not_make_a_number_ambiguous() -> None:
    assert parse("a: !!str 1e3\nb: !!str 0012\nc: !!str 1:20\n").data == {
        "a": "1e3",
        "b": "0012",
        "c": "1:20",
    }


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("v: !custom x\n", "!custom"),
        ("v: !local [1]\n", "!local"),
        ("v: !<tag:example.com,2025:thing> {a: 1}\n", "tag:example.com,2025:thing"),
    ],
)
def test_local_tags_are_refused(text: str, tag: str) -> None:
    assert problems(text) == [(1, 4, f"tag {tag!r} is not allowed")]


def test_a_tag_directive_cannot_smuggle_in_a_python_tag(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    text = (
        "%TAG !p! tag:yaml.org,2002:python/\n---\n"
        f"v: !p!object/apply:os.system ['touch {sentinel}']\n"
    )
    assert problems(text) == [(3, 4, "tag '!!python/object/apply:os.system' is not allowed")]
    assert not sentinel.exists()


def test_python_tags_never_run(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    text = (
        f"a: !!python/object/apply:os.system ['touch {sentinel}']\n"
        f"b: !!python/object/apply:subprocess.call [['touch', '{sentinel}']]\n"
    )
    assert problems(text) == [
        (1, 4, "tag '!!python/object/apply:os.system' is not allowed"),
        (2, 4, "tag '!!python/object/apply:subprocess.call' is not allowed"),
    ]
    assert not sentinel.exists()


def test_every_problem_in_a_document_is_collected() -> None:
    text = "a: yes\nb: .nan\nc: 1\nc: 2\nd: !!binary aGk=\ne: 0012\n"
    assert problems(text) == [
        (1, 4, "ambiguous 'yes': quote it for a string, or write true/false"),
        (2, 4, "'.nan' is not a finite number"),
        (4, 1, "duplicate key 'c' (first at line 3)"),
        (5, 4, "tag '!!binary' is not allowed"),
        (6, 4, "ambiguous '0012': quote it for a string, or write plain decimal"),
    ]


def test_yaml_error_message_is_the_first_problem() -> None:
    with pytest.raises(YamlError) as err:
        parse("a: yes\nb: no\n")
    assert str(err.value) == "ambiguous 'yes': quote it for a string, or write true/false"
    assert len(err.value.problems) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\nb: 3\n", (2, 2, "malformed YAML: did not find expected ',' or ']'")),
        ("a: b: c\n", (1, 5, "malformed YAML: mapping values are not allowed in this context")),
        ("a: 1\n b: 2\n", (2, 3, "malformed YAML: mapping values are not allowed in this context")),
        ("a: 'open\n", (2, 1, "malformed YAML: found unexpected end of stream")),
        ("\ta: 1\n", (1, 1, "malformed YAML: found character that cannot start any token")),
        ("a: 1\n- b\n", (2, 1, "malformed YAML: did not find expected key")),
        (
            "a: 1\n---\nb: 2\n",
            (
                2,
                1,
                "malformed YAML: expected a single document in the stream,"
                " but found another document",
            ),
        ),
        ("a: @x\n", (1, 4, "malformed YAML: found character that cannot start any token")),
    ],
)
def test_malformed_yaml_is_reported_where_it_breaks(
    text: str, expected: tuple[int, int, str]
) -> None:
    # The words after "malformed YAML:" are libyaml's and change between releases (D32): the
    # place and c5lens's own prefix are the contract. The table keeps today's words as a guide.
    assert [libyaml(p) for p in problems(text)] == [libyaml(expected)]


def test_one_document_with_markers_is_fine() -> None:
    assert parse("%YAML 1.1\n---\na: 1\n...\n").data == {"a": 1}


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# only a comment\n", "---\n", "--- # nothing\n...\n", "~\n", "null\n"]
)
def test_an_empty_document_is_refused(text: str) -> None:
    assert problems(text) == [(1, 1, "empty file: expected a mapping")]


def test_a_document_end_marker_alone_is_malformed() -> None:
    assert [libyaml(p) for p in problems("...\n")] == [(1, 1, "malformed YAML")]


def test_a_bom_is_accepted_and_does_not_shift_columns() -> None:
    doc = parse(b"\xef\xbb\xbfa: 1\nb: x\n")
    assert doc.data == {"a": 1, "b": "x"}
    assert doc.value_pos(("a",)) == (1, 4)
    assert problems(b"\xef\xbb\xbfa: yes\n") == [
        (1, 4, "ambiguous 'yes': quote it for a string, or write true/false")
    ]


def test_crlf_line_endings_are_accepted() -> None:
    doc = parse(b"a: 1\r\nb:\r\n  - x\r\n  - |\r\n    two\r\n    lines\r\n")
    assert doc.data == {"a": 1, "b": ["x", "two\nlines\n"]}
    assert doc.value_pos(("b", 1)) == (4, 5)
    assert problems(b"a: 1\r\nb: off\r\n") == [
        (2, 4, "ambiguous 'off': quote it for a string, or write true/false")
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb: x\xffy\n", (2, 5, "not UTF-8: byte 0xff cannot be decoded")),
        (b"\xff", (1, 1, "not UTF-8: byte 0xff cannot be decoded")),
        # Latin-1 text: the column counts characters, as every other position does.
        (b"a: 1\nb: \xd0\x9a\xd0\xb0z\xe9\n", (2, 7, "not UTF-8: byte 0xe9 cannot be decoded")),
        (b"\xef\xbb\xbfa: \xc3\xa9\xc0\n", (1, 5, "not UTF-8: byte 0xc0 cannot be decoded")),
        # UTF-16 is not UTF-8 either.
        ("a: 1\n".encode("utf-16"), (1, 1, "not UTF-8: byte 0xff cannot be decoded")),
    ],
)
def test_non_utf8_is_reported_at_the_first_bad_byte(
    raw: bytes, expected: tuple[int, int, str]
) -> None:
    assert problems(raw) == [expected]


def test_decode_strips_only_a_leading_bom() -> None:
    assert decode(b"\xef\xbb\xbfa") == "a"
    assert decode(b"a\xef\xbb\xbf") == "a\ufeff"


def test_nul_byte_is_refused() -> None:
    assert problems(b"a: 1\nb: x\x00y\n") == [(2, 5, "NUL byte in file")]


def test_control_characters_are_refused_where_they_are() -> None:
    assert problems("a: 1\nb: x\x01y\n") == [
        (
            2,
            5,
            "malformed YAML: character #x0001 is not allowed: control characters are not allowed",
        )
    ]
