"""Counts with their qualifiers ("12", "60+", "~130"), the database size and the server version."""

from __future__ import annotations

from introspect.catalog.model import Catalog, Index, Table
from introspect.catalog.summary import summarize
from introspect.drift.checks import lookup
from introspect.drift.checks.objects import index_kind_holds
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
    "functions": "functions",
    "routines": "functions and procedures",
    "procedures": "procedures",
    "check_constraints": "declared CHECK constraints",
    "primary_keys": "primary keys",
    "unique_constraints": "unique constraints",
    "types": "enums and domains",
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


def _kind_counts(catalog: Catalog) -> dict[str, int]:
    """Every countable kind of the whole database."""
    counts = summarize(catalog)
    # "~130 columns across all tables" counts the columns of the primary (ordinary) tables.
    counts["columns"] = sum(len(t.columns) for t in catalog.top_level_tables() if t.kind == "table")
    counts["routines"] = len(catalog.functions)
    counts["functions"] = sum(1 for f in catalog.functions if f.kind == "function")
    counts["procedures"] = sum(1 for f in catalog.functions if f.kind == "procedure")
    counts["types"] = counts["enums"] + counts["domains"]
    counts["schemas"] = len(catalog.schemas)
    counts["roles"] = len(catalog.roles)
    constraints = [c for t in catalog.tables for c in t.constraints]
    counts["primary_keys"] = sum(1 for c in constraints if c.kind == "primary_key")
    counts["unique_constraints"] = sum(1 for c in constraints if c.kind == "unique")
    return counts


def _index_matches(index: Index, wanted: list[str]) -> bool:
    return all(index_kind_holds(word, index) for word in wanted)


def _scoped(catalog: Catalog, kind: str, scope: str, wanted: list[str]) -> tuple[int, str] | str:
    """How many objects of a kind a table or schema holds, or why that cannot be counted."""
    relation = next(iter(lookup.relations(catalog, scope)), None)
    if relation is None:
        schema = next((s for s in catalog.schemas if s.name == scope), None)
        if schema is None:
            return f"no table, view or schema named {scope}"
        members: dict[str, list[object]] = {
            "tables": [t for t in catalog.top_level_tables() if t.kind == "table" and t.schema == scope],
            "partitioned_tables": [
                t for t in catalog.top_level_tables() if t.kind == "partitioned_table" and t.schema == scope
            ],
            "views": [v for v in catalog.views if v.kind == "view" and v.schema == scope],
            "materialized_views": [v for v in catalog.views if v.kind == "materialized_view" and v.schema == scope],
            "functions": [f for f in catalog.functions if f.kind == "function" and f.schema == scope],
            "procedures": [f for f in catalog.functions if f.kind == "procedure" and f.schema == scope],
            "routines": [f for f in catalog.functions if f.schema == scope],
            "indexes": [i for i in catalog.indexes if i.schema == scope and _index_matches(i, wanted)],
            "sequences": [s for s in catalog.sequences if s.schema == scope],
            "enums": [e for e in catalog.enums if e.schema == scope],
            "domains": [d for d in catalog.domains if d.schema == scope],
        }
        if kind not in members:
            return f"{kind.replace('_', ' ')} are not counted per schema"
        return len(members[kind]), f"in schema {scope}"
    constraints = relation.constraints if isinstance(relation, Table) else ()
    per_relation = {
        "columns": len(relation.columns),
        "indexes": sum(1 for i in catalog.indexes_on(relation.key) if _index_matches(i, wanted)),
        "triggers": len(catalog.triggers_on(relation.key)),
        "partitions": len(relation.partitions) if isinstance(relation, Table) else 0,
        "foreign_keys": sum(1 for c in constraints if c.kind == "foreign_key"),
        "check_constraints": sum(1 for c in constraints if c.kind == "check"),
        "primary_keys": sum(1 for c in constraints if c.kind == "primary_key"),
        "unique_constraints": sum(1 for c in constraints if c.kind == "unique"),
    }
    if kind not in per_relation:
        return f"{kind.replace('_', ' ')} are not counted per table"
    return per_relation[kind], f"on {lookup.describe(relation)}"


def check_count(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A stated number of objects of a kind — in the whole database, on a table or in a schema."""
    if claim.param("qualifier"):
        quantity: Quantity | None = Quantity(float(claim.param("value")), claim.param("qualifier"), "", claim.stated)
    else:
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
    wanted = [w for w in claim.param("filter").split(",") if w]
    words = METRIC_WORDS.get(claim.subject, claim.subject.replace("_", " "))
    if wanted:
        words = f"{' '.join(wanted)} {words}"
    scope = claim.param("scope")
    if scope:
        counted = _scoped(catalog, claim.subject, scope, wanted)
        if isinstance(counted, str):
            failed = counted.startswith("no ")
            return ClaimResult(claim, FAIL if failed else UNCHECKED, counted)
        measured_count, where = counted
        words = f"{' '.join(wanted)} {claim.subject.replace('_', ' ')} {where}".strip()
    elif wanted:
        measured_count = sum(1 for i in catalog.indexes if _index_matches(i, wanted))
    else:
        counts = _kind_counts(catalog)
        if claim.subject not in counts:
            return ClaimResult(claim, UNCHECKED, f"{claim.subject} are not counted")
        measured_count = counts[claim.subject]
    ok = quantity.accepts(measured_count)
    return ClaimResult(claim, PASS if ok else FAIL, f"{measured_count} {words} (stated {quantity.describe()})")


def check_server_version(claim: Claim, catalog: Catalog) -> ClaimResult:
    """ "PostgreSQL 15+": the server the schema was deployed on is at least that major version."""
    quantity = parse_quantity(claim.stated)
    if quantity is None:
        return ClaimResult(claim, UNCHECKED, "no version number found")
    major = catalog.server_version_num // 10000
    ok = major >= quantity.value if quantity.qualifier == "at_least" else major == int(quantity.value)
    return ClaimResult(claim, PASS if ok else FAIL, f"PostgreSQL {catalog.server_version}")
