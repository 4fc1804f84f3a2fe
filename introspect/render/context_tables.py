"""Page contexts of the data dictionary: the table list and one page per table."""

from __future__ import annotations

import html
import json
from typing import Any

from introspect.catalog.model import Catalog, Column, Constraint, Table
from introspect.erd.mermaid import to_mermaid_within_budget
from introspect.erd.select import Diagram, neighbourhood
from introspect.render import links
from introspect.render.text import anchor, code, fence, human_size, inline, paragraph, thousands, yes_no

KIND_LABELS = {
    "table": "table",
    "partitioned_table": "partitioned table",
    "partition": "partition",
    "view": "view",
    "materialized_view": "materialized view",
}
CONSTRAINT_LABELS = {
    "primary_key": "primary key",
    "unique": "unique",
    "foreign_key": "foreign key",
    "check": "check",
    "exclusion": "exclusion",
}


def mermaid_block(diagram: Diagram) -> str:
    """A diagram's Mermaid text as a fenced block, without its columns (and saying so) when they
    would take it past the limit Mermaid renders."""
    text, reduced = to_mermaid_within_budget(diagram)
    note = "Columns left out: with them the text would exceed Mermaid's 50,000-character limit.\n\n"
    return (note if reduced else "") + fence(text, "text")


def meta_title(name: str) -> str:
    """The page title as YAML front matter: HTML-escaped, because the theme puts a page's meta
    title into <title> and the header verbatim (a heading-derived title would be decoded first)."""
    return json.dumps(html.escape(name, quote=True), ensure_ascii=False)


def type_links(catalog: Catalog, page: str) -> dict[str, str]:
    """Type name -> link to its enum/domain entry, for both qualified and search-path spellings."""
    result: dict[str, str] = {}
    for kind, items in (("enum", catalog.enums), ("domain", catalog.domains)):
        for item in items:
            target = links.relative(page, links.DICTIONARY_INDEX, anchor(kind, item.key))
            for spelling in (item.key, item.name):
                result.setdefault(spelling, f"[{inline(spelling)}]({target})")
    return result


def type_cell(types: dict[str, str], data_type: str) -> str:
    """A column type, linked to its enum or domain when it is one."""
    return types.get(data_type) or code(data_type)


def rows_and_size(catalog: Catalog, key: str) -> tuple[str, str]:
    """Exact row count and rounded total size of a relation, blank when unknown."""
    stats = catalog.relation_stats(key)
    if stats is None:
        return "", ""
    rows = thousands(stats.rows) if stats.rows >= 0 else "unknown"
    return rows, human_size(stats.total_bytes)


def dictionary_index(catalog: Catalog) -> dict[str, Any]:
    """Context of dictionary/index.md: every table, then enums, domains and sequences."""
    page = links.DICTIONARY_INDEX
    tables = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for table in catalog.top_level_tables():
        rows, size = rows_and_size(catalog, table.key)
        tables.append(
            {
                "link": links.relation_link(catalog, page, table.key),
                "kind": KIND_LABELS[table.kind],
                "columns": len(table.columns),
                "partitions": len(table.partitions) or "",
                "rows": rows,
                "size": size,
                "comment": inline(table.comment),
            }
        )
        groups.setdefault(table.schema, []).append(tables[-1])
    enums = [
        {
            "anchor": anchor("enum", e.key),
            "name": inline(e.key),
            "labels": ", ".join(code(label) for label in e.labels),
            "comment": paragraph(e.comment),
        }
        for e in catalog.enums
    ]
    domains = [
        {
            "anchor": anchor("domain", d.key),
            "name": inline(d.key),
            "base_type": code(d.base_type),
            "nullable": yes_no(d.nullable),
            "default": code(d.default),
            "checks": "<br>".join(code(c) for c in d.checks),
            "comment": paragraph(d.comment),
        }
        for d in catalog.domains
    ]
    sequences = [
        {
            "name": inline(s.key),
            "data_type": code(s.data_type),
            "range": inline(f"{s.start} by {s.increment}, {s.min_value} … {s.max_value}"),
            "cycle": yes_no(s.cycle),
            "owned_by": _owner_link(catalog, page, s.owned_by),
            "identity": yes_no(s.is_identity),
        }
        for s in catalog.sequences
    ]
    schemas = [
        {"name": inline(s.name), "owner": inline(s.owner), "comment": inline(s.comment)} for s in catalog.schemas
    ]
    extensions = [
        {"name": inline(x.name), "version": inline(x.version), "schema": inline(x.schema), "comment": inline(x.comment)}
        for x in catalog.extensions
    ]
    return {
        "database": inline(catalog.database),
        "server_version": inline(catalog.server_version),
        "schemas": schemas,
        "extensions": extensions,
        "tables": tables,
        # with tables in several schemas, one list per schema (in schema order)
        "table_groups": [{"schema": inline(name), "tables": rows} for name, rows in sorted(groups.items())]
        if len(groups) > 1
        else [],
        "enums": enums,
        "domains": domains,
        "sequences": sequences,
    }


def _owner_link(catalog: Catalog, page: str, owned_by: str | None) -> str:
    if not owned_by:
        return ""
    table_key, _, column = owned_by.rpartition(".")
    return links.column_link(catalog, page, table_key, column)


def table_page(catalog: Catalog, table: Table) -> dict[str, Any]:
    """Context of one data-dictionary page."""
    page = links.table_page(table.key)
    types = type_links(catalog, page)
    fk_by_column = _foreign_keys_by_column(table)
    columns = [_column_row(catalog, page, types, column, fk_by_column) for column in table.columns]
    constraints = [_constraint_row(catalog, page, c) for c in table.constraints]
    indexes = [
        {
            "link": links.index_link(page, index.key),
            "method": inline(index.method),
            "unique": yes_no(index.is_unique),
            "keys": ", ".join(code(k.column or k.expression) for k in index.keys),
            "include": ", ".join(code(c) for c in index.include_columns),
            "predicate": code(index.predicate),
            "size": _size(catalog, index.key),
        }
        for index in catalog.indexes_on(table.key)
    ]
    triggers = [
        {
            "name": inline(t.name),
            "timing": inline(t.timing),
            "events": inline(", ".join(t.events)),
            "level": inline(t.level),
            "function": links.function_link(page, t.function),
            "condition": code(t.condition),
        }
        for t in catalog.triggers_on(table.key)
    ]
    referenced_by = [
        {
            "table": links.relation_link(catalog, page, fk.table),
            "constraint": inline(fk.name),
            "columns": inline(", ".join(fk.columns)),
            "referenced_columns": inline(", ".join(fk.referenced_columns)),
            "on_delete": inline(fk.on_delete),
            "on_update": inline(fk.on_update),
        }
        for fk in catalog.referencing(table.key)
    ]
    diagram = neighbourhood(catalog, table.key, depth=1)
    rows, size = rows_and_size(catalog, table.key)
    stats = catalog.relation_stats(table.key)
    return {
        "title": inline(table.key),
        "meta_title": meta_title(table.key),
        "kind": KIND_LABELS[table.kind],
        "comment": paragraph(table.comment),
        "owner": inline(table.owner),
        "persistence": inline(table.persistence),
        "row_security": yes_no(table.row_security),
        "partition_key": code(table.partition_key.definition) if table.partition_key else "",
        "columns": columns,
        "constraints": constraints,
        "indexes": indexes,
        "triggers": triggers,
        "referenced_by": referenced_by,
        "partitions": partition_tree(catalog, page, table),
        "diagram": links.relative(page, links.table_diagram(table.key)),
        "mermaid": mermaid_block(diagram),
        # past the neighbour budget, the tables the diagram leaves out, each linked
        "left_out": ", ".join(links.relation_link(catalog, page, key) for key in diagram.left_out),
        "left_out_count": len(diagram.left_out),
        "stats": None
        if stats is None
        else {
            "rows": rows,
            "heap": human_size(stats.heap_bytes),
            "toast": human_size(stats.toast_bytes),
            "indexes": human_size(stats.index_bytes),
            "total": size,
        },
    }


def _foreign_keys_by_column(table: Table) -> dict[str, list[Constraint]]:
    result: dict[str, list[Constraint]] = {}
    for constraint in table.constraints:
        if constraint.kind == "foreign_key":
            for column in constraint.columns:
                result.setdefault(column, []).append(constraint)
    return result


def _column_row(
    catalog: Catalog, page: str, types: dict[str, str], column: Column, fks: dict[str, list[Constraint]]
) -> dict[str, str]:
    special = ""
    if column.identity:
        special = f"identity ({column.identity})"
    elif column.generated:
        special = f"generated ({column.generated}): {column.generation_expression or ''}"
    elif column.is_serial:
        special = "serial"
    targets = []
    for fk in fks.get(column.name, []):
        position = fk.columns.index(column.name)
        if fk.referenced_table and position < len(fk.referenced_columns):
            targets.append(links.column_link(catalog, page, fk.referenced_table, fk.referenced_columns[position]))
    return {
        "name": f'<a id="{anchor("column", column.name)}"></a>{inline(column.name)}',
        "type": type_cell(types, column.data_type),
        "nullable": yes_no(column.nullable),
        "default": code(column.default),
        "special": inline(special),
        "references": "<br>".join(targets),
        "comment": inline(column.comment),
    }


def _constraint_row(catalog: Catalog, page: str, constraint: Constraint) -> dict[str, str]:
    actions = ""
    if constraint.kind == "foreign_key":
        actions = f"on delete {constraint.on_delete or 'no action'}, on update {constraint.on_update or 'no action'}"
    return {
        "name": inline(constraint.name),
        "kind": CONSTRAINT_LABELS.get(constraint.kind, inline(constraint.kind)),
        "columns": inline(", ".join(constraint.columns)),
        "references": links.relation_link(catalog, page, constraint.referenced_table)
        if constraint.referenced_table
        else "",
        "actions": inline(actions),
        "definition": code(constraint.definition),
        "copies": str(len(constraint.partition_copies) or ""),
    }


def _size(catalog: Catalog, key: str) -> str:
    stats = catalog.relation_stats(key)
    return human_size(stats.total_bytes or stats.heap_bytes) if stats else ""


def partition_tree(catalog: Catalog, page: str, table: Table) -> list[dict[str, str]]:
    """Rows of a partition tree, depth-first, each indented by its depth."""
    rows: list[dict[str, str]] = []

    def walk(key: str, depth: int) -> None:
        child = catalog.table(key)
        if child is None:
            return
        rows_text, size = rows_and_size(catalog, key)
        rows.append(
            {
                "name": f'<a id="{anchor("partition", key)}"></a>'
                + "&nbsp;&nbsp;" * (depth - 1)
                + ("└ " if depth > 1 else "")
                + inline(key),
                "bound": code(child.partition_bound),
                "default": yes_no(child.is_default_partition),
                "subpartitioned": code(child.partition_key.definition) if child.partition_key else "",
                "rows": rows_text,
                "size": size,
            }
        )
        for grandchild in child.partitions:
            walk(grandchild, depth + 1)

    for key in table.partitions:
        walk(key, 1)
    return rows
