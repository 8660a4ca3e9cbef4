"""Running and timing commands for the benchmark suites, and the figures' formats."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ROOT = HERE.parent
C5LENS = str(Path(sys.executable).parent / "c5lens")
SUBJECT = "country-03"

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
