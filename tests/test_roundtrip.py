"""No data loss: every fact comes out of `c5lens facts --json` with exactly the values written.

The YAML of each fact file is read by a trusted reference (PyYAML's `safe_load`; the shipped
files have no repeated keys, which the loader would refuse) and compared, field by field and
type by type, with the JSON the real console script prints, with the index (the default) and
without it (`C5LENS_NO_CACHE=1`): a number stays a number of its type (`1.0` a float, `52` an
int), a date stays at its precision, a quoted string that looks like a number or a boolean
(`"NO"`, `"1e3"`, `"0012"`) stays a string.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from c5lens.base.paths import bundled_facts_dir

WriteBase = Callable[..., Path]
C5LENS = Path(sys.executable).parent / "c5lens"
pytestmark = pytest.mark.skipif(not C5LENS.exists(), reason=f"no console script at {C5LENS}")
CACHE = ["index", "no index"]
FIELDS = ["statement", "metric", "value", "unit", "qualifier", "scale", "as_of", "resolved_from",
          "source", "locator", "related", "notes", "correction"]  # fmt: skip


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type all the way down: 1 is not 1.0 is not True is not "1"."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def written(path: Path) -> dict[str, dict[str, Any]]:
    """Each fact of a file as the reference reads it, by id, in the shape of the JSON output."""
    data = yaml.safe_load(path.read_bytes())
    out = {}
    for entry in data["facts"]:
        fact = {key: entry.get(key) for key in FIELDS}
        as_of = fact["as_of"]
        # safe_load makes `as_of: 2025` an int and an unquoted date a date; c5lens keeps both as
        # the text written, which for these is exactly their ISO form.
        fact["as_of"] = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of)
        fact["related"] = fact["related"] or []
        out[entry["id"]] = fact
    return out


def written_base(root: Path) -> dict[str, dict[str, Any]]:
    facts: dict[str, dict[str, Any]] = {}
    for path in sorted(root.glob("*/*.yaml")):
        for fact_id, fact in written(path).items():
            assert fact_id not in facts, f"{fact_id} twice"
            facts[fact_id] = fact
    return facts


def printed(record: dict[str, Any]) -> dict[str, Any]:
    """A fact of the JSON output, in the same shape."""
    fact = {key: record[key] for key in FIELDS if key not in ("source", "locator")}
    fact["source"] = record["source"]["id"]
    fact["locator"] = record["source"]["locator"]
    return fact


def run_json(args: list[str], cache: str, **extra: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("C5LENS_")}
    if cache == "no index":
        env["C5LENS_NO_CACHE"] = "1"
    env.update(extra)
    done = subprocess.run(
        [str(C5LENS), *args], capture_output=True, env=env, timeout=120, check=False
    )
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")
    if "--format" in args and args[args.index("--format") + 1] == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


def assert_same_facts(records: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> None:
    out = {r["id"]: printed(r) for r in records}
    assert len(out) == len(records), "an id printed twice"
    assert sorted(out) == sorted(facts), "facts lost or invented"
    for fact_id, fact in facts.items():
        differs = [
            f"{k}: wrote {fact[k]!r}, printed {out[fact_id][k]!r}"
            for k in FIELDS
            if not same(fact[k], out[fact_id][k])
        ]
        assert not differs, (fact_id, differs)


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, Any]]:
    facts = written_base(bundled_facts_dir())
    assert len(facts) > 100
    return facts


@pytest.mark.parametrize("cache", CACHE)
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_every_shipped_fact_comes_out_as_written(shipped, cache: str, fmt: str) -> None:
    records = run_json(["facts", "--format", fmt], cache)
    assert_same_facts(records, shipped)


def test_the_shipped_values_have_every_type(shipped) -> None:
    """The comparison above is not vacuous: the base holds each kind of value."""
    kinds = {type(f.get("value")) for f in shipped.values()}
    assert kinds == {int, float, str, bool, type(None)}  # None: a claim naming nothing (D96)
    precisions = {len(f["as_of"].split("/")[0]) for f in shipped.values()}
    assert precisions == {4, 7, 10}  # a year, a month, a day


@pytest.mark.parametrize("cache", CACHE)
def test_every_shipped_fact_comes_out_as_written_by_subject(shipped, cache: str) -> None:
    """The filtered path (records built one by one) as well as the streamed one."""
    records = run_json(["facts", "--country", "kazakhstan", "--json"], cache)
    assert_same_facts(records, {k: v for k, v in shipped.items() if k.startswith("kazakhstan.")})


# --- a small base of tricky values ------------------------------------------------------------

TRICKY = """\
subject: uzbekistan
topic: governance
facts:
  - id: uzbekistan.quoted-no
    statement: A status written NO, quoted.
    value: "NO"
    as_of: '2025'
    source: src-a
    locator: Opening, para 1
    notes: 'yes'
  - id: uzbekistan.quoted-exponent
    statement: A code written 1e3, quoted.
    value: "1e3"
    unit: "0012"
    as_of: '2025-06'
    source: src-a
    locator: "0012"
  - id: uzbekistan.quoted-zeros
    statement: A code with leading zeros.
    value: '0012'
    as_of: '2025-06-19'
    source: src-a
    locator: Annex, para 1
    notes: "1.0"
  - id: uzbekistan.quoted-booleans
    statement: "true"
    value: 'true'
    as_of: '2025-12-19/2025-12-20'
    source: src-b
    locator: 'null'
    notes: "~"
  - id: uzbekistan.float-one
    statement: A score of exactly one, written as a float.
    metric: freedom_house_score
    value: 1.0
    unit: points
    scale: 0-100
    as_of: 2025
    source: src-a
    locator: Scores, para 1
  - id: uzbekistan.int-one
    statement: A score of exactly one, written as an int.
    metric: freedom_house_score
    value: 1
    unit: points
    scale: 0-100
    as_of: '2024'
    source: src-a
    locator: Scores, para 2
  - id: uzbekistan.fifty-two
    statement: Fifty-two sites.
    value: 52
    as_of: 2025-08-15
    source: src-a
    locator: Sites, para 1
  - id: uzbekistan.negative-zero
    statement: A change of minus nothing.
    value: -0.0
    as_of: '2025'
    source: src-a
    locator: Changes, para 1
  - id: uzbekistan.sum
    statement: A float that is not a short decimal.
    value: 0.30000000000000004
    as_of: '2025'
    source: src-a
    locator: Changes, para 2
  - id: uzbekistan.large
    statement: A large integer and a large float.
    value: 123456789012345678901234567890
    as_of: '2025'
    source: src-a
    locator: Changes, para 3
    notes: "1.0e+300"
  - id: uzbekistan.huge-float
    statement: A huge float.
    value: 1.0e+300
    as_of: '2025'
    source: src-a
    locator: Changes, para 4
  - id: uzbekistan.boolean-false
    statement: "  Spaces around, kept.  "
    value: false
    as_of: '2025'
    source: src-b
    locator: Opening, para 2
    related: [kazakhstan, china]
    correction:
      statement: "0012"
      source: src-a
      locator: 'NO'
"""


def test_the_tricky_base_is_what_it_says(write_base: WriteBase) -> None:
    root = write_base(files={"uzbekistan/governance.yaml": TRICKY})
    facts = written(root / "uzbekistan" / "governance.yaml")
    values = {k.split(".")[1]: v["value"] for k, v in facts.items()}
    assert values == {
        "quoted-no": "NO",
        "quoted-exponent": "1e3",
        "quoted-zeros": "0012",
        "quoted-booleans": "true",
        "float-one": 1.0,
        "int-one": 1,
        "fifty-two": 52,
        "negative-zero": -0.0,
        "sum": 0.30000000000000004,
        "large": 123456789012345678901234567890,
        "huge-float": 1e300,
        "boolean-false": False,
    }
    assert [type(v).__name__ for v in values.values()] == [
        "str", "str", "str", "str", "float", "int", "int", "float", "float", "int", "float",
        "bool",
    ]  # fmt: skip


@pytest.mark.parametrize("cache", CACHE)
@pytest.mark.parametrize(
    "args",
    [
        ["facts", "--json"],
        ["facts", "--format", "jsonl"],
        ["facts", "--country", "uzbekistan", "--json"],
        ["facts", "--topic", "governance", "--json"],
    ],
    ids=" ".join,
)
def test_tricky_values_come_out_as_written(write_base: WriteBase, cache: str, args) -> None:
    root = write_base(files={"uzbekistan/governance.yaml": TRICKY})
    facts = written_base(root)
    if "--country" in args:
        facts = {k: v for k, v in facts.items() if k.startswith("uzbekistan.")}
    if "--topic" in args:
        governance = {*written(root / "kazakhstan" / "governance.yaml"), *written(
            root / "uzbekistan" / "governance.yaml")}  # fmt: skip
        facts = {k: v for k, v in facts.items() if k in governance}
    records = run_json([*args, "--facts-dir", str(root)], cache, C5LENS_NO_BUNDLED="1")
    assert_same_facts(records, facts)
    # And in the very text printed: 1.0 keeps its point, "1e3" its quotes.
    by_id = {r["id"]: r for r in records}
    if "uzbekistan.float-one" in by_id:
        assert json.dumps(by_id["uzbekistan.float-one"]["value"]) == "1.0"
        assert json.dumps(by_id["uzbekistan.quoted-exponent"]["value"]) == '"1e3"'


# --- YAML output ------------------------------------------------------------------------------

# Strings PyYAML (a YAML 1.1 writer) would leave unquoted although a YAML 1.2 reader takes them
# for numbers or booleans, and c5lens's own strict reader refuses them as ambiguous.
YAML_TRICKY = (
    TRICKY
    + """\
  - id: uzbekistan.strings-yaml-12-reads-as-numbers
    statement: Codes that YAML 1.2 reads as numbers.
    value: '08'
    unit: 'y'
    as_of: '2025'
    source: src-a
    locator: '0o17'
    notes: "1e3"
"""
)


@pytest.mark.parametrize("cache", CACHE)
def test_yaml_output_reads_back_as_written(write_base: WriteBase, cache: str) -> None:
    """`--format yaml` read back by c5lens's strict reader (which refuses `1e3`, `08` unquoted)
    and by the reference give every value as written."""
    from c5lens.base.yamlread import parse_yaml

    root = write_base(files={"uzbekistan/governance.yaml": YAML_TRICKY})
    env = {k: v for k, v in os.environ.items() if not k.startswith("C5LENS_")}
    env.update(C5LENS_NO_BUNDLED="1", **({"C5LENS_NO_CACHE": "1"} if cache == "no index" else {}))
    done = subprocess.run(
        [str(C5LENS), "facts", "--format", "yaml", "--facts-dir", str(root)],
        capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")
    facts = written_base(root)
    for records in (parse_yaml(done.stdout).data, yaml.safe_load(done.stdout)):
        assert_same_facts(records, facts)
