"""Page contexts of the reports: roles and grants, statistics, lint findings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from introspect.catalog.model import Catalog, RelationStats
from introspect.lint import LintSettings, lint
from introspect.lint.rules import Finding
from introspect.render import links
from introspect.render.text import anchor as text_anchor
from introspect.render.text import code, human_size, inline, thousands, yes_no

# psql's one-letter privilege codes keep the matrix narrow; the page prints the legend.
PRIVILEGE_CODES = {
    "SELECT": "r",
    "INSERT": "a",
    "UPDATE": "w",
    "DELETE": "d",
    "TRUNCATE": "D",
    "REFERENCES": "x",
    "TRIGGER": "t",
    "EXECUTE": "X",
    "USAGE": "U",
    "CREATE": "C",
    "CONNECT": "c",
    "TEMPORARY": "T",
    "MAINTAIN": "m",
}


def roles_page(catalog: Catalog) -> dict[str, Any]:
    """Context of roles.md: the roles, then a matrix of objects x grantees."""
    page = links.ROLES
    roles = [
        {
            "name": inline(r.name),
            "login": yes_no(r.can_login),
            "superuser": yes_no(r.superuser),
            "inherit": yes_no(r.inherit),
            "member_of": inline(", ".join(r.member_of)),
            "comment": inline(r.comment),
        }
        for r in catalog.roles
    ]
    grantees = sorted({g.grantee for g in catalog.grants}, key=lambda n: (n == "PUBLIC", n))
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for grant in catalog.grants:
        code = PRIVILEGE_CODES.get(grant.privilege, grant.privilege) + ("*" if grant.grantable else "")
        cells.setdefault((grant.object_kind, grant.object), {}).setdefault(grant.grantee, []).append(code)
    order = list(PRIVILEGE_CODES.values())
    matrix = []
    for (kind, key), by_grantee in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0])):
        if kind in ("table", "partitioned_table", "view", "materialized_view"):
            shown = links.relation_link(catalog, page, key)
        elif kind == "function":
            shown = links.function_link(page, key)
        else:
            shown = inline(key)
        matrix.append(
            {
                "object": shown,
                "kind": inline(kind.replace("_", " ")),
                "cells": [
                    inline("".join(sorted(by_grantee.get(g, []), key=lambda c: (_rank(order, c), c)))) for g in grantees
                ],
            }
        )
    legend = [{"code": inline(c), "privilege": inline(p)} for p, c in PRIVILEGE_CODES.items()]
    return {"roles": roles, "grantees": [inline(g) for g in grantees], "matrix": matrix, "legend": legend}


def _rank(order: list[str], code: str) -> int:
    letter = code.rstrip("*")
    return order.index(letter) if letter in order else len(order)


def _leaf_stats(catalog: Catalog, key: str) -> list[RelationStats]:
    """Statistics of the storage-bearing partitions under a partitioned table."""
    table = catalog.table(key)
    if table is None or not table.partitions:
        found = catalog.relation_stats(key)
        return [found] if found is not None else []
    return [s for child in table.partitions for s in _leaf_stats(catalog, child)]


def _stats_row(catalog: Catalog, page: str, stats: RelationStats) -> dict[str, str]:
    if stats.kind == "partitioned_table" or (stats.kind == "partition" and catalog.table(stats.relation)):
        leaves = _leaf_stats(catalog, stats.relation)
        if leaves and leaves != [stats]:
            # A partitioned table stores nothing itself: show what its partitions hold.
            stats = replace(
                stats,
                heap_bytes=sum(s.heap_bytes for s in leaves),
                toast_bytes=sum(s.toast_bytes for s in leaves),
                index_bytes=sum(s.index_bytes for s in leaves),
                total_bytes=sum(s.total_bytes for s in leaves),
            )
    table_bytes = stats.heap_bytes + stats.toast_bytes
    ratio = f"{stats.index_bytes / table_bytes:.0%}" if table_bytes else ""
    return {
        "relation": links.relation_link(catalog, page, stats.relation),
        "kind": inline(stats.kind.replace("_", " ")),
        "rows": ("" if stats.rows_exact else "≈ ") + thousands(stats.rows) if stats.rows >= 0 else "unknown",
        "heap": human_size(stats.heap_bytes),
        "toast": human_size(stats.toast_bytes),
        "indexes": human_size(stats.index_bytes),
        "total": human_size(stats.total_bytes),
        "ratio": ratio,
    }


def statistics_page(catalog: Catalog) -> dict[str, Any]:
    """Context of statistics.md: per table and MV, then per partition, then totals."""
    page = links.STATISTICS
    relations = catalog.statistics.relations
    top = [s for s in relations if s.kind in ("table", "partitioned_table", "materialized_view")]
    partitions = [s for s in relations if s.kind == "partition"]
    # Partitioned tables already sum their partitions, so totals count leaves and plain tables only.
    counted = [
        s
        for s in relations
        if s.kind in ("table", "materialized_view")
        or (s.kind == "partition" and not getattr(catalog.table(s.relation), "partitions", ()))
    ]
    heap = sum(s.heap_bytes for s in counted)
    toast = sum(s.toast_bytes for s in counted)
    index = sum(s.index_bytes for s in counted)
    total = sum(s.total_bytes for s in counted)
    largest_indexes = sorted((s for s in relations if s.kind == "index"), key=lambda s: (-s.heap_bytes, s.relation))
    return {
        "exact": all(s.rows_exact for s in top + partitions),
        "database_size": human_size(catalog.statistics.database_bytes),
        "tables": [_stats_row(catalog, page, s) for s in top],
        "partitions": [_stats_row(catalog, page, s) for s in partitions],
        "totals": {
            "rows": thousands(sum(max(s.rows, 0) for s in counted if s.kind != "materialized_view")),
            "heap": human_size(heap),
            "toast": human_size(toast),
            "indexes": human_size(index),
            "total": human_size(total),
            "ratio": f"{index / (heap + toast):.0%}" if heap + toast else "",
        },
        "largest_indexes": [
            {
                "index": links.index_link(page, s.relation) if catalog.index(s.relation) else inline(s.relation),
                "size": human_size(s.heap_bytes),
            }
            for s in largest_indexes[:15]
        ],
    }


def _finding_link(catalog: Catalog, page: str, finding: Finding) -> str:
    """The finding's object, linked to the page that documents it (its table's, or the views page)."""
    table = links.root_table(catalog, finding.table) if finding.table else None
    if table is not None:
        return f"[{inline(finding.object)}]({links.relative(page, links.table_page(table.key))})"
    if finding.table and catalog.view(finding.table) is not None:
        return f"[{inline(finding.object)}]({links.relative(page, links.VIEWS, text_anchor('view', finding.table))})"
    return inline(finding.object)


def lint_page(catalog: Catalog, settings: LintSettings | None = None) -> dict[str, Any]:
    """Context of lint.md: the findings of ``schemadoc lint`` grouped by rule, with a count per rule."""
    settings = settings or LintSettings()
    report = lint(catalog, settings)
    groups = []
    for rule in report.rules:
        items = [
            {
                "object": _finding_link(catalog, links.LINT, item.finding),
                "message": inline(item.finding.message),
                "fix": code(item.finding.fix) if item.finding.fix else "",
            }
            for item in report.findings
            if item.rule.code == rule.code
        ]
        groups.append(
            {
                "code": rule.code,
                "name": rule.name,
                "severity": settings.severity_of(rule),
                "title": inline(rule.title),
                "count": len(items),
                "findings": items,
            }
        )
    return {
        "total": len(report.findings),
        "suppressed": report.suppressed,
        "coverage": report.coverage,
        "groups": groups,
    }
