"""``load_catalog``: read a live database into the catalog model with a fixed set of queries."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from introspect.catalog import assemble_objects as objects
from introspect.catalog.assemble_stats import build_statistics
from introspect.catalog.assemble_tables import build_columns, build_tables
from introspect.catalog.model import Catalog, Extension, Schema
from introspect.catalog.queries import Selection, run_catalog_queries
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
    """
    selection = Selection.from_globs(schemas, exclude_schemas)
    try:
        with psycopg.connect(dsn, autocommit=False) as conn:
            conn.read_only = True
            rows = run_catalog_queries(conn, selection, exact_row_counts=exact_row_counts)
            conn.rollback()
    except psycopg.Error as exc:
        raise SchemadocError(f"cannot introspect {mask_password(dsn)}: {mask_password(str(exc).strip())}") from exc
    return assemble(rows)


def assemble(rows: dict[str, list[dict[str, object]]]) -> Catalog:
    """Build the model from the rows of every catalog query (see ``queries.KINDS``)."""
    server = rows["server"][0]
    columns = build_columns(rows["columns"])
    return Catalog(
        database=str(server["database"]),
        server_version=str(server["server_version"]),
        server_version_num=int(str(server["server_version_num"])),
        schemas=tuple(
            sorted(
                (
                    Schema(name=str(r["name"]), owner=str(r["owner"]), comment=_opt(r["comment"]))
                    for r in rows["schemas"]
                ),
                key=lambda s: s.key,
            )
        ),
        extensions=tuple(sorted((Extension(**r) for r in rows["extensions"]), key=lambda e: e.key)),  # type: ignore[arg-type]
        tables=build_tables(rows["tables"], columns, rows["constraints"]),
        indexes=objects.build_indexes(rows["indexes"]),
        views=objects.build_views(rows["views"], columns),
        sequences=objects.build_sequences(rows["sequences"]),
        enums=objects.build_enums(rows["enums"]),
        domains=objects.build_domains(rows["domains"]),
        functions=objects.build_functions(rows["functions"]),
        triggers=objects.build_triggers(rows["triggers"]),
        roles=objects.build_roles(rows["roles"]),
        grants=objects.build_grants(rows["grants"]),
        statistics=build_statistics(rows["statistics"], int(str(server["database_bytes"])), rows["row_counts"]),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
