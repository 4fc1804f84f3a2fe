"""schemadoc on synthetic schemas of growing size, beside pg_dump and postgresql_autodoc, on the same
databases in the same run.

    .venv/bin/python bench/scale_benchmark.py [--tables 100 1000 5000] [--runs 3]

For each size (bench/synthetic_schema.py): the schema is deployed into a throwaway server; then
``schemadoc inspect --dsn`` is timed beside ``pg_dump --schema-only`` (alternately, three times a run)
and ``postgresql_autodoc -t html``
(Debian's postgresql-autodoc, installed with apt-get when missing and possible), and so is
``schemadoc build --dsn`` of that database (read live, as postgresql_autodoc reads it); then a full
``schemadoc build`` of a project holding the schema (fresh process, no cache: it deploys the schema
first) is timed by stage, with its peak memory (VmHWM of the schemadoc process, and the largest of
its worker processes'), the site's size and its largest page. Medians of
``--runs``; the table goes to stdout and bench/results/scale.md and .json.
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import PEAK_REPORTING_RUN, compile_sources, peak_kib, write_results  # noqa: E402
from bench.synthetic_schema import generate  # noqa: E402
from introspect.postgres.cluster import throwaway_cluster  # noqa: E402
from introspect.postgres.deploy import deploy_schema  # noqa: E402

# inspect and pg_dump take about a second each: one sample of each per run is at the mercy of
# whatever else the machine does at that moment, so they alternate this many times per run.
INSPECT_PAIRS_PER_RUN = 3


def _timed(command: list[str], **kwargs: object) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - started, result


def _autodoc() -> str | None:
    found = shutil.which("postgresql_autodoc")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql-autodoc"], capture_output=True, check=False)
        found = shutil.which("postgresql_autodoc")
    return found


def _sizes(site: Path) -> tuple[int, int]:
    files = [path for path in site.rglob("*") if path.is_file()]
    pages = [path.stat().st_size for path in files if path.suffix == ".html"]
    return sum(path.stat().st_size for path in files), max(pages, default=0)


def measure(tables: int, runs: int, work: Path) -> dict[str, float]:
    """Medians for one size."""
    schema = work / f"schema_{tables}"
    schema.mkdir()
    (schema / "10_schema.sql").write_text(generate(tables), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    autodoc = _autodoc()
    project = work / f"project_{tables}"

    def fresh_project() -> None:
        shutil.rmtree(project, ignore_errors=True)
        (project / "schema").mkdir(parents=True)
        shutil.copy(schema / "10_schema.sql", project / "schema" / "10_schema.sql")
        subprocess.run([sys.executable, "-m", "introspect.cli", "-q", "init", "--title", "Synthetic"],
                       cwd=project, env=env, check=True, capture_output=True)  # fmt: skip

    with throwaway_cluster("embedded") as cluster:
        dsn = cluster.create_database("synthetic")
        deploy_schema(dsn, schema, own_server=True)
        for _ in range(runs):
            for _ in range(INSPECT_PAIRS_PER_RUN):
                seconds, result = _timed([sys.executable, "-m", "introspect.cli", "-q", "inspect", "--dsn", dsn,
                                          "-o", str(work / "catalog.json")], env=env)  # fmt: skip
                assert result.returncode == 0, result.stderr
                add("inspect --dsn s", seconds)
                seconds, result = _timed([str(cluster.bindir / "pg_dump"), "--schema-only", "-f", os.devnull, dsn])
                assert result.returncode == 0, result.stderr
                add("pg_dump --schema-only s", seconds)
            if autodoc:
                out = work / "autodoc"
                out.mkdir(exist_ok=True)
                command = [autodoc, "-d", "synthetic", "-h", str(cluster.socket_dir), "-p", str(cluster.port),
                           "-u", "postgres", "-t", "html", "-f", str(out / "synthetic")]  # fmt: skip
                seconds, result = _timed(command)
                if result.returncode == 0:
                    add("postgresql_autodoc -t html s", seconds)
            # The same database documented as postgresql_autodoc documents it: read live, no deployment.
            fresh_project()
            seconds, result = _timed([sys.executable, "-c", PEAK_REPORTING_RUN, "build", "--dsn", dsn],
                                     cwd=project, env=env)  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            add("build --dsn s", seconds)
    for _ in range(runs):
        fresh_project()
        seconds, result = _timed([sys.executable, "-c", PEAK_REPORTING_RUN, "build", "--no-cache", "--timings"],
                                 cwd=project, env=env)  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        add("build s", seconds)
        for line in result.stdout.splitlines():
            stage, _, value = line.rpartition("  ")
            if value.strip().endswith(" s") and stage.strip() and stage.strip() != "total":
                add(f"  {stage.strip()} s", float(value.strip()[:-2]))
        add("build peak RSS MB", peak_kib(result.stderr) / 1024)
        add("build peak RSS of a worker MB", peak_kib(result.stderr, "children-peak-kib") / 1024)
        total, largest = _sizes(project / "site")
        add("site MB", total / 1e6)
        add("largest page MB", largest / 1e6)
    return {name: statistics.median(values) for name, values in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    measured: dict[int, dict[str, float]] = {}
    compile_sources(REPO)
    with tempfile.TemporaryDirectory(prefix="schemadoc-bench-scale-") as scratch:
        for tables in args.tables:
            measured[tables] = measure(tables, args.runs, Path(scratch))
    rows = sorted({name for values in measured.values() for name in values}, key=lambda n: (n.startswith("  "), n))
    order = [n for n in rows if not n.startswith("  ")] + [n for n in rows if n.startswith("  ")]
    lines = ["| measurement | " + " | ".join(f"{tables} tables" for tables in measured) + " |"]
    lines.append("|---|" + "---:|" * len(measured))
    for name in order:
        cells = [f"{measured[t][name]:.2f}" if name in measured[t] else "–" for t in measured]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for tables, values in measured.items():
        if "postgresql_autodoc -t html s" in values:
            autodoc = values["postgresql_autodoc -t html s"]
            lines.append(f"\n{tables} tables: build --dsn (read live, as postgresql_autodoc) / postgresql_autodoc = "
                         f"{values['build --dsn s'] / autodoc:.2f}")  # fmt: skip
            lines.append(f"{tables} tables: build (deploying schema/ first) / postgresql_autodoc = "
                         f"{values['build s'] / autodoc:.2f}")  # fmt: skip
        ratio = values["inspect --dsn s"] / values["pg_dump --schema-only s"]
        lines.append(f"{tables} tables: inspect / pg_dump --schema-only = {ratio:.2f}")
    write_results("scale", "\n".join(lines), measured)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
