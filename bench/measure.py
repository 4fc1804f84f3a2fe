"""What the benchmarks share: a schemadoc run that reports its own peak memory, and the results files."""

from __future__ import annotations

import compileall
import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"

# `python -c PEAK_REPORTING_RUN ARGS…` runs `schemadoc ARGS…` and prints, last on stderr, the peak
# resident memory of that process alone (VmHWM: not psql's or the server's), then the largest peak of
# the processes it waited for (its page-converting and drawing workers, psql).
PEAK_REPORTING_RUN = """
import resource, sys
from introspect.cli.main import exit_at_once, main
code = main(sys.argv[1:])
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"peak-kib {peak}", file=sys.stderr)
print(f"children-peak-kib {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
exit_at_once(code)  # as the schemadoc command ends
"""


def peak_kib(stderr: str, label: str = "peak-kib") -> int:
    """A peak a PEAK_REPORTING_RUN printed."""
    return int(next(line.split()[1] for line in stderr.splitlines() if line.startswith(f"{label} ")))


def write_results(name: str, table: str, data: Any) -> None:
    """Print the Markdown table and keep it, with the raw numbers, as bench/results/NAME.md and .json."""
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text(table + "\n", encoding="utf-8")
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def compile_sources(checkout: Path) -> None:
    """Write the bytecode of ``checkout``'s package, as installing a wheel does.

    A checkout run under PYTHONDONTWRITEBYTECODE (this machine sets it) would otherwise compile
    every module from source on every run, a cost no installed copy pays.
    """
    if not compileall.compile_dir(checkout / "introspect", quiet=1):
        raise SystemExit(f"{checkout / 'introspect'} does not compile")
