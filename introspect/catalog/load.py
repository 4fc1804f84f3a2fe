"""``load_catalog``: read a live database into the catalog model with a fixed set of queries."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import IsolationLevel, sql
from psycopg.rows import dict_row

from introspect.catalog import assemble_objects as objects
from introspect.catalog import index_definition
from introspect.catalog.assemble_stats import build_statistics
from introspect.catalog.assemble_tables import build_columns, build_tables
from introspect.catalog.model import Catalog, Extension, Schema
from introspect.catalog.queries import QUERY_GROUPS, Row, Selection, query_text, run_catalog_queries
from introspect.errors import SchemadocError
from introspect.postgres.dsn import mask_password


def load_catalog(
    dsn: str,
    *,
    schemas: Sequence[str] | None = None,
    exclude_schemas: Sequence[str] | None = None,
    exact_row_counts: bool = True,
) -> Catalog:
    """Introspect the database at ``dsn`` (read only) into a Catalog.

    ``schemas``/``exclude_schemas`` are shell-style patterns (``sales``, ``tenant_*``); by default
    every user schema is read. ``exact_row_counts`` counts rows with count(*) (fine on a throwaway
    database); otherwise the planner's reltuples estimates are used.

    The queries run on several connections at once (``QUERY_GROUPS``), in READ ONLY REPEATABLE
    READ transactions that share one snapshot (exported by the first, like ``pg_dump --jobs``), so
    they see the same database state.
    """
    selection = Selection.from_globs(schemas, exclude_schemas)
    with _cycle_collection_paused():
        return _load(dsn, selection, exact_row_counts)


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading, as it was before afterwards.

    A load makes tens of thousands of row dicts and model objects, none of them in a reference
    cycle (reference counting frees them), and the collector's passes over them cost time for
    nothing: at 1,000 tables, filling in index definitions and assembling took 0.22 s with it on,
    0.20 s paused (medians of 8 alternating runs).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(dsn: str, selection: Selection, exact_row_counts: bool) -> Catalog:
    try:
        with _connect(dsn) as conn:
            snapshot = _export_snapshot(conn)
            first_group, *other_groups = QUERY_GROUPS
            with ThreadPoolExecutor(max_workers=len(other_groups)) as pool:
                others = [
                    pool.submit(_read, dsn, kinds, selection, exact_row_counts and "statistics" in kinds, snapshot)
                    for kinds in other_groups
                ]
                rows = run_catalog_queries(conn, first_group, selection)
                for other in others:
                    rows.update(other.result())
            _fill_in_index_definitions(conn, rows)
            conn.rollback()
    except psycopg.Error as exc:
        raise SchemadocError(f"cannot introspect {mask_password(dsn)}: {mask_password(str(exc).strip())}") from exc
    return assemble(rows)


def _connect(dsn: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(dsn, autocommit=False)
    conn.isolation_level = IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    return conn


def _export_snapshot(conn: psycopg.Connection[Any]) -> str:
    """The transaction's snapshot id, for the second connection (standbys export too, since PostgreSQL 10)."""
    row = conn.execute("SELECT pg_export_snapshot()").fetchone()
    assert row is not None
    return str(row[0])


def _read(
    dsn: str, kinds: Sequence[str], selection: Selection, exact_row_counts: bool, snapshot: str
) -> dict[str, list[Row]]:
    """Run catalog queries in one READ ONLY transaction on `snapshot`, rolled back afterwards."""
    with _connect(dsn) as conn:
        conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
        rows = run_catalog_queries(conn, kinds, selection, exact_row_counts=exact_row_counts)
        conn.rollback()
        return rows


def _fill_in_index_definitions(conn: psycopg.Connection[Any], rows: dict[str, list[Row]]) -> None:
    """Write the index definitions that indexes.sql left out; ask the server, in the same
    transaction (and snapshot), for those that only it can print: one statement at most."""
    left = index_definition.fill_in(
        rows["indexes"], rows["columns"], rows["opclasses"], {row["word"] for row in rows["keywords"]}
    )
    if not left:
        return
    with conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(query_text("index_definitions"), {"index_oids": left})
        printed = {row["oid"]: row["definition"] for row in cursor.fetchall()}
    for row in rows["indexes"]:
        if row["definition"] is None:
            row["definition"] = printed[row["oid"]]


def assemble(rows: dict[str, list[Row]]) -> Catalog:
    """Build the model from the rows of every catalog query (see ``queries``)."""
    server = rows["server"][0]
    columns = build_columns(rows["columns"])
    return Catalog(
        database=server["database"],
        server_version=server["server_version"],
        server_version_num=server["server_version_num"],
        schemas=tuple(
            sorted(
                (Schema(name=r["name"], owner=r["owner"], comment=r["comment"]) for r in rows["schemas"]),
                key=lambda s: s.key,
            )
        ),
        extensions=tuple(sorted((Extension(**r) for r in rows["extensions"]), key=lambda e: e.key)),
        tables=build_tables(rows["tables"], columns, rows["constraints"]),
        indexes=objects.build_indexes(rows["indexes"], rows["opclasses"]),
        views=objects.build_views(rows["views"], columns, server["server_version_num"]),
        sequences=objects.build_sequences(rows["sequences"]),
        enums=objects.build_enums(rows["enums"]),
        domains=objects.build_domains(rows["domains"]),
        functions=objects.build_functions(rows["functions"]),
        triggers=objects.build_triggers(rows["triggers"]),
        roles=objects.build_roles(rows["roles"]),
        grants=objects.build_grants(rows["grants"]),
        statistics=build_statistics(
            rows["statistics"], rows["database_size"][0]["database_bytes"], rows.get("row_counts")
        ),
    )
