"""Partition strategies: range by a period (bounds span that period), list or hash by a key."""

from __future__ import annotations

import re
from datetime import date

from introspect.catalog.model import Catalog, Table
from introspect.drift.checks import lookup
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult
from introspect.drift.vocabulary import number_value

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


def _key_involves(catalog: Catalog, parent: Table, word: str) -> bool:
    """Whether a partition key involves a stated column or word ("tier", "date": a date-typed key)."""
    key = parent.partition_key
    assert key is not None
    word = word.strip('"').lower()
    if any(word == column.lower() or word in column.lower() for column in key.columns):
        return True
    if word in ("date", "time", "timestamp"):
        types = {c.name: c.data_type for c in parent.columns}
        return any(types.get(column, "").startswith(("date", "timestamp")) for column in key.columns)
    return False


def check_partition(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A partitioned table with the stated strategy, key, period of its range bounds, number of
    partitions and default partition — each only where the statement states it."""
    parent = lookup.table(catalog, claim.subject)
    if parent is None:
        return ClaimResult(claim, FAIL, f"no table named {claim.subject}", missing=True)
    key = parent.partition_key
    if key is None:
        return ClaimResult(claim, FAIL, f"{lookup.describe(parent)}, which is not partitioned")
    children = _children(catalog, parent)
    summary = f"{parent.key} partitioned {key.definition} into {len(children)} partitions"
    if claim.stated and key.strategy != claim.stated:
        return ClaimResult(claim, FAIL, f"{summary}, not {claim.stated.upper()}")
    period = claim.param("period")
    if period:
        ok, detail = _check_period(parent, children, period)
        if not ok:
            return ClaimResult(claim, FAIL, f"{summary}: {detail}")
        summary = f"{summary}: {detail}"
    key_word = claim.param("key")
    if key_word and not _key_involves(catalog, parent, key_word):
        return ClaimResult(claim, FAIL, f"{summary}: the key does not involve {key_word}")
    if claim.param("default"):
        default = [c for c in children if c.is_default_partition]
        if not default:
            return ClaimResult(claim, FAIL, f"{summary}, with no default partition")
        summary = f"{summary}, default partition {default[0].key}"
    stated_count = claim.param("partitions")
    if stated_count:
        value = number_value(stated_count)
        if value is None:
            return ClaimResult(claim, UNCHECKED, f"{summary}; {stated_count!r} is not a number")
        if value != len(children):
            return ClaimResult(claim, FAIL, f"{summary}, not {stated_count}")
    if key.strategy == "hash" and len(children) < 2:
        return ClaimResult(claim, FAIL, f"{summary}: a hash split needs two partitions or more")
    return ClaimResult(claim, PASS, summary)
