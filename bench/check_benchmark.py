"""Cold and warm `schemadoc check`, and a cold `schemadoc build`, of this repository, side by side with
another checkout of schemadoc (for a before/after comparison on the same machine in the same run).

    .venv/bin/python bench/check_benchmark.py --runs 3 [--baseline /path/to/older/checkout]

Each checkout is copied to a temporary directory (so builds never touch the working tree) and each
command runs there in a fresh process with its own empty deployment cache (``SCHEMADOC_CACHE_DIR``),
so "cold" deploys the schema and its sample data and "warm" reuses the deployment a first run cached.
Medians of ``--runs`` runs; the table is printed and written to bench/results/check.md and .json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.measure import compile_sources, write_results  # noqa: E402


def _run(command: list[str], checkout: Path, cache: Path) -> float:
    env = {**os.environ, "SCHEMADOC_CACHE_DIR": str(cache), "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "introspect.cli", "-q", *command], cwd=checkout, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    # check exits 1 on drift, which is a measurement; a crash (also 1, from Python) is not
    allowed = (0, 1) if command[0] == "check" else (0,)
    if result.returncode not in allowed or "Traceback (most recent call last)" in result.stderr:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def measure(source: Path, runs: int) -> dict[str, float]:
    """Median seconds of a cold build, a cold check and a warm check of a copy of ``source``."""
    cold_build, cold_check, warm_check = [], [], []
    with tempfile.TemporaryDirectory(prefix="schemadoc-bench-") as scratch:
        checkout = Path(scratch) / "checkout"
        shutil.copytree(source, checkout, ignore=shutil.ignore_patterns(".git", ".venv", "site", "__pycache__"))
        compile_sources(checkout)
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="schemadoc-bench-cache-") as cache:
                cold_check.append(_run(["check"], checkout, Path(cache)))
                warm_check.append(_run(["check"], checkout, Path(cache)))
            with tempfile.TemporaryDirectory(prefix="schemadoc-bench-cache-") as cache:
                cold_build.append(_run(["build"], checkout, Path(cache)))
    return {
        "cold build": statistics.median(cold_build),
        "cold check": statistics.median(cold_check),
        "warm check": statistics.median(warm_check),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another schemadoc checkout to measure in the same run")
    args = parser.parse_args(argv)
    columns = {"this checkout": measure(REPO, args.runs)}
    if args.baseline:
        columns = {"baseline": measure(args.baseline.resolve(), args.runs), **columns}
    names = list(columns)
    lines = ["| measurement | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for row in columns[names[0]]:
        lines.append(f"| {row} | " + " | ".join(f"{columns[n][row]:.2f} s" for n in names) + " |")
    ours = columns["this checkout"]
    lines.append(f"\nwarm check / cold check: {ours['warm check'] / ours['cold check']:.2f}")
    if args.baseline:
        lines.append(
            f"cold build, this checkout / baseline: {ours['cold build'] / columns['baseline']['cold build']:.2f}"
        )
    write_results("check", "\n".join(lines), {"runs": args.runs, **columns})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
