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
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from profile_suite import main_profile  # noqa: E402
from series_suite import main_series  # noqa: E402
from timing import ROOT  # noqa: E402


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
