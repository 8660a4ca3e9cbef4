"""Time fast YAML parsers against PyYAML's C loader on c5lens bases, and check they agree.

    python benchmarks/parsers.py BASE_DIR [BASE_DIR ...]       # timings + agreement
    python benchmarks/parsers.py --probes                       # YAML 1.1 vs 1.2 edge cases
    python benchmarks/parsers.py --only yaml-rs BASE_DIR        # one parser, once, for timing
                                                                # the whole process from outside

Candidates are imported if installed and skipped if not; none is a dependency of c5lens
(install them in a scratch virtual environment: `pip install pyyaml yaml-rs rapidyaml
py-yaml12 fastyaml-rs ryaml`). Every file of each base (`*.yaml` and `*/*.yaml`) is read into
memory first, so the figures are parse time only: the best and the median of --repeat passes
over all files, in this one process, in CPU seconds of this process (time.process_time), which
a busy shared machine disturbs far less than wall time. Agreement compares each parser's Python
objects with `yaml.load(..., Loader=yaml.CSafeLoader)` exactly, types included (1, 1.0 and True
differ), and prints the first difference of each kind.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

Parser = Callable[[bytes], object]


def _pyyaml() -> dict[str, Parser]:
    import yaml

    loader = yaml.CSafeLoader
    return {
        "pyyaml CSafeLoader load": lambda b: yaml.load(b, Loader=loader),
        "pyyaml CSafeLoader compose": lambda b: yaml.compose(b, Loader=loader),
    }


def _c5lens() -> dict[str, Parser]:
    # What c5lens does today (compose + its own walker, with positions). Optional: the module
    # may move; then this row is skipped and the rest still runs.
    from c5lens.yamlread import parse_yaml

    return {"c5lens parse_yaml (compose + walk)": parse_yaml}


def _yaml_rs() -> dict[str, Parser]:
    import yaml_rs

    return {"yaml-rs loads": lambda b: yaml_rs.loads(b.decode("utf-8"), parse_datetime=False)}


def _yaml12() -> dict[str, Parser]:
    import yaml12

    return {"py-yaml12 parse_yaml": lambda b: yaml12.parse_yaml(b.decode("utf-8"))}


def _fast_yaml() -> dict[str, Parser]:
    import fast_yaml

    return {"fastyaml-rs safe_load": lambda b: fast_yaml.safe_load(b.decode("utf-8"))}


def _ryaml() -> dict[str, Parser]:
    import ryaml

    return {"ryaml loads": lambda b: ryaml.loads(b.decode("utf-8"))}


def _plain(text: str) -> object:
    """A plain scalar by the YAML 1.2 core schema (rapidyaml leaves typing to the caller)."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    c = text[0]
    if c.isdigit() or c in "+-.":
        digits = text.lstrip("+-")
        try:
            if digits[:2] in ("0x", "0o"):
                return int(text, 0)
            return int(text)
        except ValueError:
            pass
        if digits in (".inf", ".Inf", ".INF"):
            return float(text.replace(".", "").replace("I", "i").replace("INF", "inf"))
        if text in (".nan", ".NaN", ".NAN"):
            return float("nan")
        try:
            return float(text)
        except ValueError:
            pass
    return text


def _ryml() -> dict[str, Parser]:
    import ryml

    def to_py(t, node: int) -> object:
        if t.is_map(node):
            out = {}
            child = t.first_child(node)
            while child != ryml.NONE:
                key = bytes(t.key(child)).decode()
                out[key] = to_py(t, child)
                child = t.next_sibling(child)
            return out
        if t.is_seq(node):
            items = []
            child = t.first_child(node)
            while child != ryml.NONE:
                items.append(to_py(t, child))
                child = t.next_sibling(child)
            return items
        val = t.val(node)
        if val is None:
            return None
        text = bytes(val).decode()
        return text if t.is_val_quoted(node) else _plain(text)

    def load(b: bytes) -> object:
        t = ryml.parse_in_arena(b)
        root = t.root_id()
        if t.is_stream(root):
            root = t.first_child(root)
        return to_py(t, root)

    return {
        "rapidyaml parse (tree only)": lambda b: ryml.parse_in_arena(b),
        "rapidyaml parse + to Python": load,
    }


CANDIDATES = {
    "pyyaml": _pyyaml,
    "c5lens": _c5lens,
    "yaml-rs": _yaml_rs,
    "rapidyaml": _ryml,
    "py-yaml12": _yaml12,
    "fastyaml-rs": _fast_yaml,
    "ryaml": _ryaml,
}
MODULES = {
    "pyyaml": "yaml",
    "c5lens": "c5lens",
    "yaml-rs": "yaml_rs",
    "rapidyaml": "ryml",
    "py-yaml12": "yaml12",
    "fastyaml-rs": "fast_yaml",
    "ryaml": "ryaml",
}


def parsers(only: str | None = None) -> dict[str, Parser]:
    found: dict[str, Parser] = {}
    for name, make in CANDIDATES.items():
        if only and name != only:
            continue
        try:
            found.update(make())
            mod = importlib.import_module(MODULES[name])
            version = getattr(mod, "__version__", "")
            print(f"# {name} {version}".rstrip(), file=sys.stderr)
        except ImportError:
            print(f"# {name}: not installed, skipped", file=sys.stderr)
    return found


def files_of(base: Path) -> list[tuple[str, bytes]]:
    paths = sorted(base.glob("*.yaml")) + sorted(base.glob("*/*.yaml"))
    return [(str(p.relative_to(base)), p.read_bytes()) for p in paths]


def time_all(parse: Parser, data: list[tuple[str, bytes]], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for _name, b in data:
            parse(b)
        times.append(time.process_time() - start)
    return min(times), statistics.median(times)


def first_difference(a: object, b: object, path: str = "") -> str | None:
    """Where b differs from a (exactly, types included), or None."""
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r} ({type(a).__name__}) vs {b!r} ({type(b).__name__})"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path or '/'}: keys {list(a)[:5]} vs {list(b)[:5]}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path or '/'}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = first_difference(x, y, f"{path}/{i}")
            if d:
                return d
        return None
    return None if a == b else f"{path or '/'}: {a!r} vs {b!r}"


def agreement(found: dict[str, Parser], data: list[tuple[str, bytes]]) -> dict[str, str]:
    import yaml

    reference = [yaml.load(b, Loader=yaml.CSafeLoader) for _n, b in data]
    out = {}
    for name, parse in found.items():
        if name.startswith(("pyyaml", "c5lens")) or "tree only" in name:
            continue
        differ, first, errors = 0, None, 0
        for (fname, b), ref in zip(data, reference, strict=True):
            try:
                got = parse(b)
            except Exception as e:  # a parser refusing a file is a finding, not a crash
                errors += 1
                first = first or f"{fname}: {type(e).__name__}: {str(e)[:120]}"
                continue
            d = first_difference(ref, got)
            if d:
                differ += 1
                first = first or f"{fname}{d}"
        verdict = "identical" if not differ and not errors else f"{differ} files differ"
        if errors:
            verdict += f", {errors} refused"
        out[name] = verdict + (f"; first: {first}" if first else "")
    return out


PROBES = [
    ("yes/no/on/off", "a: yes\nb: no\nc: on\nd: off\n"),
    ("True/FALSE", "a: True\nb: FALSE\n"),
    ("octal 017, 0o17", "a: 017\nb: 0o17\n"),
    ("hex, underscores", "a: 0x1F\nb: 1_000\n"),
    ("sexagesimal 1:30", "a: 1:30\n"),
    ("floats 1e3, .5, +1.0", "a: 1e3\nb: .5\nc: +1.0\n"),
    ("inf/nan", "a: .inf\nb: .nan\n"),
    ("null ~, empty", "a: ~\nb:\n"),
    ("timestamp 2025-01-02", "a: 2025-01-02\n"),
    ("year 2025, quoted '2025-01'", "a: 2025\nb: '2025-01'\n"),
    ("duplicate key", "a: 1\na: 2\n"),
    ("merge key <<", "x: &x {k: 1}\ny:\n  <<: *x\n  j: 2\n"),
    ("tag !!str 1", "a: !!str 1\n"),
    ("non-ASCII °C, ²", "u: '°C'\nv: km²\n"),
]


def probes(found: dict[str, Parser]) -> None:
    skip = ("compose", "tree only", "c5lens")
    names = [n for n in found if not any(s in n for s in skip)]
    print("| case | " + " | ".join(names) + " |")
    print("| --- |" + " --- |" * len(names))
    for label, text in PROBES:
        cells = []
        for n in names:
            try:
                cells.append(repr(found[n](text.encode())).replace("|", "\\|"))
            except Exception as e:
                cells.append(f"error: {type(e).__name__}")
        print(f"| {label} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bases", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", help="one candidate (e.g. yaml-rs), one pass, no output")
    ap.add_argument("--probes", action="store_true", help="print the edge-case table")
    ap.add_argument("--no-check", action="store_true", help="skip the agreement check")
    args = ap.parse_args()
    if args.only:
        found = {k: v for k, v in parsers(args.only).items()}
        parse = next(iter(v for k, v in found.items() if not k.endswith("compose")))
        for base in args.bases:
            for _n, b in files_of(base):
                parse(b)
        return
    found = parsers()
    if args.probes:
        probes(found)
    for base in args.bases:
        data = files_of(base)
        size = sum(len(b) for _n, b in data)
        print(f"\n## {base} — {len(data):,} files, {size / 2**20:,.1f} MiB\n")
        print("| parser | best (CPU s) | median (CPU s) | ÷ PyYAML load |")
        print("| --- | ---: | ---: | ---: |")
        rows = {n: time_all(p, data, args.repeat) for n, p in found.items()}
        ref = rows.get("pyyaml CSafeLoader load", (None, None))[1]
        for n, (best, med) in rows.items():
            ratio = f"{med / ref:.2f}x" if ref else "n/a"
            print(f"| {n} | {best:.2f} s | {med:.2f} s | {ratio} |", flush=True)
        if not args.no_check:
            print()
            for n, verdict in agreement(found, data).items():
                print(f"- {n}: {verdict}")


if __name__ == "__main__":
    main()
