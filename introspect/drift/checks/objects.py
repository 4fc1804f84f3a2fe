"""Objects named in code spans exist with the kind their context gives; columns; index kinds."""

from __future__ import annotations

import re

from introspect.catalog.model import Catalog, Index
from introspect.drift.checks import lookup
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult

KIND_NAMES = {
    "table": "table",
    "partitioned_table": "partitioned table",
    "partition": "partition",
    "procedure": "procedure",
    "trigger": "trigger",
    "sequence": "sequence",
    "enum": "enum",
    "domain": "domain",
    "type": "type",
    "schema": "schema",
    "view": "view",
    "materialized_view": "materialized view",
    "relation": "table, view or materialized view",
    "index": "index",
    "function": "function or procedure",
    "role": "role",
    "extension": "extension",
    "any": "object",
}


def _other_objects(catalog: Catalog, name: str) -> list[str]:
    """Descriptions of every object of any kind called ``name`` (for the 'any' kind and hints)."""
    bare = bare_name(name)
    name = name.split("(")[0].strip()
    found = [lookup.describe(r) for r in lookup.relations(catalog, name)]
    found += [f"index {i.key}" for i in catalog.indexes if i.name == bare]
    found += [f"{f.kind} {f.key}" for f in catalog.functions if f.name == bare]
    found += [f"schema {s.name}" for s in catalog.schemas if s.name == bare]
    found += [f"role {r.name}" for r in catalog.roles if r.name == name]
    found += [f"extension {e.name}" for e in catalog.extensions if e.name == name]
    found += [f"enum {e.key}" for e in catalog.enums if e.name == bare]
    found += [f"domain {d.key}" for d in catalog.domains if d.name == bare]
    found += [f"sequence {s.key}" for s in catalog.sequences if s.name == bare]
    found += [f"trigger {t.key}" for t in catalog.triggers if t.name == bare]
    holders = [t.key for t in catalog.top_level_tables() if any(c.name == bare for c in t.columns)]
    if holders:
        found.append(
            f"column {bare} on {len(holders)} table(s) ({', '.join(holders[:3])}{', …' if len(holders) > 3 else ''})"
        )
    return found


def bare_name(name: str) -> str:
    """The object part of a written name: ``public.place_order(bigint)`` → ``place_order``."""
    return lookup.identifier(name).split(".")[-1]


def objects_of_kind(catalog: Catalog, name: str, kind: str) -> list[str] | None:
    """Descriptions of the objects called ``name`` of one kind; None for a kind not known here."""
    bare = bare_name(name)
    written = name.split("(")[0].strip()
    if kind in ("table", "partitioned_table", "partition", "view", "materialized_view", "relation"):
        wanted = {
            "table": ("table", "partitioned_table"),
            "relation": None,
        }.get(kind, (kind,))
        return [lookup.describe(r) for r in lookup.relations(catalog, written) if wanted is None or r.kind in wanted]
    finders = {
        "index": lambda: [f"index {i.key} ({i.method})" for i in catalog.indexes if i.name == bare],
        "function": lambda: [f"{f.kind} {f.key}" for f in catalog.functions if f.name == bare],
        "procedure": lambda: [
            f"procedure {f.key}" for f in catalog.functions if f.name == bare and f.kind == "procedure"
        ],
        "role": lambda: [f"role {r.name}" for r in catalog.roles if r.name == bare],
        "extension": lambda: [f"extension {e.name} {e.version}" for e in catalog.extensions if e.name == bare],
        "trigger": lambda: [f"trigger {t.key}" for t in catalog.triggers if t.name == bare],
        "sequence": lambda: [f"sequence {q.key}" for q in catalog.sequences if q.name == bare],
        "enum": lambda: [f"enum {e.key}" for e in catalog.enums if e.name == bare],
        "domain": lambda: [f"domain {d.key}" for d in catalog.domains if d.name == bare],
        "type": lambda: (
            [f"enum {e.key}" for e in catalog.enums if e.name == bare]
            + [f"domain {d.key}" for d in catalog.domains if d.name == bare]
        ),
        "schema": lambda: [f"schema {s.name}" for s in catalog.schemas if s.name == bare],
    }
    finder = finders.get(kind)
    return finder() if finder else None


def check_object(claim: Claim, catalog: Catalog) -> ClaimResult:
    """The named object exists, and is of the kind the statement gives it."""
    name, kind = claim.subject, claim.context or "any"
    found = _other_objects(catalog, name) if kind == "any" else objects_of_kind(catalog, name, kind)
    if found is None:
        return ClaimResult(claim, UNCHECKED, f"objects of kind {kind!r} are not checked")
    if found:
        return ClaimResult(claim, PASS, "; ".join(found))
    others = _other_objects(catalog, name)
    hint = f" (only {'; '.join(others)})" if others else ""
    return ClaimResult(claim, FAIL, f"no {KIND_NAMES.get(kind, kind)} named {name}{hint}", missing=not others)


def check_column(claim: Claim, catalog: Catalog) -> ClaimResult:
    """``table.column`` names an existing column."""
    table_name, column_name = claim.subject.split(".", 1)
    relation, column = lookup.column(catalog, table_name, column_name)
    if relation is None:
        return ClaimResult(claim, FAIL, f"no table named {table_name}")
    if column is None:
        return ClaimResult(claim, FAIL, f"no column {column_name} on {lookup.describe(relation)}")
    return ClaimResult(claim, PASS, f"column {relation.key}.{column.name} ({column.data_type})")


def check_soft_delete(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A soft-delete flag is an existing boolean column."""
    result = check_column(claim, catalog)
    if result.status != PASS:
        return result
    table_name, column_name = claim.subject.split(".", 1)
    relation, column = lookup.column(catalog, table_name, column_name)
    assert relation is not None and column is not None
    if column.data_type != "boolean":
        return ClaimResult(claim, FAIL, f"column {relation.key}.{column.name} of type {column.data_type}, not boolean")
    return result


def check_self_reference(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A hierarchy column: an existing column that a foreign key points back at its own table."""
    result = check_column(claim, catalog)
    if result.status != PASS:
        return result
    table_name, column_name = claim.subject.split(".", 1)
    relation, _ = lookup.column(catalog, table_name, column_name)
    assert relation is not None
    for fk in catalog.foreign_keys():
        if fk.table == relation.key and column_name in fk.columns and fk.referenced_table == relation.key:
            action = (fk.on_delete or "no action").upper()
            return ClaimResult(claim, PASS, f"{fk.key}: {relation.key} → itself, ON DELETE {action}")
    return ClaimResult(claim, FAIL, f"no foreign key from {relation.key}.{column_name} to {relation.key} itself")


# How the index-strategy table's "Index Type" words map onto the model's Index fields.
_METHOD_WORDS = {"btree": "btree", "gin": "gin", "brin": "brin", "gist": "gist", "spgist": "spgist", "hash": "hash"}


def index_kind_holds(kind: str, index: Index) -> bool | None:
    """Whether an index is of a stated kind; None when the kind word is not understood."""
    word = re.sub(r"[^a-z]", "", kind.lower())
    if word in _METHOD_WORDS:
        return index.method == _METHOD_WORDS[word]
    checks = {
        "partial": index.is_partial,
        "composite": index.is_composite,
        "multicolumn": index.is_composite,
        "covering": index.is_covering,
        "unique": index.is_unique,
        "expression": any(k.column is None for k in index.keys),
        "fulltext": any("tsvector" in (k.expression or "") for k in index.keys),
    }
    return checks.get(word)


def describe_index(index: Index) -> str:
    """ "index public.idx_orders_active: btree on (status), partial WHERE …"."""
    keys = ", ".join(k.column or k.expression or "?" for k in index.keys)
    parts = [f"index {index.key}: {index.method} on {index.table} ({keys})"]
    if index.include_columns:
        parts.append(f"INCLUDE ({', '.join(index.include_columns)})")
    if index.predicate:
        parts.append(f"WHERE {index.predicate}")
    return " ".join(parts)


def _has_tsvector_column(catalog: Catalog, index: Index) -> bool:
    table = catalog.table(index.table)
    types = {c.name: c.data_type for c in table.columns} if table else {}
    return any(types.get(k.column or "") == "tsvector" for k in index.keys)


def check_index_kind(claim: Claim, catalog: Catalog) -> ClaimResult:
    """An example index of the index-strategy table exists and really is of its row's kind."""
    name = claim.subject.split(".")[-1]
    index = next((i for i in catalog.indexes if i.name == name), None)
    if index is None:
        return ClaimResult(claim, FAIL, f"no index named {name}")
    holds = index_kind_holds(claim.stated, index)
    if holds is None:
        return ClaimResult(claim, UNCHECKED, f"index kind {claim.stated!r} not understood; {describe_index(index)}")
    # A use case of full-text search needs a tsvector key (an expression or a column of that type).
    full_text = re.search(r"full[- ]?text", claim.context, re.IGNORECASE) is not None
    if holds and full_text and not index_kind_holds("fulltext", index) and not _has_tsvector_column(catalog, index):
        return ClaimResult(claim, FAIL, f"no tsvector key for full-text search: {describe_index(index)}")
    verdict = PASS if holds else FAIL
    prefix = "" if holds else f"not a {claim.stated} index: "
    return ClaimResult(claim, verdict, prefix + describe_index(index))
