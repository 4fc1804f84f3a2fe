"""Findings computed from the catalog: things a reviewer of the schema would want to know."""

from __future__ import annotations

from dataclasses import dataclass

from introspect.catalog.model import Catalog, Constraint, Index, View


@dataclass(frozen=True)
class Finding:
    """One finding: which rule, which object, and what is wrong."""

    rule: str
    object: str
    message: str


RULES = {
    "fk-without-index": "Foreign keys without a supporting index (deletes on the parent scan the child)",
    "table-without-primary-key": "Tables without a primary key",
    "mv-not-concurrently-refreshable": "Materialized views without a unique index (no REFRESH … CONCURRENTLY)",
    "redundant-index": "B-tree indexes whose keys are a prefix of another index on the same table",
    "invalid-index": "Invalid indexes (a failed CREATE INDEX CONCURRENTLY)",
    "missing-comment": "Objects without a comment",
}


def supports(index: Index, fk: Constraint) -> bool:
    """Whether an index can find a foreign key's rows: its leading key columns are the FK columns."""
    if index.predicate is not None or index.method not in ("btree", "hash") or not index.is_valid:
        return False
    leading = [k.column for k in index.keys[: len(fk.columns)]]
    return None not in leading and set(leading) == set(fk.columns) and len(leading) == len(fk.columns)


def unindexed_foreign_keys(catalog: Catalog) -> tuple[Constraint, ...]:
    """Declared foreign keys with no index on the referencing table that starts with their columns."""
    return tuple(fk for fk in catalog.foreign_keys() if not any(supports(i, fk) for i in catalog.indexes_on(fk.table)))


def refresh_index(catalog: Catalog, view: View) -> Index | None:
    """The unique index that lets a materialized view be refreshed concurrently, if any."""
    for index in catalog.indexes_on(view.key):
        if index.is_unique and index.predicate is None and all(k.column for k in index.keys) and index.is_valid:
            return index
    return None


def _redundant(catalog: Catalog) -> list[Finding]:
    findings = []
    for index in catalog.indexes:
        # Unique, partial and covering indexes do something a longer index cannot: never redundant.
        if index.method != "btree" or index.is_unique or index.predicate is not None or index.include_columns:
            continue
        mine = [(k.column, k.expression) for k in index.keys]
        for other in catalog.indexes_on(index.table):
            theirs = [(k.column, k.expression) for k in other.keys]
            longer_or_older = len(theirs) > len(mine) or (len(theirs) == len(mine) and other.key < index.key)
            if (
                other.key != index.key
                and other.method == "btree"
                and other.predicate is None
                and longer_or_older
                and theirs[: len(mine)] == mine
            ):
                findings.append(Finding("redundant-index", index.key, f"its keys are a prefix of {other.key}"))
                break
    return findings


def _missing_comments(catalog: Catalog) -> list[Finding]:
    findings = []
    for table in catalog.top_level_tables():
        if not table.comment:
            findings.append(Finding("missing-comment", table.key, f"{table.kind.replace('_', ' ')} has no comment"))
        for column in table.columns:
            if not column.comment:
                findings.append(Finding("missing-comment", f"{table.key}.{column.name}", "column has no comment"))
    for view in catalog.views:
        if not view.comment:
            findings.append(Finding("missing-comment", view.key, f"{view.kind.replace('_', ' ')} has no comment"))
    for function in catalog.functions:
        if not function.comment:
            findings.append(Finding("missing-comment", function.key, f"{function.kind} has no comment"))
    return findings


def find_all(catalog: Catalog) -> tuple[Finding, ...]:
    """Every finding, grouped in RULES order, sorted by object within a rule."""
    findings: list[Finding] = []
    for fk in unindexed_foreign_keys(catalog):
        columns = ", ".join(fk.columns)
        findings.append(Finding("fk-without-index", fk.key, f"no index starts with ({columns})"))
    for table in catalog.top_level_tables():
        if not any(c.kind == "primary_key" for c in table.constraints):
            findings.append(Finding("table-without-primary-key", table.key, "no primary key"))
    for view in catalog.views:
        if view.kind == "materialized_view" and refresh_index(catalog, view) is None:
            findings.append(Finding("mv-not-concurrently-refreshable", view.key, "no unique index on plain columns"))
    findings += _redundant(catalog)
    findings += [Finding("invalid-index", i.key, "index is not valid") for i in catalog.indexes if not i.is_valid]
    findings += _missing_comments(catalog)
    order = list(RULES)
    return tuple(sorted(findings, key=lambda f: (order.index(f.rule), f.object)))
