"""``load_catalog``: read a live database into the catalog model with a fixed set of queries."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import psycopg

from introspect.catalog import assemble_objects as objects
from introspect.catalog.assemble_stats import build_statistics
from introspect.catalog.assemble_tables import build_columns, build_tables
from introspect.catalog.model import Catalog, Extension, Schema
from introspect.catalog.queries import STATISTICS_KINDS, STRUCTURE_KINDS, Row, Selection, run_catalog_queries
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
    database); otherwise the planner's reltuples estimates are used. The structure and the
    statistics are read on two connections at once, each in its own READ ONLY transaction.
    """
    selection = Selection.from_globs(schemas, exclude_schemas)
    with ThreadPoolExecutor(max_workers=1) as pool:
        statistics = pool.submit(_read, dsn, STATISTICS_KINDS, selection, exact_row_counts)
        structure = _read(dsn, STRUCTURE_KINDS, selection, False)
        return assemble({**structure, **statistics.result()})


def _read(dsn: str, kinds: Sequence[str], selection: Selection, exact_row_counts: bool) -> dict[str, list[Row]]:
    """Run catalog queries in one READ ONLY transaction, rolled back afterwards."""
    try:
        with psycopg.connect(dsn, autocommit=False) as conn:
            conn.read_only = True
            rows = run_catalog_queries(conn, kinds, selection, exact_row_counts=exact_row_counts)
            conn.rollback()
            return rows
    except psycopg.Error as exc:
        raise SchemadocError(f"cannot introspect {mask_password(dsn)}: {mask_password(str(exc).strip())}") from exc


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
        views=objects.build_views(rows["views"], columns),
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
