"""Counts with their qualifiers ("12", "60+", "~130"), the database size and the server version."""

from __future__ import annotations

from introspect.catalog.model import Catalog
from introspect.catalog.summary import summarize
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult, Quantity, format_bytes, parse_quantity

# On-disk sizes depend on the server version, page layout and TOAST decisions, so a stated size
# is read as an estimate: it passes within ±50% of the measured size (a factor-of-two check).
SIZE_TOLERANCE = 0.50

METRIC_WORDS = {
    "tables": "ordinary tables",
    "partitioned_tables": "partitioned tables",
    "partitions": "partitions",
    "columns": "columns on ordinary tables",
    "foreign_keys": "declared foreign keys",
    "indexes": "declared indexes",
    "views": "views",
    "materialized_views": "materialized views",
    "functions": "functions and procedures",
    "triggers": "declared triggers",
    "sequences": "sequences",
}


def size_matches(quantity: Quantity, measured: float) -> tuple[bool, str]:
    """Whether a measured size fits a stated one ("~50 MB", "2 MB": ±50%; "20 MB+": at least)."""
    if quantity.qualifier in ("at_least", "below"):
        return quantity.accepts(measured), quantity.describe()
    approx = Quantity(quantity.value, "approx", quantity.unit, quantity.written)
    low, high = format_bytes(quantity.value * (1 - SIZE_TOLERANCE)), format_bytes(quantity.value * (1 + SIZE_TOLERANCE))
    return approx.accepts(measured, tolerance=SIZE_TOLERANCE), f"{quantity.written}: {low}–{high}"


def check_count(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A figure from the key statistics, compared with the catalog summary."""
    quantity = parse_quantity(claim.stated)
    if quantity is None:
        return ClaimResult(claim, UNCHECKED, "no figure found in the statement")
    if claim.subject == "database_size":
        if quantity.unit != "bytes":
            return ClaimResult(claim, UNCHECKED, "a database size needs a unit such as MB")
        measured = catalog.statistics.database_bytes
        if measured <= 0:
            return ClaimResult(claim, UNCHECKED, "no size statistics in this catalog")
        ok, stated = size_matches(quantity, measured)
        return ClaimResult(claim, PASS if ok else FAIL, f"{format_bytes(measured)} (stated {stated})")
    counts = summarize(catalog)
    # "~130 columns across all tables" counts the columns of the primary (ordinary) tables.
    counts["columns"] = sum(len(t.columns) for t in catalog.top_level_tables() if t.kind == "table")
    measured_count = counts[claim.subject]
    ok = quantity.accepts(measured_count)
    words = METRIC_WORDS.get(claim.subject, claim.subject.replace("_", " "))
    return ClaimResult(
        claim,
        PASS if ok else FAIL,
        f"{measured_count} {words} (stated {quantity.describe()})",
    )


def check_server_version(claim: Claim, catalog: Catalog) -> ClaimResult:
    """ "PostgreSQL 15+": the server the schema was deployed on is at least that major version."""
    quantity = parse_quantity(claim.stated)
    if quantity is None:
        return ClaimResult(claim, UNCHECKED, "no version number found")
    major = catalog.server_version_num // 10000
    ok = major >= quantity.value if quantity.qualifier == "at_least" else major == int(quantity.value)
    return ClaimResult(claim, PASS if ok else FAIL, f"PostgreSQL {catalog.server_version}")


def check_unchecked(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A figure no checker can interpret (design capacity, growth rates, dates): listed, not passed."""
    return ClaimResult(claim, UNCHECKED, "no way to measure this figure in the database")
