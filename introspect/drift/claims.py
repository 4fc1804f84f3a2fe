"""Verify the overview's claims against a catalog: one checker per topic, one verdict per claim."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from introspect.catalog.model import Catalog
from introspect.drift.checks import access, counts, integrity, objects, partitions, perf, sizes
from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, Claim, ClaimResult

Checker = Callable[[Claim, Catalog], ClaimResult]

CHECKERS: dict[str, Checker] = {
    "count": counts.check_count,
    "server_version": counts.check_server_version,
    "unchecked": counts.check_unchecked,
    "object": objects.check_object,
    "column": objects.check_column,
    "soft_delete": objects.check_soft_delete,
    "self_reference": objects.check_self_reference,
    "index_kind": objects.check_index_kind,
    "mv_unique_index": objects.check_mv_unique_index,
    "partition": partitions.check_partition,
    "delete_rule": integrity.check_delete_rule,
    "check": integrity.check_expression,
    "check_topic": integrity.check_topic,
    "audit_trigger": integrity.check_audit_trigger,
    "grant": access.check_grant,
    "table_rows": sizes.check_table_rows,
    "table_size": sizes.check_table_size,
    "index_ratio": sizes.check_index_ratio,
}

STATUS_ORDER = (FAIL, UNCHECKED, SKIPPED, PASS)


def query_slugs(claims: Iterable[Claim]) -> list[str]:
    """The query files the overview's performance targets refer to."""
    return [perf.query_slug(c.subject) for c in claims if c.topic == "query_target"]


def evaluate(
    claims: Iterable[Claim],
    catalog: Catalog,
    *,
    queries_dir: Path,
    timings: Mapping[str, perf.QueryTiming] | None = None,
) -> list[ClaimResult]:
    """A verdict for every claim, in overview order; ``timings`` None means perf was not measured."""
    results = []
    for claim in claims:
        if claim.topic == "query_target":
            results.append(perf.check_query_target(claim, queries_dir, timings))
        else:
            results.append(CHECKERS[claim.topic](claim, catalog))
    return results


def tally(results: Iterable[ClaimResult]) -> dict[str, int]:
    """How many claims got each verdict, failures first."""
    counts_by_status = dict.fromkeys(STATUS_ORDER, 0)
    for result in results:
        counts_by_status[result.status] += 1
    return counts_by_status
