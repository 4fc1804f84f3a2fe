"""The table-size table and the index overhead, against the statistics of the sample data."""

from __future__ import annotations

from introspect.catalog.model import Catalog
from introspect.drift.checks import lookup
from introspect.drift.checks.counts import SIZE_TOLERANCE, size_matches
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult, Quantity, format_bytes, parse_quantity

ROW_TOLERANCE = 0.20  # "10,000" rows with sample data: within ±20%


def check_table_rows(claim: Claim, catalog: Catalog) -> ClaimResult:
    """Row count of a table in the sample data: within ±20% of the figure, or at least "N+"."""
    quantity = parse_quantity(claim.stated)
    if quantity is None:
        return ClaimResult(claim, UNCHECKED, "no figure found")
    table = lookup.table(catalog, claim.subject)
    if table is None:
        return ClaimResult(claim, FAIL, f"no table named {claim.subject}")
    stats = catalog.relation_stats(table.key)
    if stats is None or stats.rows < 0:
        return ClaimResult(claim, UNCHECKED, f"no row count for {table.key} in this catalog")
    if quantity.qualifier in ("exact", "approx"):
        quantity = Quantity(quantity.value, "approx", quantity.unit, quantity.written)
    ok = quantity.accepts(stats.rows, tolerance=ROW_TOLERANCE)
    stated = quantity.describe(ROW_TOLERANCE)
    return ClaimResult(claim, PASS if ok else FAIL, f"{stats.rows:,} rows in {table.key} (stated {stated})")


def check_table_size(claim: Claim, catalog: Catalog) -> ClaimResult:
    """Size of a table without its indexes (heap + TOAST), within ±50% of the stated size."""
    quantity = parse_quantity(claim.stated)
    if quantity is None or quantity.unit != "bytes":
        return ClaimResult(claim, UNCHECKED, "no size with a unit found")
    table = lookup.table(catalog, claim.subject)
    if table is None:
        return ClaimResult(claim, FAIL, f"no table named {claim.subject}")
    measured = _table_bytes(catalog, table.key)
    if measured is None:
        return ClaimResult(claim, UNCHECKED, f"no size statistics for {table.key}")
    ok, stated = size_matches(quantity, measured)
    return ClaimResult(claim, PASS if ok else FAIL, f"{format_bytes(measured)} for {table.key} (stated {stated})")


def _table_bytes(catalog: Catalog, key: str) -> int | None:
    stats = catalog.relation_stats(key)
    if stats is None:
        return None
    return stats.heap_bytes + stats.toast_bytes


def check_index_ratio(claim: Claim, catalog: Catalog) -> ClaimResult:
    """Total index size over total table size (tables and partitions, heap + TOAST), ±50% of the figure."""
    quantity = parse_quantity(claim.stated)
    if quantity is None or quantity.unit != "%":
        return ClaimResult(claim, UNCHECKED, "no percentage found")
    rows = [s for s in catalog.statistics.relations if s.kind in ("table", "partition")]
    table_bytes = sum(s.heap_bytes + s.toast_bytes for s in rows)
    index_bytes = sum(s.index_bytes for s in rows)
    if table_bytes <= 0:
        return ClaimResult(claim, UNCHECKED, "no size statistics in this catalog")
    ratio = 100.0 * index_bytes / table_bytes
    approx = Quantity(quantity.value, "approx", "%", quantity.written)
    ok = (
        approx.accepts(ratio, tolerance=SIZE_TOLERANCE) if quantity.qualifier != "at_least" else ratio >= quantity.value
    )
    return ClaimResult(
        claim,
        PASS if ok else FAIL,
        f"indexes {format_bytes(index_bytes)} = {ratio:.0f}% of tables {format_bytes(table_bytes)}"
        f" (stated {quantity.written}, read as {approx.describe(SIZE_TOLERANCE)})",
    )
