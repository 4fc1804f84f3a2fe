"""Benchmark: introspection time of a synthetic 1,000-table schema next to `pg_dump --schema-only`.

Each table has 10 columns, a primary key, a foreign key to the previous table, 2 secondary indexes
and a comment. Both tools run against the same throwaway database in the same run; the median of
a few runs is reported, printed as a table and written as JSON to bench/results/.

    .venv/bin/python bench/introspect_benchmark.py [--tables 1000] [--runs 5] [--postgres auto]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from introspect.catalog.load import load_catalog
from introspect.catalog.summary import summarize
from introspect.postgres.cluster import Cluster, throwaway_cluster
from introspect.postgres.dsn import dsn_parts

RESULTS_DIR = Path(__file__).with_name("results")
TARGET_SECONDS = 1.0
TARGET_RATIO = 2.0


def synthetic_schema(tables: int) -> str:
    """DDL of `tables` tables: 10 columns, PK, FK to the previous table, 2 indexes, a comment each."""
    statements = ["CREATE SCHEMA bench;"]
    for n in range(1, tables + 1):
        parent = f"    parent_id integer REFERENCES bench.t{n - 1:04d} (id),\n" if n > 1 else "    parent_id integer,\n"
        statements.append(
            f"CREATE TABLE bench.t{n:04d} (\n"
            "    id integer PRIMARY KEY,\n"
            f"{parent}"
            "    code text NOT NULL,\n"
            "    name varchar(80),\n"
            "    amount numeric(12, 2) DEFAULT 0,\n"
            "    created_at timestamptz NOT NULL DEFAULT now(),\n"
            "    is_active boolean NOT NULL DEFAULT true,\n"
            "    quantity integer CHECK (quantity >= 0),\n"
            "    note text,\n"
            "    payload jsonb\n"
            ");\n"
            f"CREATE INDEX t{n:04d}_code ON bench.t{n:04d} (code);\n"
            f"CREATE INDEX t{n:04d}_parent_created ON bench.t{n:04d} (parent_id, created_at DESC);\n"
            f"COMMENT ON TABLE bench.t{n:04d} IS 'Synthetic table number {n}';"
        )
    return "\n".join(statements)


def median_seconds(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    """Median wall time of `runs` calls (after one warm-up call), and every sample."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), samples


def peak_allocated_mib(action: Callable[[], object]) -> float:
    """Peak Python memory allocated while `action` runs once (tracemalloc), in MiB."""
    tracemalloc.start()
    try:
        action()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def pg_dump_action(cluster: Cluster, dsn: str) -> Callable[[], object]:
    """`pg_dump --schema-only` of the database, output discarded."""
    parts = dsn_parts(dsn)
    command = [str(cluster.bindir / "pg_dump"), "--schema-only", "--no-password", "-h", parts["host"]]
    command += ["-p", parts["port"], "-U", parts["user"], "-d", parts["dbname"], "-f", "/dev/null"]

    def run() -> object:
        return subprocess.run(command, check=True, capture_output=True)

    return run


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when the targets are met, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", choices=("auto", "embedded", "system"), default="auto")
    args = parser.parse_args(argv)

    with throwaway_cluster(binaries=args.postgres) as cluster:
        dsn = cluster.create_database("bench")
        started = time.perf_counter()
        with psycopg.connect(dsn) as conn:
            conn.execute(synthetic_schema(args.tables).encode())
        create_seconds = time.perf_counter() - started
        summary = summarize(load_catalog(dsn))
        assert summary["tables"] == args.tables and summary["indexes"] == 3 * args.tables, summary
        exact, exact_samples = median_seconds(lambda: load_catalog(dsn), args.runs)
        estimated, estimated_samples = median_seconds(lambda: load_catalog(dsn, exact_row_counts=False), args.runs)
        dump, dump_samples = median_seconds(pg_dump_action(cluster, dsn), args.runs)
        # Measured apart from the timings: tracemalloc slows allocation down.
        peak_mib = peak_allocated_mib(lambda: load_catalog(dsn))

    rows = [
        ("load_catalog (exact row counts)", exact),
        ("load_catalog (reltuples estimates)", estimated),
        ("pg_dump --schema-only", dump),
    ]
    print(
        f"PostgreSQL {cluster.version_num} ({cluster.installation.kind}), {args.tables} tables, "
        f"{summary['columns']} columns, {summary['indexes']} indexes, {summary['foreign_keys']} FKs; "
        f"median of {args.runs} runs (schema created in {create_seconds:.1f} s)"
    )
    print(f"{'':36} {'seconds':>8} {'vs pg_dump':>10}")
    for label, seconds in rows:
        print(f"{label:36} {seconds:8.3f} {seconds / dump:9.2f}x")
    print(f"{'load_catalog peak Python memory':36} {peak_mib:7.1f} MiB")
    met = exact < TARGET_SECONDS and exact <= TARGET_RATIO * dump
    print(f"target (< {TARGET_SECONDS:.0f} s and within {TARGET_RATIO:.0f}x of pg_dump): {'met' if met else 'NOT met'}")

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {
        "when": stamp,
        "server_version_num": cluster.version_num,
        "binaries": cluster.installation.kind,
        "tables": args.tables,
        "summary": summary,
        "runs": args.runs,
        "seconds": {
            "load_catalog_exact": {"median": exact, "samples": exact_samples},
            "load_catalog_estimates": {"median": estimated, "samples": estimated_samples},
            "pg_dump_schema_only": {"median": dump, "samples": dump_samples},
        },
        "load_catalog_peak_python_mib": peak_mib,
        "target_met": met,
    }
    path = RESULTS_DIR / f"introspect-{stamp}-pg{cluster.version_num // 10000}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {path}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
