"""Page contexts of the inventories: indexes, partitions, views, functions and triggers."""

from __future__ import annotations

from typing import Any

from introspect.catalog.model import Catalog, Index
from introspect.lint.rules import refresh_index, unindexed_foreign_keys
from introspect.render import links
from introspect.render.context_tables import KIND_LABELS, partition_tree, rows_and_size
from introspect.render.text import anchor, code, fence, human_size, inline, paragraph, yes_no


def _index_size(catalog: Catalog, index: Index) -> str:
    # A partitioned index's own statistics already add up its partitions' indexes (the loader sums
    # them level by level); summing partition_copies here would count sub-partitions twice.
    stats = catalog.relation_stats(index.key)
    return human_size(stats.heap_bytes) if stats is not None else ""


def indexes_page(catalog: Catalog) -> dict[str, Any]:
    """Context of indexes.md."""
    page = links.INDEXES
    rows = []
    for index in sorted(catalog.indexes, key=lambda i: (i.table, i.key)):
        rows.append(
            {
                "name": f'<a id="{anchor("index", index.key)}"></a>{inline(index.key)}',
                "table": links.relation_link(catalog, page, index.table),
                "method": inline(index.method),
                "unique": "primary key" if index.is_primary else yes_no(index.is_unique),
                # columns and expressions in key order, in one column: the inventory must fit the page
                "keys": ", ".join(code(k.column if k.column else k.expression) for k in index.keys),
                "include": ", ".join(code(c) for c in index.include_columns),
                "predicate": code(index.predicate),
                "constraint": inline(index.constraint.rpartition(".")[2] if index.constraint else ""),
                "copies": len(index.partition_copies) or "",
                "size": _index_size(catalog, index),
            }
        )
    methods: dict[str, int] = {}
    for index in catalog.indexes:
        methods[index.method] = methods.get(index.method, 0) + 1
    unindexed = [
        {
            "table": links.relation_link(catalog, page, fk.table),
            "name": inline(fk.name),
            "columns": inline(", ".join(fk.columns)),
            "references": links.relation_link(catalog, page, fk.referenced_table or ""),
        }
        for fk in unindexed_foreign_keys(catalog)
    ]
    return {
        "indexes": rows,
        "total": len(catalog.indexes),
        "methods": [{"method": inline(m), "count": n} for m, n in sorted(methods.items())],
        "partial": sum(1 for i in catalog.indexes if i.is_partial),
        "covering": sum(1 for i in catalog.indexes if i.is_covering),
        "composite": sum(1 for i in catalog.indexes if i.is_composite),
        "expression": sum(1 for i in catalog.indexes if any(k.column is None for k in i.keys)),
        "unindexed": unindexed,
    }


def partitions_page(catalog: Catalog) -> dict[str, Any]:
    """Context of partitions.md."""
    page = links.PARTITIONS
    tables = []
    for table in catalog.top_level_tables():
        if table.partition_key is None:
            continue
        rows, size = rows_and_size(catalog, table.key)
        tables.append(
            {
                "title": inline(table.key),
                "link": links.relation_link(catalog, page, table.key),
                "strategy": inline(table.partition_key.strategy),
                "key": inline(", ".join(table.partition_key.columns)),
                "definition": code(table.partition_key.definition),
                "count": len(table.partitions),
                "rows": rows,
                "size": size,
                "partitions": partition_tree(catalog, page, table),
            }
        )
    return {"tables": tables}


def views_page(catalog: Catalog) -> dict[str, Any]:
    """Context of views.md: views first, then materialized views."""
    page = links.VIEWS
    sections = []
    for kind in ("view", "materialized_view"):
        items = []
        for view in (v for v in catalog.views if v.kind == kind):
            unique = refresh_index(catalog, view) if kind == "materialized_view" else None
            rows, size = rows_and_size(catalog, view.key)
            items.append(
                {
                    "anchor": anchor("view", view.key),
                    "title": inline(view.key),
                    "comment": paragraph(view.comment),
                    "owner": inline(view.owner),
                    "columns": [
                        {"name": inline(c.name), "type": code(c.data_type), "comment": inline(c.comment)}
                        for c in view.columns
                    ],
                    "depends_on": [links.relation_link(catalog, page, d) for d in view.depends_on],
                    "materialized": kind == "materialized_view",
                    "populated": yes_no(bool(view.populated)),
                    "unique_index": links.index_link(page, unique.key) if unique else "",
                    "concurrent": yes_no(unique is not None),
                    "indexes": [links.index_link(page, i.key) for i in catalog.indexes_on(view.key)],
                    "rows": rows,
                    "size": size,
                    "definition": fence(view.definition.strip(), "sql"),
                }
            )
        sections.append({"title": KIND_LABELS[kind].capitalize() + "s", "items": items})
    return {"sections": sections}


def functions_page(catalog: Catalog) -> dict[str, Any]:
    """Context of functions.md: functions and procedures, then triggers."""
    page = links.FUNCTIONS
    functions = [
        {
            "anchor": anchor("function", f.key),
            "title": inline(f.key),
            "kind": inline(f.kind),
            "result": code(f.result),
            "language": inline(f.language),
            "volatility": inline(f.volatility),
            "security_definer": yes_no(f.security_definer),
            "strict": yes_no(f.strict),
            "owner": inline(f.owner),
            "comment": paragraph(f.comment),
            "triggers": [inline(t.key) for t in catalog.triggers if t.function == f.key],
            "source": fence(f.source.strip("\n"), "sql" if f.language in ("sql", "plpgsql") else ""),
        }
        for f in catalog.functions
    ]
    summary = [
        {
            "link": f"[{f['title']}](#{f['anchor']})",
            "kind": f["kind"],
            "result": f["result"],
            "language": f["language"],
            "volatility": f["volatility"],
        }
        for f in functions
    ]
    triggers = [
        {
            "table": links.relation_link(catalog, page, t.table),
            "name": inline(t.name),
            "timing": inline(t.timing),
            "events": inline(", ".join(t.events)),
            "level": inline(t.level),
            "function": f"[{inline(t.function)}](#{anchor('function', t.function)})",
            "condition": code(t.condition),
            "enabled": inline(t.enabled),
            "copies": len(t.partition_copies) or "",
        }
        for t in catalog.triggers
    ]
    return {"functions": functions, "summary": summary, "triggers": triggers}
