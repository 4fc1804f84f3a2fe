"""The catalog queries (``sql/<kind>.sql``) and how to run them: a fixed number per catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

SQL_DIR = Path(__file__).with_name("sql")

# Lists of queries, run at the same time on as many connections sharing one snapshot; each starts
# with "schemas", whose oids restrict every later query. The split balances their time on a cold
# connection, where the first reads of the catalog dominate (the size functions of "statistics"
# open every relation); a third connection was slower on two cores.
QUERY_GROUPS = (
    (
        "server",
        "schemas",
        "extensions",
        "tables",
        "columns",
        "constraints",
        "views",
        "sequences",
        "enums",
        "domains",
        "functions",
        "triggers",
        "roles",
        "grants",
        "database_size",
    ),
    ("schemas", "opclasses", "keywords", "indexes", "statistics"),
)
ALL_KINDS = tuple(dict.fromkeys(kind for group in QUERY_GROUPS for kind in group))

# Session settings that change how pg_get_expr/format_type print values: fixed so that the same
# schema gives the same text on any server (types in "public" print unqualified, like the model's
# examples; dates and timestamps in ISO form and UTC, e.g. in partition bounds and defaults).
SESSION_SETTINGS = {
    "search_path": "public",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "TimeZone": "UTC",
    "extra_float_digits": "1",
    "bytea_output": "hex",
    "quote_all_identifiers": "off",
}

Row = dict[str, Any]


@cache
def query_text(kind: str) -> str:
    """The SQL of one catalog query."""
    return (SQL_DIR / f"{kind}.sql").read_text(encoding="utf-8")


def glob_to_like(pattern: str) -> str:
    """A shell-style schema pattern (``*``, ``?``) as a SQL LIKE pattern with ``\\`` escapes."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


@dataclass(frozen=True)
class Selection:
    """Which schemas to introspect: LIKE patterns to include (None: all) and to exclude."""

    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_globs(cls, schemas: Sequence[str] | None, exclude_schemas: Sequence[str] | None) -> Selection:
        """Build a selection from shell-style patterns as given on the command line."""
        include = tuple(glob_to_like(p) for p in schemas) if schemas else None
        return cls(include=include, exclude=tuple(glob_to_like(p) for p in exclude_schemas or ()))


def run_catalog_queries(
    conn: psycopg.Connection[Any], kinds: Sequence[str], selection: Selection, *, exact_row_counts: bool = False
) -> dict[str, list[Row]]:
    """Run these catalog queries once each, inside the connection's current transaction.

    With ``exact_row_counts`` (after "statistics"), two more statements: one that writes the counting
    query for the non-empty relations, and that query (a single UNION ALL of count(*) per table), so
    the number of statements stays fixed.
    """
    results: dict[str, list[Row]] = {}
    with conn.cursor(row_factory=dict_row) as cursor:
        settings = ", ".join(f"set_config('{name}', %s, true)" for name in SESSION_SETTINGS)
        cursor.execute(f"SELECT {settings}", tuple(SESSION_SETTINGS.values()))
        params: dict[str, Any] = {
            "include": list(selection.include) if selection.include is not None else None,
            "exclude": list(selection.exclude),
        }
        for kind in kinds:
            cursor.execute(query_text(kind), params)
            results[kind] = cursor.fetchall()
            if kind == "schemas":
                params["namespaces"] = [row["oid"] for row in results[kind]]
        if exact_row_counts:  # "row_counts" present: exact counts; absent: estimates only
            results["row_counts"] = []
            params["countable_oids"] = [
                row["oid"] for row in results.get("statistics", ()) if row["countable"] and row["heap_bytes"] > 0
            ]
            cursor.execute(query_text("row_counts"), params)
            count_query = cursor.fetchone()
            if count_query and count_query["query"]:
                cursor.execute(count_query["query"], prepare=False)
                results["row_counts"] = cursor.fetchall()
    return results
