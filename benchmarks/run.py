"""Time c5lens's lookups, cold build, edits, index size and memory on synthetic bases.

    python benchmarks/run.py                          # 10k, 100k, 100k deep, 1M bases
    python benchmarks/run.py --sizes 10000,100000     # only some sizes
    python benchmarks/run.py --quick                  # fewer runs, 10k and 100k
    python benchmarks/run.py --out -                  # print the report instead
    python benchmarks/run.py --work DIR --merge DIR/results.json --sizes 1000000
                                                      # add a size to earlier results
    python benchmarks/run.py --work DIR --merge DIR/results.json --sizes none --no-shipped
                                                      # only write the report again
    python benchmarks/run.py --sizes 1000000 --skip-cold --no-pyyaml --timeout 3600
                                                      # warm figures of an index built apart
    python benchmarks/run.py --shape profile          # the older suite against jq/yq/grep

The series suite (the default) drives c5lens only through its command line (the `c5lens`
script next to this Python, with XDG_CACHE_HOME in a temporary directory, C5LENS_NO_BUNDLED=1
and --facts-dir), so it keeps working while the code inside moves. The lookups measured are
the LOOKUPS table below: one line to add a command. Results are saved as JSON beside the bases
(--work) and written to docs/benchmarks.md.

The profile suite (--shape profile) times c5lens against jq, yq and grep on the profile shape:

Run it from the virtual environment c5lens is installed in (the `c5lens` script next to this
Python is what is timed). jq, yq and grep are timed where they are installed and marked n/a
where not. Every figure is the median wall time of several runs in this one process, so ratios
compare like with like; peak memory is the largest resident set of any run of that command.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import (  # noqa: E402
    SERIES_METRIC,
    SERIES_OTHER,
    SERIES_SUBJECT,
    generate,
    generate_series,
    series_layout,
)

ROOT = HERE.parent
C5LENS = str(Path(sys.executable).parent / "c5lens")
SUBJECT = "country-03"
from generate import SEARCH_WORD as WORD  # noqa: E402

COUNTRIES = [f"country-{i:02d}" for i in range(5)]


def measure(argv: list[str] | str, env: dict[str, str], runs: int, before=None, timeout=600):
    """Median wall seconds and peak RSS (MiB) of running argv `runs` times (shell if a str)."""
    times, peak = [], 0.0
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            shell=isinstance(argv, str),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except ChildProcessError:  # pragma: no cover
            proc.wait(timeout)
            status, usage = 0, None
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        proc.stderr.close() if proc.stderr else None
        if proc.returncode not in (0,):
            raise RuntimeError(f"{argv} exited {proc.returncode}: {err[-300:]}")
        times.append(elapsed)
        if usage is not None:
            peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


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


def compile_bytecode() -> None:
    """Compile c5lens and what it imports, as `pip install` does, so no run pays for it."""
    import importlib

    for name in ("c5lens", "typer", "rich", "yaml", "pydantic"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(Path(module.__file__).parent)],
            env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            check=False,
            capture_output=True,
        )


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


class Timed(dict):
    """One command's figures: median and min/max wall seconds, peak RSS in MiB, or an error."""


def run_child(
    argv: list[str], env: dict[str, str], timeout: float
) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MiB) of that one child, '' or why it failed, and its CPU seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    why = ""
    if code == -9 and elapsed >= timeout:
        why = f"did not finish in {timeout:.0f} s"
    elif code != 0:
        why = f"exit {code}: {err.strip()[-200:]}"
    return elapsed, usage.ru_maxrss / 1024, why, usage.ru_utime + usage.ru_stime


def timed(argv, env, runs: int, before=None, timeout: float = 600) -> Timed:
    times, cpu, peak = [], [], 0.0
    for _ in range(runs):
        if before:
            before()
        elapsed, rss, why, used = run_child(argv, env, timeout)
        if why:
            return Timed(error=why, peak=max(peak, rss), cpu=used)
        times.append(elapsed)
        cpu.append(used)
        peak = max(peak, rss)
    return Timed(
        median=statistics.median(times),
        min=min(times),
        max=max(times),
        cpu=statistics.median(cpu),
        peak=peak,
        runs=runs,
    )


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


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


def machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return f"{cpu_name()}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def fig(t: dict | None, key: str = "median") -> str:
    if not t:
        return "not measured"
    if "error" in t:
        return t["error"]
    return ms(t[key])


def cpu(t: dict | None) -> str:
    return ms(t["cpu"]) if t and "cpu" in t and "median" in t else "n/a"


def mib(t: dict | None) -> str:
    return f"{t['peak']:.0f} MiB" if t and "peak" in t else "n/a"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("series", "profile"), default="series")
    parser.add_argument("--sizes", default=None, help="comma-separated fact counts")
    parser.add_argument("--quick", action="store_true", help="fewer runs; 10k and 100k")
    parser.add_argument("--runs", type=int, default=None, help="warm runs per command")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--work", default=None, help="keep generated bases and results here")
    parser.add_argument("--merge", default=None, help="results.json of an earlier run to add to")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped base")
    parser.add_argument("--no-deep", action="store_true", help="skip the deep 100k base")
    parser.add_argument("--deep-dates", type=int, default=250, help="deep base: facts per pair")
    parser.add_argument("--label", default="", help="a line at the top of the report")
    parser.add_argument("--skip-cold", action="store_true", help="warm figures only")
    parser.add_argument("--no-pyyaml", action="store_true", help="skip PyYAML's pass")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per run")
    args = parser.parse_args()
    if args.shape == "profile":
        args.runs = args.runs or 5
        main_profile(args)
    else:
        main_series(args)


if __name__ == "__main__":
    main()
