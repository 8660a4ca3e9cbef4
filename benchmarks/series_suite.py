"""The series suite: lookups, cold build, edits, index size and memory on series bases."""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generate import SEARCH_WORD as WORD
from series_shape import (
    SERIES_METRIC,
    SERIES_OTHER,
    SERIES_SUBJECT,
    generate_series,
    series_layout,
)
from timing import (
    C5LENS,
    Timed,
    compile_bytecode,
    cpu,
    fig,
    machine,
    mib,
    ms,
    run_child,
    timed,
    tree_bytes,
)

# --- the series suite ----------------------------------------------------------------------------

# What is timed on every base: (label, argv after `c5lens`). {subject}, {other}, {metric},
# {fact} and {word} are filled in per base; --facts-dir DIR is added after the command.
LOOKUPS: list[tuple[str, list[str]]] = [
    ("fact ID", ["fact", "{fact}", "--json"]),
    ("country X", ["country", "{subject}", "--json"]),
    ("compare A B", ["compare", "{subject}", "{other}", "--json"]),
    ("rank M", ["rank", "{metric}", "--json"]),
    ("search WORD", ["search", "{word}", "--json"]),
    ("series (facts --country X --metric M)",
     ["facts", "--country", "{subject}", "--metric", "{metric}", "--json"]),
    # ("history SUBJECT METRIC", ["history", "{subject}", "{metric}", "--json"]),
    ("validate", ["validate"]),
]  # fmt: skip
COLD = ["country", "{subject}", "--json"]  # the first call on an empty cache builds the index
EDITED = ["country", "{subject}", "--json"]  # the call after one file of {subject} changed
PYYAML = (
    "import glob, sys, yaml\n"
    "for p in sorted(glob.glob(sys.argv[1] + '/*/*.yaml')):\n"
    "    with open(p, 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


class Series:
    def __init__(self, work: Path, runs: int, quick: bool) -> None:
        self.work, self.runs, self.quick = work, runs, quick
        self.skip_cold = self.no_pyyaml = False
        self.timeout: float | None = None  # seconds for one run; default by base size

    def env(self, cache: Path | None, bundled: bool = False) -> dict[str, str]:
        drop = ("COLUMNS", "C5LENS_NO_CACHE", "PYTHONDONTWRITEBYTECODE", "C5LENS_FACTS_PATH")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["XDG_CACHE_HOME"] = str(cache or self.work / "cache-shipped")
        if bundled:
            env.pop("C5LENS_NO_BUNDLED", None)
        else:
            env["C5LENS_NO_BUNDLED"] = "1"
        return env

    def shipped(self) -> dict:
        env = self.env(None, bundled=True)
        ours = [C5LENS, "country", "kazakhstan", "--json"]
        run_child(ours, env, 60)  # build the index
        runs = max(self.runs * 4, 10)
        return {
            "python -c pass": timed([sys.executable, "-c", "pass"], env, runs),
            "c5lens country kazakhstan --json": timed(ours, env, runs),
        }

    def base(self, n: int, dates: int | None = None, out: dict | None = None, save=None) -> dict:
        """Every figure for one series base of n facts (dates per subject+metric if given).

        Fills `out` as it goes and calls save() after each step, so a run stopped part way
        keeps what it measured.
        """
        out = {} if out is None else out
        save = save or (lambda: None)
        subjects, per = series_layout(n, dates)
        name = f"series-{n}" + (f"-d{dates}" if dates else "")
        base = self.work / name
        if not base.exists():
            print(f"generating {name} ...", flush=True)
            start = time.perf_counter()
            generate_series(base, n, dates=dates)
            print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
        cache = self.work / f"cache-{name}"
        env = self.env(cache)
        files = sorted(base.glob("*/*.yaml"))
        fill = {
            "subject": SERIES_SUBJECT,
            "other": SERIES_OTHER,
            "metric": SERIES_METRIC,
            "fact": f"{SERIES_SUBJECT}.{SERIES_METRIC.replace('_', '-')}-2025",
            "word": WORD,
        }

        def cmd(template: list[str]) -> list[str]:
            argv = [a.format(**fill) for a in template]
            return [C5LENS, argv[0], *argv[1:], "--facts-dir", str(base)]

        def clear() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        big = n >= 1_000_000
        cold_runs = 1 if n >= 100_000 or self.quick else 3
        cap = self.timeout or (900 if big else 600)
        out.update(
            {
                "n": n,
                "subjects": subjects,
                "per_pair": per,
                "files": len(files),
                "yaml_bytes": sum(f.stat().st_size for f in files)
                + sum(f.stat().st_size for f in base.glob("*.yaml")),
            }
        )
        if self.skip_cold:  # the index as it is (built untimed if missing): warm figures only
            print(f"{name}: cold build not measured (--skip-cold)", flush=True)
            timed(cmd(COLD), env, 1, None, cap)
            out["cold"] = Timed(error="not measured in this run")
        else:
            print(f"{name}: cold build", flush=True)
            out["cold"] = timed(cmd(COLD), env, cold_runs, clear, cap)
            print(f"  {fig(out['cold'])} peak {mib(out['cold'])}", flush=True)
        save()
        if "error" in out["cold"] and not self.skip_cold:
            out["pyyaml"] = Timed(error="not run")
            return out
        out["index_bytes"] = out["index_bytes_after"] = tree_bytes(cache)
        out["lookups"] = {}
        cap = self.timeout or (120 if big else cap)
        for label, template in LOOKUPS:
            argv = cmd(template)
            first = timed(argv, env, 1, None, cap)  # builds whatever this command builds first
            warm = timed(argv, env, self.runs, None, cap) if "error" not in first else first
            warm["first"] = first.get("median")
            out["lookups"][label] = warm
            print(f"  {label}: {fig(warm)} peak {mib(warm)}", flush=True)
            save()
        out["index_bytes_after"] = tree_bytes(cache)
        target = base / SERIES_SUBJECT / "economy.yaml"
        original = target.read_bytes()

        def edit() -> None:
            target.write_bytes(original + f"# edited {time.time_ns()}\n".encode())

        try:
            out["edited"] = timed(cmd(EDITED), env, self.runs, edit, cap)
        finally:
            target.write_bytes(original)
        timed(cmd(EDITED), env, 1, None, cap)  # leave the index fresh
        save()
        # Last, so that a run stopped by a time bound has c5lens's own figures first.
        if self.no_pyyaml:
            out["pyyaml"] = Timed(error="not measured in this run")
            return out
        print(f"{name}: PyYAML C loader over all files", flush=True)
        cap = self.timeout or (900 if big else 600)
        out["pyyaml"] = timed([sys.executable, "-c", PYYAML, str(base)], env, cold_runs, None, cap)
        print(f"  {fig(out['pyyaml'])}", flush=True)
        save()
        return out


def series_targets(
    results: dict, shipped: dict | None, key: str = "median"
) -> list[tuple[str, str, str]]:
    """(target, pass/FAIL/not measured, measured) rows, judged on wall time ("median") or on
    CPU time ("cpu"); the rows are the same either way."""
    rows: list[tuple[str, str, str]] = []
    by_n = {r["n"]: r for name, r in results.items() if not name.endswith("deep")}
    small, large = by_n.get(10_000), by_n.get(1_000_000)

    def judged(t: dict | None) -> str:  # the figure judged
        if t and "median" in t:
            return ms(t[key]) if key in t else "not measured"
        return fig(t)

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("pass" if ok else "FAIL")

    for label, _ in LOOKUPS:
        t = large and large.get("lookups", {}).get(label)
        s = small and small.get("lookups", {}).get(label)
        if not t or key not in t:
            detail = (t or (large or {}).get("cold") or {}).get("error", "1M base not measured")
            rows.append((f"1M warm `{label}` < 100 ms and ≤ 1.5x at 10k", verdict(None), detail))
            continue
        ratio = t[key] / s[key] if s and key in s and "median" in s else None
        ok = t[key] < 0.100 and (ratio is None or ratio <= 1.5)
        detail = f"{ms(t[key])}" + (f", {ratio:.2f}x the 10k figure" if ratio else "")
        rows.append((f"1M warm `{label}` < 100 ms and ≤ 1.5x at 10k", verdict(ok), detail))
    peaks = [
        (name, label, t["peak"])
        for name, r in results.items()
        for label, t in r.get("lookups", {}).items()
        if label != "validate" and "peak" in t
    ]
    if peaks:
        n, label, peak = max(peaks, key=lambda p: p[2])
        rows.append(
            ("peak memory of any lookup < 60 MiB", verdict(peak < 60),
             f"{peak:.0f} MiB (`{label}`, {n} base)")
        )  # fmt: skip
    deep = next((r for name, r in results.items() if name.endswith("deep")), None)
    t = deep and deep.get("lookups", {}).get("fact ID")
    rows.append(
        (
            "`fact ID`, 100k base with a few hundred facts per subject+metric, < 60 ms",
            verdict(None if not t or key not in t else t[key] < 0.060),
            f"{judged(t)} ({deep['per_pair']} facts per subject+metric)"
            if deep
            else "not measured",
        )
    )
    mid = by_n.get(100_000)
    if mid and key in mid.get("cold", {}) and key in mid.get("pyyaml", {}):
        c, p = mid["cold"][key], mid["pyyaml"][key]
        rows.append(
            ("cold build 100k < 2 s (or ≤ 1.1x PyYAML's C loader)", verdict(c < 2 or c / p <= 1.1),
             f"{ms(c)}, {c / p:.2f}x PyYAML's C loader ({ms(p)})")
        )  # fmt: skip
    else:
        rows.append(("cold build 100k < 2 s (or ≤ 1.1x PyYAML's C loader)", verdict(None),
                     judged(mid and mid.get("cold"))))  # fmt: skip
    c = large and large.get("cold")
    rows.append(
        ("cold build 1M < 60 s", verdict(None if not c or key not in c else c[key] < 60),
         judged(c) + (f" (PyYAML's C loader: {judged(large.get('pyyaml'))})" if large else ""))
    )  # fmt: skip
    for name, r in results.items():
        if "index_bytes_after" in r:
            ratio = r["index_bytes_after"] / r["yaml_bytes"]
            rows.append(
                (f"index size ≤ 1.5x YAML ({name})", verdict(ratio <= 1.5),
                 f"{r['index_bytes_after'] / 2**20:,.1f} MiB vs {r['yaml_bytes'] / 2**20:,.1f} "
                 f"MiB, {ratio:.2f}x")
            )  # fmt: skip
    if shipped:
        a = shipped["c5lens country kazakhstan --json"].get(key, math.nan)
        b = shipped["python -c pass"].get(key, math.nan)
        known = not (math.isnan(a) or math.isnan(b))
        rows.append(
            ("shipped base, warm `country kazakhstan --json` ≤ 3x `python -c pass`",
             verdict(a / b <= 3 if known else None),
             f"{ms(a)} vs {ms(b)}, {a / b:.2f}x" if known else "not measured")
        )  # fmt: skip
    return rows


def series_report(results: dict, shipped: dict | None, runs: int, label: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py` (see its docstring); do not edit by hand.",
        "",
    ]
    if label:
        lines += [f"**{label}**", ""]
    lines += [
        f"- Machine: {machine()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        "- Targets are judged on wall time, as they are written; the CPU time (user + sys of the "
        "child) is shown beside it because on a busy shared machine a process waits for a core "
        "and its wall time grows while its CPU time does not.",
        f"- Each figure is the median wall time of {runs} runs of the `c5lens` console script "
        "as a whole process (cold builds: fewer runs, see the tables), with XDG_CACHE_HOME in a "
        "temporary directory, C5LENS_NO_BUNDLED=1 and `--facts-dir BASE`. Peak memory is the "
        "largest resident set (ru_maxrss) of any run of that command. The machine is shared: "
        "quote ratios and medians, not single runs.",
        "- Bases: `benchmarks/generate.py --shape series`: subjects × 40 metrics × dates "
        "(250 × 40 × 100 at 1,000,000 facts), one `<subject>/<topic>.yaml` per subject and "
        "topic, yearly, monthly and weekly (day-precision) series, and about 5% of periods with "
        "a second or third source giving a different value. Lookups print `--json`.",
        "",
        "## Bases",
        "",
        "| base | facts | subjects | facts per subject+metric | files | YAML | index | "
        "index ÷ YAML |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, r in results.items():
        idx = r.get("index_bytes_after")
        lines.append(
            f"| {key} | {r['n']:,} | {r['subjects']} | {r['per_pair']} | {r['files']:,} | "
            f"{r['yaml_bytes'] / 2**20:,.1f} MiB | "
            + (f"{idx / 2**20:,.1f} MiB | {idx / r['yaml_bytes']:.2f}x |" if idx else "n/a | n/a |")
        )
    keys = list(results)
    lines += [
        "",
        "## Warm lookups (median wall / median CPU time; peak memory in brackets)",
        "",
        "| command | " + " | ".join(keys) + " |",
        "| --- |" + " ---: |" * len(keys),
    ]
    for label, template in LOOKUPS:
        cells = []
        for key in keys:
            t = results[key].get("lookups", {}).get(label)
            cells.append(f"{fig(t)} / {cpu(t)} ({mib(t)})" if t and "median" in t else fig(t))
        lines.append(f"| `{label}` (`c5lens {' '.join(template)}`) | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Cold build, edits and the first call of each command",
        "",
        "| base | PyYAML C loader, all files | cold build (`country X --json`, empty cache) | "
        "cold ÷ PyYAML | cold peak memory | warm `country X` | after editing one file | "
        "first `search` (builds the search table) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, r in results.items():
        c, p = r.get("cold", {}), r.get("pyyaml", {})
        ratio = f"{c['median'] / p['median']:.2f}x" if "median" in c and "median" in p else "n/a"
        look = r.get("lookups", {})
        first_search = (look.get("search WORD") or {}).get("first")
        lines.append(
            f"| {key} | {fig(p)} | {fig(c)} ({c.get('runs', 1)} run(s)) | {ratio} | {mib(c)} | "
            f"{fig(look.get('country X'))} | {fig(r.get('edited'))} | {ms(first_search)} |"
        )
    if shipped:
        lines += [
            "",
            "## The shipped base (warm)",
            "",
            "| command | median wall | median CPU | peak memory |",
            "| --- | ---: | ---: | ---: |",
        ]
        lines += [f"| `{k}` | {fig(t)} | {cpu(t)} | {mib(t)} |" for k, t in shipped.items()]
    lines += [
        "",
        "## Targets",
        "",
        "| target | result (wall) | measured (wall) | result by CPU time | measured (CPU) |",
        "| --- | --- | --- | --- | --- |",
    ]
    wall, by_cpu = series_targets(results, shipped), series_targets(results, shipped, "cpu")
    for (w, v, d), (_w, cv, cd) in zip(wall, by_cpu, strict=True):
        if cd == d:
            cv, cd = ("same" if cv == v else cv), ""
        lines.append(f"| {w} | {v} | {d} | {cv} | {cd} |")
    return "\n".join(lines) + "\n"


def main_series(args) -> None:
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="c5lens-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    default = "10000,100000" if args.quick else "10000,100000,1000000"
    chosen = args.sizes or default
    sizes = [] if chosen == "none" else [int(n) for n in chosen.split(",")]
    runs = args.runs or (3 if args.quick else 5)
    bench = Series(work, runs, args.quick)
    bench.skip_cold, bench.no_pyyaml, bench.timeout = args.skip_cold, args.no_pyyaml, args.timeout
    compile_bytecode()
    results: dict = {}
    shipped = None
    if args.merge:
        saved = json.loads(Path(args.merge).read_text())
        results, shipped = saved["results"], saved.get("shipped")
    if not args.no_shipped:
        print("shipped base", flush=True)
        shipped = bench.shipped()

    def save() -> None:
        (work / "results.json").write_text(json.dumps({"results": results, "shipped": shipped}))

    for n in sizes:
        bench.base(n, out=results.setdefault(f"{n:,}", {}), save=save)
        if n == 100_000 and not args.no_deep:
            bench.base(n, args.deep_dates, results.setdefault(f"{n:,} deep", {}), save)
    order = sorted(results, key=lambda k: (results[k]["n"], k))
    results = {k: results[k] for k in order}
    (work / "results.json").write_text(json.dumps({"results": results, "shipped": shipped}))
    print(f"saved {work / 'results.json'}")
    text = series_report(results, shipped, runs, args.label)
    for w, v, d in series_targets(results, shipped):
        print(f"{v:>12}  {w}: {d}")
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
