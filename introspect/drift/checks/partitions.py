"""Partition strategies: range by a period (bounds span that period), list or hash by a key."""

from __future__ import annotations

import re
from datetime import date

from introspect.catalog.model import Catalog, Table
from introspect.drift.checks import lookup
from introspect.drift.model import FAIL, PASS, Claim, ClaimResult

# Period words -> accepted span of one range partition, in days.
PERIOD_DAYS = {
    "day": (1, 1),
    "week": (7, 7),
    "month": (28, 31),
    "quarter": (89, 92),
    "year": (365, 366),
}
_DATE_BOUNDS = re.compile(r"FROM \('(\d{4}-\d{2}-\d{2})[^']*'\) TO \('(\d{4}-\d{2}-\d{2})[^']*'\)")


def _children(catalog: Catalog, parent: Table) -> list[Table]:
    return [t for t in catalog.tables if t.parent == parent.key]


def _span_days(bound: str) -> int | None:
    match = _DATE_BOUNDS.search(bound)
    if not match:
        return None
    start, end = (date.fromisoformat(g) for g in match.groups())
    return (end - start).days


def _check_period(parent: Table, children: list[Table], period: str) -> tuple[bool, str]:
    low, high = PERIOD_DAYS[period]
    bounded = [c for c in children if not c.is_default_partition]
    spans = {c.name: _span_days(c.partition_bound or "") for c in bounded}
    wrong = [
        f"{name} ({'no date bounds' if days is None else f'{days} days'})"
        for name, days in spans.items()
        if days is None or not low <= days <= high
    ]
    if not bounded:
        return False, "no bounded partitions"
    if wrong:
        return False, f"partitions not one {period} long: {', '.join(wrong)}"
    return True, f"{len(bounded)} partitions of one {period} each"


def check_partition(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A partitioned table with the stated strategy and, when the bullet says "by X", that key."""
    parent = lookup.table(catalog, claim.subject)
    if parent is None:
        return ClaimResult(claim, FAIL, f"no table named {claim.subject}")
    key = parent.partition_key
    if key is None:
        return ClaimResult(claim, FAIL, f"{lookup.describe(parent)}, which is not partitioned")
    children = _children(catalog, parent)
    summary = f"{parent.key} partitioned {key.definition} into {len(children)} partitions"
    if key.strategy != claim.stated:
        return ClaimResult(claim, FAIL, f"{summary}, not {claim.stated.upper()}")
    by = re.search(r"\bby\s+([a-z_]+)", claim.context.lower())
    if by:
        word = by.group(1)
        if word in PERIOD_DAYS:
            ok, detail = _check_period(parent, children, word)
            return ClaimResult(claim, PASS if ok else FAIL, f"{summary}: {detail}")
        if not any(word in column.lower() for column in key.columns):
            return ClaimResult(claim, FAIL, f"{summary}: the key does not involve {word}")
    if key.strategy == "hash" and len(children) < 2:
        return ClaimResult(claim, FAIL, f"{summary}: a hash split needs two partitions or more")
    return ClaimResult(claim, PASS, summary)
