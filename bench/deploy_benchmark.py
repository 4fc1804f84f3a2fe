"""`schemadoc deploy` of three kinds of source, timed, with the peak memory of schemadoc's own
process, side by side with another checkout of schemadoc (before/after on the same machine).

    .venv/bin/python bench/deploy_benchmark.py [--runs 3] [--large-mb 500] [--baseline /path/to/older/checkout]

Sources: the canonical schema with its sample data; pagila's schema (from ../shared/corpus, when
present); a generated plain dump of ``--large-mb`` MB, almost all of it COPY data. Each deploy runs
in a fresh process on a throwaway server; the peak resident memory is that process's own
(``VmHWM``), not psql's or the server's. Medians; written to bench/results/deploy.md and .json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.measure import PEAK_REPORTING_RUN, peak_kib, write_results  # noqa: E402

PAGILA = REPO.parent / "shared" / "corpus" / "pagila" / "pagila-schema.sql"


def write_large_dump(path: Path, megabytes: int) -> None:
    """A plain dump: two tables, one COPY block of about ``megabytes`` MB, an index built afterwards."""
    row = "\t".join(["{}", "customer-{}", "x" * 180]) + "\n"
    rows = megabytes * (1 << 20) // len(row.format(1_000_000, 1_000_000))
    with path.open("w", encoding="utf-8") as out:
        out.write("--\n-- PostgreSQL database dump\n--\nSET client_encoding = 'UTF8';\n")
        out.write("CREATE TABLE public.events (event_id bigint NOT NULL, source text, payload text);\n")
        out.write("CREATE TABLE public.notes (note_id integer PRIMARY KEY, body text);\n")
        out.write("COPY public.events (event_id, source, payload) FROM stdin;\n")
        for number in range(rows):
            out.write(row.format(number, number % 1000))
        out.write("\\.\n\nALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY (event_id);\n")


def deploy(checkout: Path, source: Path, *, sample_data: bool) -> tuple[float, int]:
    """Seconds and peak KiB of one `schemadoc deploy` of ``source`` by ``checkout``."""
    command = [sys.executable, "-c", PEAK_REPORTING_RUN, "deploy", "-q", "--schema-dir", str(source)]
    command += ["--sample-data"] if sample_data else []
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        return elapsed, -1  # a failed deploy is reported as such, not timed as a success
    return elapsed, peak_kib(result.stderr)


def measure(checkout: Path, sources: dict[str, tuple[Path, bool]], runs: int) -> dict[str, dict[str, float]]:
    """Median seconds and the largest peak MB per source."""
    results: dict[str, dict[str, float]] = {}
    for name, (source, sample_data) in sources.items():
        times, peaks = [], []
        for _ in range(runs if "MB dump" not in name else 1):
            seconds, peak = deploy(checkout, source, sample_data=sample_data)
            times.append(seconds)
            peaks.append(peak)
        failed = min(peaks) < 0
        results[name] = {
            "seconds": statistics.median(times),
            "peak_mb": -1.0 if failed else max(peaks) / 1024,
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large-mb", type=int, default=500)
    parser.add_argument("--baseline", type=Path, help="another schemadoc checkout to measure the same way")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="schemadoc-bench-deploy-") as scratch:
        # Each source alone in a directory: older checkouts take only directories.
        large = Path(scratch) / "large" / "dump.sql"
        large.parent.mkdir()
        write_large_dump(large, args.large_mb)
        sources = {"canonical schema + sample data": (REPO / "schema", True)}
        if PAGILA.is_file():
            (Path(scratch) / "pagila").mkdir()
            (Path(scratch) / "pagila" / PAGILA.name).symlink_to(PAGILA)
            sources["pagila schema"] = (Path(scratch) / "pagila", False)
        sources[f"{args.large_mb} MB dump"] = (large.parent, False)
        checkouts = {"this checkout": REPO, **({"baseline": args.baseline} if args.baseline else {})}
        measured = {label: measure(path, sources, args.runs) for label, path in checkouts.items()}
    lines = ["| source | " + " | ".join(f"{label} s | {label} peak MB" for label in measured) + " |"]
    lines.append("|---|" + "---|---|" * len(measured))
    for name in sources:
        cells = []
        for label in measured:
            value = measured[label][name]
            failed = value["peak_mb"] < 0
            cells += ["failed", "–"] if failed else [f"{value['seconds']:.2f}", f"{value['peak_mb']:.0f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    write_results("deploy", "\n".join(lines), measured)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
