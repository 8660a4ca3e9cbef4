"""The profile suite: c5lens against jq, yq and grep on the profile shape (--shape profile)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import SEARCH_WORD as WORD
from generate import generate
from timing import C5LENS, COUNTRIES, SUBJECT, compile_bytecode, cpu_name, measure, ms


class Bench:
    def __init__(self, work: Path, runs: int) -> None:
        self.work, self.runs = work, runs
        self.cache = work / "cache"
        self.rows: list[tuple] = []
        self.checks: list[tuple[str, bool, str]] = []

    def env(self, base: Path | None) -> dict[str, str]:
        # As installed for real: byte code compiled (see compile_bytecode) and kept.
        drop = ("COLUMNS", "C5LENS_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["XDG_CACHE_HOME"] = str(self.cache)
        if base is not None:
            env.update(C5LENS_NO_BUNDLED="1", C5LENS_FACTS_PATH=str(base))
        else:
            env.pop("C5LENS_NO_BUNDLED", None)
            env.pop("C5LENS_FACTS_PATH", None)
        return env

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def check(self, what: str, ok: bool, detail: str) -> None:
        self.checks.append((what, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {what}: {detail}", flush=True)

    # --- the shipped base ------------------------------------------------------------------------

    def shipped(self) -> list[tuple[str, float]]:
        env = self.env(None)
        subprocess.run([C5LENS, "country", "kazakhstan", "--json"], env=env, capture_output=True)
        runs = max(self.runs * 4, 20)
        py = sys.executable
        commands = [
            ("python -c 'import typer'", [py, "-c", "import typer"]),
            ("c5lens country kazakhstan --json", [C5LENS, "country", "kazakhstan", "--json"]),
            (
                "python -c 'import typer, rich.console, rich.table'",
                [py, "-c", "import typer, rich.console, rich.table"],
            ),
            ("c5lens country kazakhstan", [C5LENS, "country", "kazakhstan"]),
        ]
        rows = [(name, measure(argv, env, runs)[0]) for name, argv in commands]
        json_ratio = rows[1][1] / rows[0][1]
        table_ratio = rows[3][1] / rows[2][1]
        self.check(
            "shipped base, warm, --json vs import typer",
            json_ratio <= 1.3,
            f"{json_ratio:.2f}x (target ≤ 1.3x)",
        )
        self.check(
            "shipped base, warm, table vs import typer+rich",
            table_ratio <= 1.3,
            f"{table_ratio:.2f}x (target ≤ 1.3x)",
        )
        return rows

    # --- a synthetic base ------------------------------------------------------------------------

    def size(self, n: int) -> dict[str, object]:
        base = self.work / f"base-{n}"
        if not base.exists():
            print(f"generating {n:,} facts ...", flush=True)
            generate(base, n)
        files = sorted(base.glob("*/*.yaml"))
        env = self.env(base)
        export = self.work / f"export-{n}.json"
        self.clear_cache()
        with export.open("w") as f:
            subprocess.run([C5LENS, "facts", "--json"], env=env, stdout=f, check=True)
        slow = n >= 100_000
        runs = max(3, self.runs // (3 if slow else 1))
        result: dict[str, object] = {"n": n, "files": len(files)}

        loader = (
            "import glob, sys, yaml\n"
            "for p in glob.glob(sys.argv[1] + '/*/*.yaml'):\n"
            "    with open(p, 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
        )
        result["pyyaml"] = measure([sys.executable, "-c", loader, str(base)], env, runs)[0]

        compare_sel = " or ".join(f'.country == "{c}"' for c in COUNTRIES)
        jq = shutil.which("jq")
        yq = shutil.which("yq")
        grep = shutil.which("grep")
        e = str(export)
        lookups = {
            "country": (
                [C5LENS, "country", SUBJECT],
                [jq, f'[.[] | select(.country == "{SUBJECT}")]', e] if jq else None,
                f"{yq} '.facts' {base}/{SUBJECT}/*.yaml" if yq else None,
                [grep, "-r", SUBJECT, str(base)] if grep else None,
            ),
            "facts --country X --json": (
                [C5LENS, "facts", "--country", SUBJECT, "--json"],
                [jq, f'[.[] | select(.country == "{SUBJECT}")]', e] if jq else None,
                f"{yq} '.facts' {base}/{SUBJECT}/*.yaml" if yq else None,
                [grep, "-r", SUBJECT, str(base)] if grep else None,
            ),
            "compare": (
                [C5LENS, "compare"],
                [jq, f"[.[] | select(.metric != null and ({compare_sel}))]", e] if jq else None,
                None,
                None,
            ),
            "search": (
                [C5LENS, "search", WORD],
                [jq, f'[.[] | select(.statement | test("{WORD}"; "i"))]', e] if jq else None,
                None,
                [grep, "-ri", WORD, str(base)] if grep else None,
            ),
            "facts --json": (
                [C5LENS, "facts", "--json"],
                [jq, "-c", ".[]", e] if jq else None,
                f"{yq} -c '.facts[]' {base}/*/*.yaml" if yq else None,
                [grep, "-r", "id:", str(base)] if grep else None,
            ),
            "validate": ([C5LENS, "validate"], [jq, "empty", e] if jq else None, None, None),
        }
        timings = {}
        for name, (ours, jq_cmd, yq_cmd, grep_cmd) in lookups.items():
            print(f"  {n:,}: {name}", flush=True)
            cold_runs = 1 if slow else runs
            cold = measure(ours, env, cold_runs, before=self.clear_cache)[0]
            measure(ours, env, 1)  # make sure the index is there
            warm, peak = measure(ours, env, runs)
            jq_t = measure(jq_cmd, env, runs)[0] if jq_cmd else None
            yq_t = None
            if yq_cmd:
                try:
                    yq_t = measure(yq_cmd, env, 1, timeout=300)[0]
                except (RuntimeError, subprocess.TimeoutExpired):
                    yq_t = None
            grep_t = measure(grep_cmd, env, runs)[0] if grep_cmd else None
            timings[name] = (cold, warm, peak, jq_t, yq_t, grep_t)
        result["timings"] = timings

        # One edited file out of all of them: the next call parses that file alone.
        measure([C5LENS, "country", SUBJECT, "--json"], env, 1)
        target = files[len(files) // 2]
        original = target.read_bytes()

        def edit() -> None:
            target.write_bytes(original + f"# edited {time.time_ns()}\n".encode())

        try:
            edited = measure([C5LENS, "country", SUBJECT, "--json"], env, runs, before=edit)[0]
        finally:
            target.write_bytes(original)
        result["edited"] = edited
        result["warm_json"] = measure([C5LENS, "country", SUBJECT, "--json"], env, runs)[0]
        return result


def report(bench: Bench, shipped, sizes) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py` (see the README); do not edit by hand.",
        "",
        f"- Machine: {cpu_name()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; jq: {shutil.which('jq') or 'not installed'}; "
        f"yq: {shutil.which('yq') or 'not installed'}",
        "- Median wall time of several runs of each command, all in one run of the script. "
        "Warm: the index exists and no file changed. Cold: the index was deleted first, so the "
        "base's YAML is read, checked and indexed.",
        "- Synthetic bases from `benchmarks/generate.py`: 50 facts per `<subject>/<topic>.yaml` "
        "file, ten topics, fifty sources, forty metrics; statements of 15-30 words.",
        "- Peers answer the same question: jq over a JSON export of the base (`c5lens facts "
        "--json`), yq over the YAML files (where a query maps onto files), grep -r over the "
        "directory.",
        "",
        "## The shipped base (warm)",
        "",
        "| command | median |",
        "| --- | ---: |",
    ]
    lines += [f"| `{name}` | {ms(t)} |" for name, t in shipped]
    lines += ["", "## Synthetic bases", ""]
    lines += [
        "| facts | command | c5lens cold | c5lens warm | peak memory | jq | yq | grep -r "
        "| jq ÷ warm |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sizes:
        for name, (cold, warm, peak, jq_t, yq_t, grep_t) in s["timings"].items():
            ratio = f"{jq_t / warm:.1f}x" if jq_t else "n/a"
            lines.append(
                f"| {s['n']:,} | `{name}` | {ms(cold)} | {ms(warm)} | {peak:.0f} MiB | {ms(jq_t)} "
                f"| {ms(yq_t)} | {ms(grep_t)} | {ratio} |"
            )
    lines += [
        "",
        "| facts | files | PyYAML C loader, all files | c5lens cold `validate` | ratio | "
        "warm `country --json` | after editing one file |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sizes:
        cold_validate = s["timings"]["validate"][0]
        lines.append(
            f"| {s['n']:,} | {s['files']:,} | {ms(s['pyyaml'])} | {ms(cold_validate)} | "
            f"{cold_validate / s['pyyaml']:.2f}x | {ms(s['warm_json'])} | {ms(s['edited'])} |"
        )
    lines += ["", "## Targets", "", "| target | result | measured |", "| --- | --- | --- |"]
    lines += [f"| {w} | {'pass' if ok else 'FAIL'} | {d} |" for w, ok, d in bench.checks]
    return "\n".join(lines) + "\n"


def main_profile(args) -> None:
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="c5lens-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.runs)
    compile_bytecode()
    shipped = bench.shipped()
    sizes = [bench.size(int(n)) for n in (args.sizes or "1000,10000,100000").split(",")]
    big = sizes[-1]
    n = f"{big['n']:,} facts"
    for name in ("country", "facts --country X --json", "compare", "search"):
        _cold, warm, peak, jq_t, _yq, _grep = big["timings"][name]
        bench.check(f"{n}, warm `{name}` under 150 ms", warm < 0.150, ms(warm))
        if jq_t:
            bench.check(
                f"{n}, warm `{name}` at least 4x faster than jq",
                jq_t / warm >= 4,
                f"{jq_t / warm:.1f}x",
            )
    _c, warm_all, _p, jq_all, _y, _g = big["timings"]["facts --json"]
    if jq_all:
        bench.check(
            f"{n}, `facts --json` no slower than `jq -c '.[]'`",
            warm_all <= jq_all,
            f"{ms(warm_all)} vs {ms(jq_all)}",
        )
    peak = max(t[2] for name, t in big["timings"].items() if name != "validate")
    bench.check(f"{n}, peak memory of a lookup under 150 MiB", peak < 150, f"{peak:.0f} MiB")
    cold_ratio = big["timings"]["validate"][0] / big["pyyaml"]
    bench.check(
        f"{n}, cold at most 1.5x PyYAML's C loader", cold_ratio <= 1.5, f"{cold_ratio:.2f}x"
    )
    per_file = big["pyyaml"] / big["files"]
    extra = big["edited"] - big["warm_json"]
    bench.check(
        f"{n}, editing one of {big['files']:,} files costs about one file's parse",
        extra < big["pyyaml"] / 10,
        f"{ms(extra)} over a warm call (one file's parse ≈ {per_file * 1000:.1f} ms; "
        f"whole base {ms(big['pyyaml'])})",
    )
    if len(sizes) > 1:
        warm = [s["timings"]["country"][1] for s in sizes]
        flat = max(warm) <= 2 * min(warm)
        bench.check(
            "warm `country` stays flat from smallest to largest base",
            flat,
            " → ".join(ms(w) for w in warm),
        )
    text = report(bench, shipped, sizes)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
