"""The events reader against the node-tree reader: the same data, or the same problems at the
same places, for every shipped file and for the loader fuzz suite's mutations; the same position
for every path of a document; and the memory it saves (D109)."""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_loader import (
    ANCHOR_EXAMPLES,
    MUTATION_EXAMPLES,
    NESTING_EXAMPLES,
    TAG_EXAMPLES,
    TARGET_YAML,
    _settings,
    mutation,
)

from c5lens.base import yamlread
from c5lens.base.paths import bundled_facts_dir
from c5lens.base.yamlread import YamlError, parse_yaml


def _both(raw: bytes) -> tuple[Any, Any]:
    """(what parse_yaml gives, what the tree reader gives): a YamlDoc or the problems raised."""

    def outcome(read: Any) -> Any:
        try:
            return read()
        except YamlError as e:
            return [(p.line, p.col, p.message) for p in e.problems]

    def tree() -> Any:
        text = yamlread.decode(raw)
        if "\x00" in text:
            return parse_yaml(raw)  # refused before either reader runs
        return yamlread._parse_tree(text)

    return outcome(lambda: parse_yaml(raw)), outcome(tree)


def _same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to itself and an int never equal to a float or a bool."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*path, i))
    return out


def assert_agree(raw: bytes) -> None:
    events, tree = _both(raw)
    if isinstance(tree, list) or isinstance(events, list):
        assert events == tree
        return
    assert _same(events.data, tree.data)
    # every place loading could ask for, and some it never does
    for path in [*_paths(tree.data), ("facts", -1), ("facts", 10**6), ("facts", 0, "nope")]:
        assert events.value_pos(path) == tree.value_pos(path), path
        assert events.key_pos(path) == tree.key_pos(path), path


def test_every_shipped_file_reads_the_same() -> None:
    files = sorted(bundled_facts_dir().rglob("*.yaml"))
    assert len(files) > 40
    for path in files:
        assert_agree(path.read_bytes())


CASES = [
    b"",
    b"# only a comment\n",
    b"---\n",
    b"~\n",
    b"!!null ''\n",
    b"just text\n",
    b"a: 1\n---\nb: 2\n",
    b"a: 1\n--- [\n",
    b"a: 1\n---\n" + b"[" * 40 + b"]" * 40 + b"\n",
    b"a: &x 1\nb: *x\n",
    b"a: 1\nb: *x\n",
    b"&k a: 1\n*k : 2\n",
    b"a: !!set {x: 1}\nb: [*y]\n",
    b"? [a, b]\n: 1\nc: 2\n",
    b"? !!merge [a]\n: 1\n",
    b"<<: {a: 1}\n",
    b"!!merge x: 1\n",
    b"1: one\ntrue: yes\n~: null key\n",
    b"a: 1\na: 2\nb: {c: 1, c: 2}\n",
    b"a: ! 12\nb: !!str 012\nc: !!int 12\nd: !local x\ne: !!binary aGk=\n",
    b"a: 0012\nb: 1_000\nc: 1:20\nd: 0x1f\ne: yes\nf: .nan\ng: 1e400\nh: 08\n",
    b"a: " + b"9" * 5000 + b"\n",
    b"facts:\n  - id: a\n  - [x]\n  - id: c\n    id: d\n  - {id: e}\n",
    b"facts: !!seq\n  - id: a\n",
    b"facts: {a: 1}\n",
    b"facts:\n  - &a {id: x}\n",
    b"a: " + b"[" * 33 + b"]" * 33 + b"\n",
    b"a: " + b"[" * 40 + b"x" + b"]" * 40 + b"\n!!str b: 1\n",
    b"a: " + b"{b: " * 34 + b"1" + b"}" * 34 + b"\n",
    b"[" * 5000 + b"]" * 5000 + b"\n",
    b"a:\n" + b"".join(b"  " * i + b"- x\n" for i in range(1, 40)),
    b"a: [1, 2\n",
    b"a: 'unterminated\n",
    b"\tb: 1\n",
    b"a: \x07\n",
]


def test_edge_cases_read_the_same() -> None:
    for raw in CASES:
        assert_agree(raw)


@_settings(MUTATION_EXAMPLES)
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_any_mutation_reads_the_same(mutations: list[Any]) -> None:
    raw = TARGET_YAML.encode()
    for m in mutations:
        raw = m(raw)
    assert_agree(raw)


@_settings(ANCHOR_EXAMPLES + TAG_EXAMPLES + NESTING_EXAMPLES)
@given(
    mutations=st.lists(mutation, min_size=1, max_size=2),
    deep=st.integers(0, 60),
    style=st.sampled_from([b"[", b"{a: ", b"- "]),
)
def test_deep_and_tagged_texts_read_the_same(mutations: list[Any], deep: int, style: bytes) -> None:
    closing = {b"[": b"]", b"{a: ": b"}", b"- ": b""}[style]
    raw = TARGET_YAML.encode()
    for m in mutations:
        raw = m(raw)
    if style == b"- ":
        nested = b"".join(b"  " * i + b"- " + (b"\n" if i < deep else b"x\n") for i in range(deep))
    else:
        nested = style * deep + b"x" + closing * deep + b"\n"
    assert_agree(raw + b"extra: " + nested)


def test_a_large_fact_file_is_read_in_a_few_times_its_size(tmp_path: Path) -> None:
    """20,000 facts (3.5 MB): the events reader holds the data, the tree reader a node tree
    besides, many times the file."""
    entry = (
        "  - id: arland.fact-{i}\n    statement: 'A statement of fact number {i}, as written.'\n"
        "    value: {i}.5\n    as_of: '2024'\n    source: src\n    locator: 'Table 1, row {i}'\n"
    )
    raw = ("subject: arland\ntopic: economy\nfacts:\n" + "".join(
        entry.format(i=i) for i in range(20_000))).encode()  # fmt: skip
    tracemalloc.start()
    try:
        doc = parse_yaml(raw)
        events_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        held = tracemalloc.get_traced_memory()[0]
        assert doc.value_pos(("facts", 19_999, "id")) == (120_000 - 2, 9)
        assert doc.value_pos(("facts", 19_999)) == (120_000 - 2, 5)
        places = tracemalloc.get_traced_memory()[1] - held
        del doc
        tracemalloc.reset_peak()
        yamlread._parse_tree(yamlread.decode(raw))
        tree_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert events_peak < 10 * len(raw)  # the data and its text: short values cost most
    assert places < 10_000  # the places loading asks for come without the tree
    assert tree_peak > 3 * events_peak  # what is saved
