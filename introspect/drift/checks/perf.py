"""Query-time targets: each ``schema/queries/<row>.sql`` timed on the sample data, median vs target."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import psycopg

from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, Claim, ClaimResult, format_ms, parse_quantity

TIMED_RUNS = 5  # after one untimed warm-up run (caches, plans)
STATEMENT_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class QueryTiming:
    """The timed runs of one query file: wall-clock milliseconds of execute + fetch."""

    query: str  # the file's stem, e.g. "product_search"
    runs_ms: tuple[float, ...] = ()
    rows: int = 0
    error: str | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)


def query_slug(label: str) -> str:
    """The query file stem of a table row: "Simple SELECT by PK" → "simple_select_by_pk"."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def time_queries(dsn: str, queries_dir: Path, slugs: Iterable[str], runs: int = TIMED_RUNS) -> dict[str, QueryTiming]:
    """Run each existing query file once untimed, then ``runs`` times timed, each in a rolled-back transaction."""
    timings: dict[str, QueryTiming] = {}
    with psycopg.connect(dsn, autocommit=False) as conn:
        conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        conn.commit()
        for slug in slugs:
            path = queries_dir / f"{slug}.sql"
            if not path.is_file():
                continue
            sql = path.read_text(encoding="utf-8")
            durations: list[float] = []
            rows = 0
            try:
                for attempt in range(runs + 1):
                    started = time.perf_counter()
                    with conn.cursor() as cur:
                        cur.execute(sql.encode())
                        rows = len(cur.fetchall()) if cur.description else 0
                    elapsed = (time.perf_counter() - started) * 1000
                    conn.rollback()
                    if attempt:
                        durations.append(elapsed)
            except psycopg.Error as exc:
                conn.rollback()
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                timings[slug] = QueryTiming(slug, error=first_line)
                continue
            timings[slug] = QueryTiming(slug, tuple(durations), rows)
    return timings


def check_query_target(claim: Claim, queries_dir: Path, timings: Mapping[str, QueryTiming] | None) -> ClaimResult:
    """A target such as "< 50 ms": the query file exists, and (when timed) its median is below it."""
    target = parse_quantity(claim.stated)
    if target is None or target.unit != "ms":
        return ClaimResult(claim, UNCHECKED, f"target {claim.stated!r} is not a duration")
    slug = query_slug(claim.subject)
    path = queries_dir / f"{slug}.sql"
    if not path.is_file():
        return ClaimResult(claim, FAIL, f"no query file {path} to time")
    if timings is None:
        return ClaimResult(claim, SKIPPED, f"{path.name} not timed (run with --perf)")
    timing = timings.get(slug)
    if timing is None:
        return ClaimResult(claim, SKIPPED, f"{path.name} not timed")
    if timing.error:
        return ClaimResult(claim, FAIL, f"{path.name} failing: {timing.error}")
    median = timing.median_ms
    ok = target.accepts(median) if target.qualifier != "exact" else median <= target.value
    runs = ", ".join(format_ms(r) for r in timing.runs_ms)
    return ClaimResult(
        claim,
        PASS if ok else FAIL,
        f"{path.name} median {format_ms(median)} over {len(timing.runs_ms)} runs ({runs}); {timing.rows} rows",
    )
