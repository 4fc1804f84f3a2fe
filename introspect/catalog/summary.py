"""Object counts of a catalog, as ``schemadoc inspect --summary`` prints them.

"Declared" means written once by the schema author: the index, FK, trigger and CHECK copies that
PostgreSQL makes on each partition are not counted (the model never holds them as objects).
"""

from __future__ import annotations

from introspect.catalog.model import Catalog

SUMMARY_KEYS = (
    "tables",
    "partitioned_tables",
    "partitions",
    "columns",
    "foreign_keys",
    "indexes",
    "views",
    "materialized_views",
    "functions",
    "triggers",
    "sequences",
    "enums",
    "domains",
    "check_constraints",
    "extensions",
)


def summarize(catalog: Catalog) -> dict[str, int]:
    """Counts of user objects, keyed exactly by SUMMARY_KEYS, in that order."""
    top_level = catalog.top_level_tables()
    declared_constraints = [c for t in catalog.tables for c in t.constraints]
    counts = {
        "tables": sum(1 for t in top_level if t.kind == "table"),
        "partitioned_tables": sum(1 for t in top_level if t.kind == "partitioned_table"),
        "partitions": sum(1 for t in catalog.tables if t.is_partition),
        "columns": sum(len(t.columns) for t in top_level),
        "foreign_keys": sum(1 for c in declared_constraints if c.kind == "foreign_key"),
        "indexes": len(catalog.indexes),
        "views": sum(1 for v in catalog.views if v.kind == "view"),
        "materialized_views": sum(1 for v in catalog.views if v.kind == "materialized_view"),
        "functions": len(catalog.functions),
        "triggers": len(catalog.triggers),
        "sequences": len(catalog.sequences),
        "enums": len(catalog.enums),
        "domains": len(catalog.domains),
        "check_constraints": sum(1 for c in declared_constraints if c.kind == "check"),
        "extensions": len(catalog.extensions),
    }
    assert tuple(counts) == SUMMARY_KEYS
    return counts
