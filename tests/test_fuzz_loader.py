"""Hostile fact files: property-based tests that no input breaks the loader or loses a fact.

Each property starts from the conftest base with a richer file in place of
`uzbekistan/governance.yaml` (`TARGET`, five facts using every kind of field and value), mangles
that file, loads the whole base and checks what came out:

- the loader returns; it never raises;
- every problem is in the mangled file, at 1 <= line <= lines of the file + 1 and col >= 1
  (line 0, a path-level problem, is only for a path that cannot be read);
- the other files of the base load exactly as before;
- every fact loaded from the mangled file round-trips: its id is in the file, and every field
  equals what a trusted reference parse of the same bytes gives (`Reference`, PyYAML's
  pure-Python safe loader);
- nothing is lost silently: every entry of the file's `facts` list is either the one a loaded
  fact came from or has a problem reported inside it (or the file has a problem outside every
  entry, in its header);
- no YAML tag is ever executed.

TARGET sorts last among the fact files, so a repeated id is always reported in it. The numbers
of examples are fixed and the runs derandomized, so CI runs the same inputs every time; see
docs/reliability.md.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from c5lens.base.loading import load_base, validate_paths
from c5lens.base.model import QUALIFIERS, Base, Fact, Problem
from c5lens.base.yamlread import YamlError, parse_yaml
from c5lens.index.sqlite import open_index

WriteBase = Callable[..., Path]

TARGET = "uzbekistan/governance.yaml"
# Every kind of field and value: int, float, bool, strings that look like a boolean or a number,
# dates at each precision (quoted, unquoted, a span), related, notes, a correction.
TARGET_YAML = """\
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
    related: []
    notes: null
  - id: uzbekistan.score-with-a-decimal-point
    statement: A score written with a decimal point.
    metric: freedom_house_score
    value: 11.0
    unit: points
    qualifier: estimate
    scale: 0-100
    as_of: '2025-06'
    source: src-b
    locator: Opening › Scores, para 2
  - id: uzbekistan.status-like-a-boolean
    statement: "A status that looks like a boolean: NO."
    value: 'NO'
    as_of: '2025-12-19/2025-12-20'
    resolved_from: last year
    source: src-a
    locator: Opening, para 3
    related: [kazakhstan, china]
    notes: Quoted, so it stays a string.
  - id: uzbekistan.code-like-a-number
    statement: A code that looks like a number.
    value: "0012"
    as_of: 2025-08-15
    source: src-a
    locator: Annex, para 1
    correction:
      statement: The code is 0012, with its zeros.
      source: src-b
      locator: Economy, para 1
  - id: uzbekistan.member
    statement: Uzbekistan is a member.
    value: true
    as_of: 2025
    source: src-b
    locator: Introduction, para 4
    notes: "1e3"
"""
SENTINEL_NAME = "SENTINEL"

# Runs, examples per property (derandomized: the same inputs in every run). Listed in
# docs/reliability.md; change both together.
MUTATION_EXAMPLES = 400
TRUNCATION_EXAMPLES = 300
REWRITE_EXAMPLES = 200
GENERATED_EXAMPLES = 200
ONE_FACT_EXAMPLES = 300
TAG_EXAMPLES = 150
ANCHOR_EXAMPLES = 150
NESTING_EXAMPLES = 60
HUGE_EXAMPLES = 15
REGISTRY_EXAMPLES = 150
INDEX_EXAMPLES = 60


def _settings(n: int) -> settings:
    # By hand, a deeper search: C5LENS_FUZZ_SCALE=10 runs ten times the examples, and
    # C5LENS_FUZZ_RANDOM=1 new ones on every run. CI sets neither: the same inputs every time.
    return settings(
        max_examples=n * int(os.environ.get("C5LENS_FUZZ_SCALE", "1")),
        deadline=None,
        derandomize=os.environ.get("C5LENS_FUZZ_RANDOM", "") != "1",
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- the reference --------------------------------------------------------------------------


class Reference(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader (not the libyaml parser c5lens uses), with two changes:
    a repeated key is an error (safe_load keeps the last one silently), and a timestamp stays
    the text written, as c5lens decided (docs/decisions.md)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for knode, _ in node.value:
            key = self.construct_object(knode, deep=True)
            try:
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", knode.start_mark
                    )
                seen.add(key)
            except TypeError:  # an unhashable key: the base constructor says so
                pass
        return super().construct_mapping(node, deep=deep)


Reference.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def reference(raw: bytes) -> Any:
    """The reference reading of a file's bytes, or None where the reference refuses them."""
    try:
        return yaml.load(raw, Loader=Reference)  # a SafeLoader subclass: constructs no objects
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same type all the way down (1 is not 1.0 is not True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def mismatches(fact: Fact, entry: Any) -> list[str]:
    """The fields in which the fact differs from what the reference read in this entry."""
    if not isinstance(entry, dict):
        return ["(not a mapping)"]
    c = fact.correction
    ours = {
        "id": fact.id,
        "statement": fact.statement,
        "value": fact.value,
        "as_of": fact.as_of.iso(),
        "source": fact.source,
        "locator": fact.locator,
        "metric": fact.metric,
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "scale": fact.scale,
        "resolved_from": fact.resolved_from,
        "related": list(fact.related),
        "notes": fact.notes,
        "correction": c._asdict() if c else None,
    }
    theirs = {k: entry.get(k) for k in ours}
    theirs["as_of"] = str(theirs["as_of"])  # `as_of: 2025` is the year 2025
    theirs["related"] = theirs["related"] or []
    return [f"{k}: {ours[k]!r} != {theirs[k]!r}" for k in ours if not same(ours[k], theirs[k])]


def matches(fact: Fact, entry: Any) -> bool:
    """The fact holds exactly what the reference read in this entry of the file."""
    return not mismatches(fact, entry)


# --- checking one load ------------------------------------------------------------------------


def note(what: str) -> None:
    """Count an outcome in Hypothesis's statistics (pytest --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(what)


def line_count(raw: bytes) -> int:
    """Lines of the file, counting every line break a YAML reader or an editor may count."""
    return max(len(raw.decode("utf-8", "replace").splitlines()), raw.count(b"\n") + 1)


def check_positions(problems: list[Problem] | tuple[Problem, ...], path: Path, raw: bytes):
    limit = line_count(raw) + 1
    for p in problems:
        assert p.path == str(path), p
        assert 1 <= p.line <= limit, (p, limit)
        assert p.col >= 1, p
        assert p.message and "\n" not in p.message, p


def entry_spans(raw: bytes) -> list[tuple[int, int]] | None:
    """The first and last line of each entry of the `facts` list, as c5lens's parser sees them."""
    try:
        root = parse_yaml(raw).root
    except YamlError:
        return None
    if not isinstance(root, MappingNode):
        return []
    for k, v in root.value:
        if isinstance(k, ScalarNode) and k.value == "facts" and isinstance(v, SequenceNode):
            return [(n.start_mark.line + 1, n.end_mark.line + 1) for n in v.value]
    return []


class Loaded:
    """The base loaded with TARGET's bytes replaced, checked against the clean base."""

    def __init__(self, root: Path, clean: Base, raw: bytes) -> None:
        path = root / TARGET
        path.write_bytes(raw)
        self.root, self.path, self.raw = root, path, raw
        self.base = load_base([root])
        self.problems = list(self.base.problems)
        self.facts = [f for f in self.base.facts if f.file == TARGET]
        check_positions(self.problems, path, raw)
        # Every other file loads exactly as before.
        assert [f for f in self.base.facts if f.file != TARGET] == [
            f for f in clean.facts if f.file != TARGET
        ]
        assert (self.base.subjects, self.base.sources) == (clean.subjects, clean.sources)
        # validate on the file alone reports inside the file too.
        check_positions(validate_paths([path], [root]), path, raw)

    def check_round_trip(self) -> None:
        """Each loaded fact is one entry of the file, read as the reference reads it, and each
        other entry has a problem reported inside it (or the file one outside every entry)."""
        try:
            text = self.raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        try:
            parse_yaml(self.raw)
        except YamlError as e:
            note(f"refused by the YAML reader: {e.problems[0].message.split(':')[0][:40]}")
            assert self.facts == [], "a file c5lens cannot parse must give no facts"
            assert self.problems
            return
        assert text is not None
        for f in self.facts:
            assert f.id in text
            assert (f.subject, f.topic, f.file) == ("uzbekistan", "governance", TARGET)
            assert 1 <= f.line <= line_count(self.raw)
        ref = reference(self.raw)
        if not isinstance(ref, dict) or not isinstance(ref.get("facts"), list):
            # The reference refuses it, or finds no list of facts: c5lens must say why whenever
            # it keeps nothing either.
            assert self.facts or self.problems
            return
        entries = ref["facts"]
        note(f"read by both; {len(self.facts)} of {len(entries)} entries loaded")
        spans = entry_spans(self.raw)
        assert spans is not None and len(spans) == len(entries)
        used: set[int] = set()
        for f in self.facts:
            found = [i for i, e in enumerate(entries) if i not in used and matches(f, e)]
            assert found, [mismatches(f, e) for e in entries]
            used.add(found[0])
        outside = [p for p in self.problems if not any(a <= p.line <= b for a, b in spans)]
        for i, (a, b) in enumerate(spans):
            if i in used or outside:
                continue
            assert any(a <= p.line <= b for p in self.problems), (
                f"entry {i + 1} (lines {a}-{b}) was dropped without a problem"
            )


class TargetBase(tuple):
    """(root, clean base); short in Hypothesis's report of a failing case."""

    def __repr__(self) -> str:
        return f"TargetBase({self[0]})"


@pytest.fixture
def target_base(write_base: WriteBase) -> TargetBase:
    root = write_base(files={TARGET: TARGET_YAML})
    clean = load_base([root])
    assert clean.problems == ()
    assert len([f for f in clean.facts if f.file == TARGET]) == 5
    return TargetBase((root, clean))


def test_the_target_file_loads_as_the_reference_reads_it(target_base) -> None:
    root, clean = target_base
    loaded = Loaded(root, clean, TARGET_YAML.encode())
    assert loaded.problems == []
    loaded.check_round_trip()
    values = {f.id.split(".")[1]: f.value for f in loaded.facts}
    assert values == {
        "freedom-house-score-2025": 11,
        "score-with-a-decimal-point": 11.0,
        "status-like-a-boolean": "NO",
        "code-like-a-number": "0012",
        "member": True,
    }
    assert [type(v) for v in values.values()] == [int, float, str, str, bool]


# --- mutations ------------------------------------------------------------------------------

# Values to put in place of any value: every type, every ambiguity the reader refuses, every
# kind of reference the validator checks.
VALUES = [
    "42", "-7", "+3", "4.5", "1.0", "-0.0", "1.", ".5", "1.0e+3", "1e3", "0012", "0x1F",
    "0o17", "1_000", "1:20", ".nan", ".inf", "-.Inf", "1.0e+999", "yes", "No", "on", "OFF",
    "true", "False", "TRUE", "null", "~", "''", "' '", "'NO'", '"1e3"', '"0012"', "[]",
    "[a, b]", "{}", "{a: 1}", "[kazakhstan]", "[uzbekistan]", "[china, china]", "[1]",
    "[[kazakhstan]]", "2025", "'2025'", "0", "10000", "2025-06-19", "2025-6-1", "'2025-13'",
    "'2025-02-30'", "'2025/2024'", "'0000'", "'2025-06-19T10:00'", "2025-06-19 10:00:00",
    "src-a", "src-b", "nope", "0-100", "'100-0'", "'1-2'", "-5-5", "estimate", "sometime",
    "freedom_house_score", "gdp_growth", "no_such_metric", "Astana",
    "uzbekistan.freedom-house-score-2025", "uzbekistan.member", "kazakhstan.capital",
    "Bad ID", "uzbekistan", '"tab\\there"', '"nul\\0here"', '"\\u00e9t\\u00e9"', "'it''s'",
    "|\n      a block\n      scalar", ">-\n      folded\n      text", "!!str 12", "!!int '12'",
    "!!float 1", "!!bool 'true'", "!!null ''", "!!binary aGk=", "!!set {a}", "!!omap [a: 1]",
    "!local x", "&a x", "*a", "1" * 5000, "-" + "9" * 4400, "9" * 400 + ".0", "Қазақстан",
    "'\U0001f600'", "x" * 2000,
]  # fmt: skip
# Bytes to insert anywhere.
INSERTS = [
    b"\t", b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b"\r", b"\n", b"\r\n", b" ", b"  ", b"#", b"'", b'"', b":", b": ", b"- ", b"-", b"[", b"]",
    b"{", b"}", b",", b"&a ", b"*a", b"<<: *a\n", b"? ", b"|", b">", b"!", b"!!str ", b"%",
    b"---\n", b"...\n", b"\\", b"\xc2\x85", "\u2028".encode(), b"\x1b", b"\x7f", b"\x0c",
    b"\x0b", "\ufeff".encode(), b"@", b"`",
    b'!!python/object/apply:os.system ["touch SENTINEL"] ',
]  # fmt: skip
TAGS = [
    '!!python/object/apply:os.system ["touch SENTINEL"]',
    "!!python/object/apply:subprocess.call [[touch, SENTINEL]]",
    "!!python/object/new:os.system [touch SENTINEL]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:builtins.dict {a: 1}",
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch SENTINEL"]',
    "!!binary aGk=",
    "!!set {a: null}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!custom x",
    "!<tag:example.com,2000:x> y",
]

_KEY_LINE = re.compile(rb"^( *)(- )?([A-Za-z_<]+):(?= |$)")


def key_lines(raw: bytes) -> list[tuple[int, int]]:
    """(line index, offset of the value) of each `key: value` line."""
    out = []
    for i, line in enumerate(raw.split(b"\n")):
        m = _KEY_LINE.match(line)
        if m:
            out.append((i, m.end()))
    return out


def replace_value(raw: bytes, pick: int, new: bytes) -> bytes:
    lines = raw.split(b"\n")
    found = key_lines(raw)
    if not found:
        return raw
    i, at = found[pick % len(found)]
    lines[i] = lines[i][:at] + b" " + new
    return b"\n".join(lines)


def prefix_value(raw: bytes, pick: int, prefix: bytes) -> bytes:
    lines = raw.split(b"\n")
    found = key_lines(raw)
    if not found:
        return raw
    i, at = found[pick % len(found)]
    rest = lines[i][at:].lstrip(b" ")
    lines[i] = lines[i][:at] + b" " + prefix + (b" " + rest if rest else b"")
    return b"\n".join(lines)


class Mutation:
    """One named change to a file's bytes; its repr is what Hypothesis prints for a failure."""

    def __init__(self, name: str, fn: Callable[[bytes], bytes], *args: object) -> None:
        self.name, self.fn, self.args = name, fn, args

    def __call__(self, raw: bytes) -> bytes:
        return self.fn(raw)

    def __repr__(self) -> str:
        return f"{self.name}{self.args!r}"


def _lines_op(op: Callable[[list[bytes], int, int], None], a: int, b: int):
    def apply(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        op(lines, a % len(lines), b % len(lines))
        return b"\n".join(lines)

    return apply


def _at(raw: bytes, pos: int) -> int:
    return pos % (len(raw) + 1)


def _anchor_alias(raw: bytes, i: int, j: int) -> bytes:
    return replace_value(prefix_value(raw, i, b"&a"), j, b"*a")


def _merge(raw: bytes, i: int, j: int) -> bytes:
    lines = raw.split(b"\n")
    found = key_lines(raw)
    if not found:
        return raw
    line, _ = found[j % len(found)]
    indent = len(lines[line]) - len(lines[line].lstrip(b" -"))
    lines.insert(line + 1, b" " * indent + b"<<: *a")
    return prefix_value(b"\n".join(lines), i, b"&a")


def _nest(depth: int, style: int) -> bytes:
    if style == 0:
        return b"[" * depth + b"1" + b"]" * depth
    if style == 1:
        return b"{a: " * depth + b"1" + b"}" * depth
    return b"[{a: " * depth + b"1" + b"}]" * depth


def _tag_directive(raw: bytes) -> bytes:
    head = b"%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\n"
    return head + replace_value(raw, 4, b'!p!os.system ["touch SENTINEL"]')


# Each mutation by name, so that Hypothesis prints a failing case as `truncate(120)`.


def truncate(p: int) -> Mutation:
    return Mutation("truncate", lambda r: r[: _at(r, p)], p)


def insert(p: int, b: bytes) -> Mutation:
    return Mutation("insert", lambda r: r[: _at(r, p)] + b + r[_at(r, p) :], p, b)


def delete(p: int, n: int) -> Mutation:
    return Mutation("delete", lambda r: r[: _at(r, p)] + r[_at(r, p) + n :], p, n)


def delete_line(a: int) -> Mutation:
    def op(lines: list[bytes], i: int, _j: int) -> None:
        del lines[i]

    return Mutation("delete_line", _lines_op(op, a, 0), a)


def duplicate_line(a: int) -> Mutation:
    def op(lines: list[bytes], i: int, _j: int) -> None:
        lines.insert(i, lines[i])

    return Mutation("duplicate_line", _lines_op(op, a, 0), a)


def swap_lines(a: int, b: int) -> Mutation:
    def op(lines: list[bytes], i: int, j: int) -> None:
        lines[i], lines[j] = lines[j], lines[i]

    return Mutation("swap_lines", _lines_op(op, a, b), a, b)


def move_line(a: int, b: int) -> Mutation:
    def op(lines: list[bytes], i: int, j: int) -> None:
        lines.insert(j, lines.pop(i))

    return Mutation("move_line", _lines_op(op, a, b), a, b)


def indent_with_tabs(a: int) -> Mutation:
    def op(lines: list[bytes], i: int, _j: int) -> None:
        stripped = lines[i].lstrip(b" ")
        lines[i] = b"\t" * ((len(lines[i]) - len(stripped)) // 2) + stripped

    return Mutation("indent_with_tabs", _lines_op(op, a, 0), a)


def set_value(k: int, v: str) -> Mutation:
    return Mutation("set_value", lambda r: replace_value(r, k, v.encode()), k, v)


def tag_value(k: int, t: str) -> Mutation:
    return Mutation("tag_value", lambda r: prefix_value(r, k, t.encode()), k, t)


def anchor_alias(i: int, j: int) -> Mutation:
    return Mutation("anchor_alias", lambda r: _anchor_alias(r, i, j), i, j)


def merge_key(i: int, j: int) -> Mutation:
    return Mutation("merge_key", lambda r: _merge(r, i, j), i, j)


def nest(k: int, d: int, s: int) -> Mutation:
    return Mutation("nest", lambda r: replace_value(r, k, _nest(d, s)), k, d, s)


def huge(k: int, n: int) -> Mutation:
    return Mutation("huge", lambda r: replace_value(r, k, b"y" * n), k, n)


WHOLE = [
    Mutation("bom", lambda r: b"\xef\xbb\xbf" + r),
    Mutation("crlf", lambda r: r.replace(b"\n", b"\r\n")),
    Mutation("cr", lambda r: r.replace(b"\n", b"\r")),
    Mutation("tag_directive", _tag_directive),
    Mutation("latin1", lambda r: r.decode("utf-8", "replace").encode("latin-1", "replace")),
    Mutation("utf16", lambda r: r.decode("utf-8", "replace").encode("utf-16")),
]

pos = st.integers(min_value=0, max_value=10_000)

mutation = st.one_of(
    st.builds(truncate, pos),
    st.builds(insert, pos, st.sampled_from(INSERTS) | st.binary(min_size=1, max_size=6)),
    st.builds(delete, pos, st.integers(1, 40)),
    st.builds(delete_line, pos),
    st.builds(duplicate_line, pos),
    st.builds(swap_lines, pos, pos),
    st.builds(move_line, pos, pos),
    st.builds(indent_with_tabs, pos),
    st.builds(set_value, pos, st.sampled_from(VALUES)),
    st.builds(tag_value, pos, st.sampled_from(TAGS)),
    st.builds(anchor_alias, pos, pos),
    st.builds(merge_key, pos, pos),
    st.builds(nest, pos, st.integers(1, 3000), st.integers(0, 2)),
    st.builds(huge, pos, st.integers(10_000, 100_000)),
    st.sampled_from(WHOLE),
)


def with_sentinel(raw: bytes, sentinel: Path) -> bytes:
    return raw.replace(SENTINEL_NAME.encode(), str(sentinel).encode())


@_settings(MUTATION_EXAMPLES)
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_any_mutation_is_loaded_faithfully_or_reported(
    target_base, tmp_path: Path, mutations: list[Mutation]
) -> None:
    root, clean = target_base
    sentinel = tmp_path / SENTINEL_NAME
    raw = TARGET_YAML.encode()
    for m in mutations:
        raw = m(raw)
    loaded = Loaded(root, clean, with_sentinel(raw, sentinel))
    loaded.check_round_trip()
    assert not sentinel.exists()


@_settings(TRUNCATION_EXAMPLES)
@given(at=st.integers(min_value=0, max_value=len(TARGET_YAML.encode())), crlf=st.booleans())
def test_a_file_cut_at_any_byte(target_base, at: int, crlf: bool) -> None:
    root, clean = target_base
    raw = TARGET_YAML.encode()
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
    loaded = Loaded(root, clean, raw[:at])
    loaded.check_round_trip()
    # What is cut off cannot be loaded; what is whole before the cut is, unchanged.
    whole = [f for f in clean.facts if f.file == TARGET]
    kept = {f.id: f for f in loaded.facts}
    for f in whole:
        if f.id in kept and kept[f.id] != f:
            # Only the last fact before the cut may be shortened (a plain scalar cut short is
            # still a plain scalar); it still round-trips, as checked above.
            assert f.id == loaded.facts[-1].id


# --- rewrites that keep the meaning -----------------------------------------------------------


def _plain_ok(text: str) -> bool:
    """Safe to write unquoted: reads back as this very string in every YAML reader."""
    if not re.fullmatch(r"[A-Za-z\u0400-\u04ff][\w ,.()%'›/-]*[\w.)%]|[A-Za-z]", text):
        return False
    if ": " in text or " #" in text:
        return False
    tag = yaml.resolver.Resolver().resolve(ScalarNode, text, (True, False))
    return tag == "tag:yaml.org,2002:str"


def _double(text: str) -> str:
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or ch in "\u2028\u2029\ufeff\ufffe\uffff":
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _single(text: str) -> str | None:
    if any(
        ord(c) < 0x20 or c in "\x7f\x85\u2028\u2029\ufeff" or 0x80 <= ord(c) < 0xA0 for c in text
    ):
        return None  # a line break or a control character cannot be written in single quotes
    return "'" + text.replace("'", "''") + "'"


def write_scalar(value: Any, style: int, flow: bool = False) -> str:
    """A YAML scalar for value; style picks plain, single- or double-quoted where it can."""
    if value is None:
        return ["null", "~", "null"][style % 3]
    if isinstance(value, bool):
        return ["true", "false"][not value] if style % 2 else ["True", "False"][not value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        r = repr(value)
        if "e" in r and "." not in r.split("e")[0]:
            r = r.replace("e", ".0e")
        if "." not in r and "e" not in r:
            r += ".0"
        return r
    assert isinstance(value, str)
    if style % 3 == 0 and _plain_ok(value) and not (flow and any(c in value for c in ",[]{}")):
        return value
    if style % 3 == 1 and (single := _single(value)) is not None:
        return single
    return _double(value)


class Writer:
    """Writes facts as a fact file, each layout choice drawn by Hypothesis."""

    def __init__(self, data: st.DataObject) -> None:
        self.draw = data.draw
        self.indent = self.draw(st.sampled_from([2, 3, 4]), label="indent")
        self.seq_indented = self.draw(st.booleans(), label="indented list")
        self.crlf = self.draw(st.booleans(), label="crlf")
        self.bom = self.draw(st.booleans(), label="bom")
        self.markers = self.draw(st.sampled_from(["", "---\n", "---\n...\n"]), label="markers")

    def scalar(self, value: Any, flow: bool = False) -> str:
        return write_scalar(value, self.draw(st.integers(0, 5)), flow)

    def comment(self) -> str:
        return self.draw(st.sampled_from(["", "", "", "  # a comment", " #: no, a comment"]))

    def file(self, header: dict[str, Any], facts: list[dict[str, Any]]) -> bytes:
        lines = [f"{k}: {self.scalar(v)}{self.comment()}" for k, v in header.items()]
        if self.draw(st.booleans(), label="comment line"):
            lines.insert(0, "# written by a property test")
        lines.append(f"facts:{self.comment()}")
        pad = " " * (self.indent if self.seq_indented else 0)
        for fact in facts:
            keys = list(fact)
            if self.draw(st.booleans(), label="shuffle keys"):
                keys = self.draw(st.permutations(keys))
            inner = pad + " " * 2
            for n, key in enumerate(keys):
                lead = pad + "- " if n == 0 else inner
                lines += self.field(lead, inner, key, fact[key])
            if self.draw(st.booleans(), label="blank line"):
                lines.append("")
        text = self.markers.split("...")[0] + "\n".join(lines) + "\n"
        if "..." in self.markers:
            text += "...\n"
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode()

    def field(self, lead: str, inner: str, key: str, value: Any) -> list[str]:
        if isinstance(value, list):
            if not value or self.draw(st.booleans(), label="flow list"):
                items = ", ".join(self.scalar(v, flow=True) for v in value)
                return [f"{lead}{key}: [{items}]{self.comment()}"]
            return [f"{lead}{key}:"] + [f"{inner}  - {self.scalar(v)}" for v in value]
        if isinstance(value, dict):
            if self.draw(st.booleans(), label="flow mapping"):
                items = ", ".join(f"{k}: {self.scalar(v, flow=True)}" for k, v in value.items())
                return [f"{lead}{key}: {{{items}}}"]
            return [f"{lead}{key}:"] + [
                f"{inner}{' ' * self.indent}{k}: {self.scalar(v)}" for k, v in value.items()
            ]
        return [f"{lead}{key}: {self.scalar(value)}{self.comment()}"]


def fact_data(fact: Fact) -> dict[str, Any]:
    """A loaded fact as the fields a file would hold (no defaults written)."""
    out: dict[str, Any] = {
        "id": fact.id,
        "statement": fact.statement,
        "value": fact.value,
        "as_of": fact.as_of.iso(),
        "source": fact.source,
        "locator": fact.locator,
    }
    for key in ("metric", "unit", "qualifier", "scale", "resolved_from", "notes"):
        if getattr(fact, key) is not None:
            out[key] = getattr(fact, key)
    if fact.related:
        out["related"] = list(fact.related)
    if fact.correction:
        out["correction"] = fact.correction._asdict()
    return out


def without_line(facts: list[Fact]) -> list[Fact]:
    return [f._replace(line=0) for f in facts]


@_settings(REWRITE_EXAMPLES)
@given(data=st.data())
def test_a_rewrite_that_keeps_the_meaning_loads_the_same_facts(target_base, data) -> None:
    root, clean = target_base
    original = [f for f in clean.facts if f.file == TARGET]
    writer = Writer(data)
    raw = writer.file(
        {"subject": "uzbekistan", "topic": "governance"}, [fact_data(f) for f in original]
    )
    loaded = Loaded(root, clean, raw)
    assert loaded.problems == []
    assert without_line(loaded.facts) == without_line(original)
    for f, g in zip(loaded.facts, original, strict=True):
        assert same(f.value, g.value)
    loaded.check_round_trip()


# --- generated facts ----------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: s.strip() != ""
)
_dates = st.tuples(
    st.integers(1, 9999), st.none() | st.integers(1, 12), st.none() | st.integers(1, 28)
).map(lambda t: f"{t[0]:04d}" + (f"-{t[1]:02d}" + (f"-{t[2]:02d}" if t[2] else "") if t[1] else ""))
_value = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    _text,
    st.sampled_from(["NO", "yes", "1e3", "0012", "1.0", "true", "null", "~", "2025-06-19", "0x1F"]),
)


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


@st.composite
def generated_fact(draw: Any, n: int) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "id": f"uzbekistan.generated-{n}",
        "statement": draw(_text),
        "value": draw(_value),
    }
    start = draw(_dates)
    if draw(st.booleans()):
        end = draw(_dates)
        fact["as_of"] = f"{min(start, end)}/{max(start, end)}" if start != end else start
    else:
        fact["as_of"] = start
    fact["source"] = draw(st.sampled_from(["src-a", "src-b"]))
    fact["locator"] = draw(_text)
    optional = {
        "metric": st.sampled_from(["freedom_house_score", "gdp_growth"]),
        "unit": _text,
        "qualifier": st.sampled_from(QUALIFIERS),
        "resolved_from": _text,
        "related": st.lists(st.sampled_from(["kazakhstan", "china"]), unique=True),
        "notes": _text,
        "correction": st.fixed_dictionaries(
            {"statement": _text, "source": st.sampled_from(["src-a", "src-b"]), "locator": _text}
        ),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            fact[key] = draw(strategy)
    if (
        "metric" in fact
        and isinstance(fact["value"], str)
        and _NUMBER.fullmatch(fact["value"].strip())
    ):
        del fact["metric"]  # a figure in quotes under a metric is refused (test_loading)
    return fact


def _as_of_sorted(fact: dict[str, Any]) -> bool:
    a, _, b = fact["as_of"].partition("/")
    return not b or tuple(map(int, a.split("-"))) <= tuple(map(int, b.split("-")))


@_settings(GENERATED_EXAMPLES)
@given(data=st.data())
def test_generated_facts_load_with_exactly_the_values_written(target_base, data) -> None:
    """Any text (every Unicode category but surrogates), any finite number, any boolean, dates
    at every precision: written by the Writer, read back equal and of the same type."""
    root, clean = target_base
    n = data.draw(st.integers(1, 4), label="facts")
    facts = [data.draw(generated_fact(i)) for i in range(n)]
    facts = [f for f in facts if _as_of_sorted(f)]
    writer = Writer(data)
    raw = writer.file({"subject": "uzbekistan", "topic": "governance"}, facts)
    loaded = Loaded(root, clean, raw)
    assert loaded.problems == [], loaded.problems[:3]
    assert len(loaded.facts) == len(facts)
    for f, written in zip(loaded.facts, facts, strict=True):
        assert mismatches(f, written) == []
    loaded.check_round_trip()


# --- one fact edited ----------------------------------------------------------------------------

# Edits that leave the file well-formed YAML but may make one fact invalid.
_FIELDS = ["id", "statement", "metric", "value", "unit", "qualifier", "scale", "as_of",
           "resolved_from", "source", "locator", "related", "notes", "correction"]  # fmt: skip
_SCHEMA_VALUES = [v for v in VALUES if not v.startswith(("!", "&", "*", "|", ">"))]


@_settings(ONE_FACT_EXAMPLES)
@given(
    which=st.integers(0, 4),
    edit=st.sampled_from(["delete", "retype", "add"]),
    key=st.sampled_from([*_FIELDS, "colour", "Value", "id "]),
    value=st.sampled_from(_SCHEMA_VALUES),
)
def test_one_fact_edited_leaves_the_others_as_they_were(
    target_base, which: int, edit: str, key: str, value: str
) -> None:
    root, clean = target_base
    original = [f for f in clean.facts if f.file == TARGET]
    data = [fact_data(f) for f in original]
    entries = [
        {k: v if isinstance(v, list | dict) else write_scalar(v, 2) for k, v in e.items()}
        for e in data
    ]
    edited = entries[which]
    if edit == "delete":
        edited.pop(key, None)
    else:  # retype an existing field, or add one (a new or a repeated key)
        edited[key] = value
    lines = ["subject: uzbekistan", "topic: governance", "facts:"]
    for e in entries:
        lead = "  - "
        for k, v in e.items():
            if isinstance(v, list):
                v = "[" + ", ".join(v) + "]"
            elif isinstance(v, dict):
                v = "{" + ", ".join(f"{a}: {write_scalar(b, 2)}" for a, b in v.items()) + "}"
            v = v.replace("\n", "\n      ") if isinstance(v, str) else v
            lines.append(f"{lead}{k}: {v}")
            lead = "    "
    raw = ("\n".join(lines) + "\n").encode()
    loaded = Loaded(root, clean, raw)
    loaded.check_round_trip()
    try:
        parse_yaml(raw)
    except YamlError:
        return  # refused as a whole, with the reason: checked above
    new_id = str(edited.get("id", "")).strip("'\"")
    kept = without_line(loaded.facts)
    for i, f in enumerate(original):
        if i == which or (new_id == f.id and which < i):
            continue  # the edited fact, or one whose id it took first (the first one wins)
        assert f._replace(line=0) in kept, f.id


# --- tags, anchors, nesting, size ------------------------------------------------------------


@_settings(TAG_EXAMPLES)
@given(
    where=pos,
    tag=st.sampled_from(TAGS),
    how=st.sampled_from(["value", "key", "item", "header", "directive"]),
)
def test_tags_are_refused_where_written_and_never_run(
    target_base, tmp_path: Path, where: int, tag: str, how: str
) -> None:
    root, clean = target_base
    sentinel = tmp_path / SENTINEL_NAME
    raw = TARGET_YAML.encode()
    if how == "value":
        raw = prefix_value(raw, where, tag.encode())
    elif how == "key":
        raw = raw.replace(b"  - id:", f"  - ? {tag}\n    : 1\n    id:".encode(), 1)
    elif how == "item":
        raw = raw.replace(b"[kazakhstan, china]", f"[kazakhstan, {tag}]".encode())
    elif how == "header":
        raw = f"--- {tag}\n".encode() + raw
    else:
        raw = _tag_directive(raw)
    raw = with_sentinel(raw, sentinel)
    loaded = Loaded(root, clean, raw)
    loaded.check_round_trip()
    assert not sentinel.exists()
    assert loaded.facts == []
    messages = " ".join(p.message for p in loaded.problems)
    assert any(w in messages for w in ("not allowed", "plain string", "malformed YAML"))


@_settings(ANCHOR_EXAMPLES)
@given(i=pos, j=pos, merge=st.booleans())
def test_anchors_aliases_and_merge_keys_are_refused(target_base, i: int, j: int, merge) -> None:
    root, clean = target_base
    raw = TARGET_YAML.encode()
    raw = _merge(raw, i, j) if merge else _anchor_alias(raw, i, j)
    loaded = Loaded(root, clean, raw)
    loaded.check_round_trip()
    assert loaded.facts == []
    messages = " ".join(p.message for p in loaded.problems)
    assert "anchors and aliases are not allowed" in messages or "malformed YAML" in messages


def billion_laughs(levels: int, width: int) -> str:
    lines = ["subject: uzbekistan", "topic: governance", "facts: []"]
    lines.append(f"lol0: &l0 [{', '.join(['lol'] * width)}]")
    for n in range(1, levels):
        lines.append(f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_a_fact_file_is_refused_quickly(target_base) -> None:
    root, clean = target_base
    raw = billion_laughs(30, 30).encode()  # 30**30 strings if the aliases were expanded
    start = time.perf_counter()
    loaded = Loaded(root, clean, raw)
    assert time.perf_counter() - start < 1
    assert loaded.facts == []
    assert str(loaded.problems[0]) == (
        f"{root / TARGET}:4:7: anchors and aliases are not allowed in fact files (anchor &l0)"
    )
    assert len(loaded.problems) == 30 + 29 * 30


@_settings(NESTING_EXAMPLES)
@given(
    key=pos,
    depth=st.one_of(st.integers(1, 40), st.integers(40, 200_000)),
    style=st.integers(0, 2),
)
def test_deep_nesting_is_refused_without_crashing(target_base, key: int, depth: int, style: int):
    root, clean = target_base
    raw = replace_value(TARGET_YAML.encode(), key, _nest(depth, style))
    start = time.perf_counter()
    loaded = Loaded(root, clean, raw)
    assert time.perf_counter() - start < 5
    loaded.check_round_trip()
    if depth * (2 if style == 2 else 1) > 32:
        assert loaded.facts == []
        assert loaded.problems


@_settings(HUGE_EXAMPLES)
@given(size=st.integers(100_000, 2_000_000), key=st.sampled_from(["statement", "notes"]))
def test_huge_strings_load_whole(target_base, size: int, key: str) -> None:
    root, clean = target_base
    big = "Ы" * (size // 2)
    raw = (
        TARGET_YAML.replace(
            "    statement: Uzbekistan is a member.\n",
            f"    statement: Uzbekistan is a member.\n    notes: {big}\n"
            if key == "notes"
            else f"    statement: Uzbekistan is a member {big}.\n",
        )
        .replace('    notes: "1e3"\n', "" if key == "notes" else '    notes: "1e3"\n')
        .encode()
    )
    loaded = Loaded(root, clean, raw)
    assert loaded.problems == []
    member = loaded.base.fact("uzbekistan.member")
    assert member is not None and big in getattr(member, key)
    loaded.check_round_trip()


# --- registries -----------------------------------------------------------------------------


@_settings(REGISTRY_EXAMPLES)
@given(
    name=st.sampled_from(["sources.yaml", "subjects.yaml", "metrics.yaml", "topics.yaml"]),
    mutations=st.lists(mutation, min_size=1, max_size=3),
)
def test_a_mutated_registry_never_breaks_the_loader(
    target_base, tmp_path: Path, name: str, mutations: list[Mutation]
) -> None:
    root, _clean = target_base
    sentinel = tmp_path / SENTINEL_NAME
    path = root / name
    original = path.read_bytes()
    raw = original
    for m in mutations:
        raw = m(raw)
    path.write_bytes(with_sentinel(raw, sentinel))
    try:
        base = load_base([root])
    finally:
        path.write_bytes(original)
    for p in base.problems:
        assert p.line >= 1 and p.col >= 1, p
        if p.path == str(path):
            assert p.line <= line_count(raw) + 1, p
        else:  # a fact citing what the registry no longer has, in a file left as it was
            assert p.line <= line_count(Path(p.path).read_bytes()) + 1, p
    assert not sentinel.exists()


# --- the index ------------------------------------------------------------------------------


@_settings(INDEX_EXAMPLES)
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_the_index_agrees_with_the_loader_after_any_mutation(
    target_base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mutations: list[Mutation]
) -> None:
    root, clean = target_base
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "index-cache"))
    monkeypatch.delenv("C5LENS_NO_CACHE", raising=False)
    raw = TARGET_YAML.encode()
    for m in mutations:
        raw = m(raw)
    raw = with_sentinel(raw, tmp_path / SENTINEL_NAME)
    loaded = Loaded(root, clean, raw)  # writes the file in place, as an editor would
    index = open_index([root])
    try:
        indexed = index.base()
        assert indexed.facts == loaded.base.facts
        assert indexed.problems == loaded.base.problems
    finally:
        index.conn.close()
    # ... and the file put back is seen at once.
    (root / TARGET).write_bytes(TARGET_YAML.encode())
    index = open_index([root])
    try:
        assert index.base().facts == clean.facts
    finally:
        index.conn.close()


def test_the_sentinel_is_the_right_kind_of_test(tmp_path: Path) -> None:
    """The sentinel payloads do run in an unsafe loader: the checks above are not vacuous."""
    sentinel = tmp_path / SENTINEL_NAME
    payload = with_sentinel(f"v: {TAGS[0]}\n".encode(), sentinel)
    yaml.unsafe_load(payload)
    assert sentinel.exists()
    os.unlink(sentinel)
