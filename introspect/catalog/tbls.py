"""The catalog as a tbls ``schema.json``, so that tools reading tbls output (tbls itself, Liam ERD)
can use it: tables (ordinary and partitioned as BASE TABLE, views, materialized views) with
columns, indexes, constraints and triggers, foreign keys as relations, functions, enums and the
driver block. Empty fields are left out, as tbls leaves them out.
"""

from __future__ import annotations

from typing import Any

from introspect.catalog.model import Catalog, Constraint, Index, Table, View

TABLE_TYPES = {
    "table": "BASE TABLE",
    "partitioned_table": "BASE TABLE",
    "view": "VIEW",
    "materialized_view": "MATERIALIZED VIEW",
}
CONSTRAINT_TYPES = {
    "primary_key": "PRIMARY KEY",
    "foreign_key": "FOREIGN KEY",
    "unique": "UNIQUE",
    "check": "CHECK",
    "exclusion": "EXCLUSION",
}


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """Without the empty values (tbls' omitempty), but keeping false booleans."""
    return {key: value for key, value in item.items() if value not in (None, "", [], {})}


def _columns(relation: Table | View) -> list[dict[str, Any]]:
    return [
        _compact(
            {
                "name": c.name,
                "type": c.data_type,
                "nullable": c.nullable,
                "default": c.default or (f"GENERATED ALWAYS AS ({c.generation_expression})" if c.generated else None),
                "extra_def": f"GENERATED {c.identity.upper()} AS IDENTITY" if c.identity else None,
                "comment": c.comment,
            }
        )
        for c in relation.columns
    ]


def _constraint(constraint: Constraint) -> dict[str, Any]:
    return _compact(
        {
            "name": constraint.name,
            "type": CONSTRAINT_TYPES.get(constraint.kind, constraint.kind.upper()),
            "def": constraint.definition,
            "table": constraint.table,
            "referenced_table": constraint.referenced_table,
            "columns": list(constraint.columns),
            "referenced_columns": list(constraint.referenced_columns),
            "comment": constraint.comment,
        }
    )


def _index(index: Index) -> dict[str, Any]:
    return _compact(
        {
            "name": index.name,
            "def": index.definition,
            "table": index.table,
            "columns": [k.column or k.expression or "" for k in index.keys],
            "comment": index.comment,
        }
    )


def _table(catalog: Catalog, table: Table) -> dict[str, Any]:
    return _compact(
        {
            "name": table.key,
            "type": TABLE_TYPES[table.kind],
            "comment": table.comment,
            "columns": _columns(table),
            "indexes": [_index(i) for i in catalog.indexes_on(table.key)],
            "constraints": [_constraint(c) for c in table.constraints],
            "triggers": [
                _compact({"name": t.name, "def": t.definition, "comment": t.comment})
                for t in catalog.triggers_on(table.key)
            ],
        }
    )


def _view(catalog: Catalog, view: View) -> dict[str, Any]:
    keyword = "MATERIALIZED VIEW" if view.kind == "materialized_view" else "VIEW"
    return _compact(
        {
            "name": view.key,
            "type": TABLE_TYPES[view.kind],
            "comment": view.comment,
            "columns": _columns(view),
            "indexes": [_index(i) for i in catalog.indexes_on(view.key)],
            "def": f"CREATE {keyword} {view.name} AS (\n{view.definition.rstrip(';')}\n)",
            "referenced_tables": list(view.depends_on),
        }
    )


def _relation(catalog: Catalog, fk: Constraint) -> dict[str, Any]:
    child = catalog.table(fk.table)
    nullable = child is not None and any(c.nullable for c in child.columns if c.name in fk.columns)
    unique = child is not None and any(
        c.kind in ("primary_key", "unique") and set(c.columns) == set(fk.columns) for c in child.constraints
    )
    return {
        "table": fk.table,
        "columns": list(fk.columns),
        "cardinality": "zero_or_one" if unique else "zero_or_more",
        "parent_table": fk.referenced_table,
        "parent_columns": list(fk.referenced_columns),
        "parent_cardinality": "zero_or_one" if nullable else "exactly_one",
        "def": fk.definition,
    }


def to_tbls(catalog: Catalog) -> dict[str, Any]:
    """A tbls ``schema.json`` document for the catalog."""
    schemas = [s.name for s in catalog.schemas]
    current = "public" if "public" in schemas else (schemas or [""])[0]
    return {
        "name": catalog.database,
        "tables": [_table(catalog, t) for t in catalog.top_level_tables()] + [_view(catalog, v) for v in catalog.views],
        "relations": [_relation(catalog, fk) for fk in catalog.foreign_keys()],
        "functions": [
            {
                "name": f"{f.schema}.{f.name}",
                "return_type": f.result or "",
                "arguments": f.arguments,
                "type": f.kind.upper(),
            }
            for f in catalog.functions
        ],
        "enums": [{"name": e.key, "values": list(e.labels)} for e in catalog.enums],
        "driver": {
            "name": "postgres",
            "database_version": f"PostgreSQL {catalog.server_version}",
            "meta": {
                "current_schema": current,
                "search_paths": schemas,
            },
        },
    }
