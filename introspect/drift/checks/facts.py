"""Facts about one named object: an index's method and shape, a column's type and rules, a foreign
key, a trigger, a materialized view's concurrent refresh, a CHECK condition, an author's own query."""

from __future__ import annotations

import re

from introspect.catalog.model import Catalog, Column, Table, View
from introspect.drift.checks import lookup
from introspect.drift.checks.objects import bare_name, describe_index, index_kind_holds
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult
from introspect.drift.probe import Probe

# "serial" is said of any serial column; "bigserial" and "smallserial" name the width too.
_SERIAL_TYPES = {
    "serial": ("integer", "bigint", "smallint"),
    "bigserial": ("bigint",),
    "smallserial": ("smallint",),
}


def _verdict(claim: Claim, holds: bool, measured: str) -> ClaimResult:
    return ClaimResult(claim, PASS if holds else FAIL, measured)


def check_index_fact(claim: Claim, catalog: Catalog) -> ClaimResult:
    """An index's method, shape ("unique", "partial", …), table or columns; "`x` is unique" may
    also be said of a column."""
    bare = bare_name(claim.subject)
    index = next((i for i in catalog.indexes if i.name == bare), None)
    if index is None:
        if claim.param("scope") == "any" and claim.stated == "unique" and "." in claim.subject:
            as_column = Claim(claim.line, claim.text, "column_fact", claim.subject, "unique")
            return check_column_fact(as_column, catalog)
        return ClaimResult(claim, FAIL, f"no index named {claim.subject}", missing=True)
    described = describe_index(index)
    if claim.stated == "table":
        tables = lookup.relations(catalog, claim.context)
        return _verdict(claim, any(r.key == index.table for r in tables), described)
    if claim.stated == "columns":
        wanted = [c.strip().strip('"`') for c in claim.context.split(",") if c.strip()]
        keys = [k.column or k.expression or "" for k in index.keys]
        return _verdict(claim, keys[: len(wanted)] == wanted, described)
    kind_holds = index_kind_holds(claim.stated, index)
    if kind_holds is None:
        return ClaimResult(claim, UNCHECKED, f"index property {claim.stated!r} not understood; {described}")
    return _verdict(claim, kind_holds, described)


def _column(catalog: Catalog, name: str) -> tuple[Table | View | None, Column | None, str]:
    """The relation and column ``table.column`` (or ``schema.table.column``) names, and a reason when not found."""
    parts = name.split(".")
    if len(parts) < 2:
        holders = [(t, c) for t in catalog.top_level_tables() for c in t.columns if c.name == name]
        if len(holders) == 1:
            return holders[0][0], holders[0][1], ""
        return None, None, f"{len(holders)} tables have a column {name}; name it as table.column"
    table_name, column_name = ".".join(parts[:-1]), parts[-1]
    relation, column = lookup.column(catalog, table_name, column_name)
    if relation is None:
        return None, None, f"no table named {table_name}"
    if column is None:
        return relation, None, f"no column {column_name} on {lookup.describe(relation)}"
    return relation, column, ""


def _same_type(stated: str, column: Column) -> bool:
    if stated in _SERIAL_TYPES:
        return column.is_serial and column.data_type in _SERIAL_TYPES[stated]
    actual = column.data_type
    return actual == stated or actual.split("(")[0] == stated or actual.split(".")[-1] == stated


def check_column_fact(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A column's type, nullability, uniqueness, default, identity, generation or primary key."""
    relation, column, problem = _column(catalog, claim.subject)
    if column is None or relation is None:
        return ClaimResult(
            claim, FAIL if relation is not None or "no table" in problem else UNCHECKED, problem, missing=True
        )
    where = f"column {relation.key}.{column.name} ({column.data_type}{'' if column.nullable else ', NOT NULL'})"
    fact = claim.stated
    constraints = relation.constraints if isinstance(relation, Table) else ()
    if fact == "type":
        return _verdict(claim, _same_type(claim.context, column), where)
    if fact == "nullable":
        return _verdict(claim, column.nullable, where)
    if fact == "unique":
        unique = any(c.kind in ("unique", "primary_key") and c.columns == (column.name,) for c in constraints)
        unique = unique or any(
            i.is_unique and not i.is_partial and [k.column for k in i.keys] == [column.name]
            for i in catalog.indexes_on(relation.key)
        )
        return _verdict(claim, unique, where + (", unique" if unique else ", not unique"))
    if fact == "primary_key":
        key = next((c for c in constraints if c.kind == "primary_key"), None)
        holds = key is not None and column.name in key.columns
        return _verdict(claim, holds, f"{where}; primary key {key.columns if key else 'none'}")
    if fact == "default":
        if not claim.context:
            return _verdict(claim, column.default is not None, f"{where}, default {column.default}")
        return ClaimResult(claim, UNCHECKED, f"{where}, default {column.default}: default values are not compared")
    if fact == "identity":
        return _verdict(claim, column.identity is not None, f"{where}, identity {column.identity or 'none'}")
    if fact == "generated":
        return _verdict(claim, column.generated is not None, f"{where}, generated {column.generated or 'no'}")
    return ClaimResult(claim, UNCHECKED, f"column fact {fact!r} not understood")


def check_references(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A foreign key from a column (or a table) to a table, with the stated delete action if one is given."""
    source = claim.subject
    target = lookup.relations(
        catalog,
        claim.stated.split(".")[0]
        if claim.stated.count(".") == 1 and not lookup.relations(catalog, claim.stated)
        else claim.stated,
    )
    if not target:
        return ClaimResult(claim, FAIL, f"no table named {claim.stated}", missing=True)
    column_name = ""
    tables = lookup.relations(catalog, source)
    if not tables and "." in source:
        table_name, column_name = source.rsplit(".", 1)
        tables = lookup.relations(catalog, table_name)
    if not tables:
        return ClaimResult(claim, FAIL, f"no table named {source}", missing=True)
    fks = [
        fk
        for fk in catalog.foreign_keys()
        if fk.table == tables[0].key
        and fk.referenced_table == target[0].key
        and (not column_name or column_name in fk.columns)
    ]
    if not fks:
        return ClaimResult(claim, FAIL, f"no foreign key from {source} to {target[0].key}")
    action = claim.param("action")
    described = "; ".join(f"{fk.key} ON DELETE {(fk.on_delete or 'no action').upper()}" for fk in fks)
    if action:
        return _verdict(claim, any(" ".join(action.split()) == (fk.on_delete or "no action") for fk in fks), described)
    return ClaimResult(claim, PASS, described)


def check_trigger_fact(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A trigger fires at the stated time, for the stated events, on the stated table."""
    trigger = next((t for t in catalog.triggers if t.name == bare_name(claim.subject)), None)
    if trigger is None:
        return ClaimResult(claim, FAIL, f"no trigger named {claim.subject}", missing=True)
    tables = lookup.relations(catalog, claim.context)
    events = [e for e in claim.param("events").split(",") if e]
    holds = (
        bool(tables)
        and trigger.table == tables[0].key
        and trigger.timing == claim.stated
        and all(e in trigger.events for e in events)
    )
    return _verdict(claim, holds, f"trigger {trigger.key}: {trigger.timing} {' or '.join(trigger.events)}")


def check_concurrent_refresh(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A materialized view (or every one) has a non-partial unique index: REFRESH … CONCURRENTLY works."""
    mvs = [v for v in catalog.views if v.kind == "materialized_view"]
    if claim.subject != "materialized views":
        mvs = [v for v in lookup.relations(catalog, claim.subject) if isinstance(v, View)]
        mvs = [v for v in mvs if v.kind == "materialized_view"]
        if not mvs:
            return ClaimResult(claim, FAIL, f"no materialized view named {claim.subject}", missing=True)
    if not mvs:
        return ClaimResult(claim, FAIL, "no materialized views", missing=True)
    missing = [
        v.key for v in mvs if not any(i.is_unique and not i.is_partial and i.table == v.key for i in catalog.indexes)
    ]
    if missing:
        return ClaimResult(claim, FAIL, f"materialized views without a unique index: {', '.join(missing)}")
    return ClaimResult(claim, PASS, f"a unique index on each of the {len(mvs)} materialized views")


def _constraint_condition(definition: str) -> str:
    """The condition of ``CHECK (…) [NOT VALID]`` as pg_get_constraintdef prints it."""
    text = re.sub(r"\s+NOT\s+VALID\s*$", "", definition.strip())
    return re.sub(r"^CHECK\s*", "", text)


def check_condition(claim: Claim, catalog: Catalog, probe: Probe) -> ClaimResult:
    """A CHECK condition. Written as an expression it is declared: the server plans it exactly like a
    declared CHECK of a table, or like some of that CHECK's AND-ed conditions. Said of a column's
    values ("is between 1 and 5") it also holds when the CHECKs imply it, and fails when they
    rule it out; a condition the CHECKs neither imply nor rule out is not judged."""
    if not probe.available:
        return ClaimResult(claim, UNCHECKED, "comparing conditions needs the database (the server normalises them)")
    table_hint = claim.param("table")
    tables = [t for t in catalog.tables if not t.is_partition and any(c.kind == "check" for c in t.constraints)]
    if table_hint:
        tables = [t for t in tables if t.key in {r.key for r in lookup.relations(catalog, table_hint)}]
    related: list[str] = []
    applicable: list[Table] = []
    for table in tables:
        stated = probe.conditions(table.key, claim.stated)
        if not isinstance(stated, tuple) or not stated:
            continue  # the condition does not apply to this table's columns
        applicable.append(table)
        for constraint in (c for c in table.constraints if c.kind == "check"):
            declared = probe.conditions(table.key, _constraint_condition(constraint.definition))
            if not isinstance(declared, tuple):
                continue
            if set(stated) <= set(declared):
                return ClaimResult(claim, PASS, f"{constraint.key}: {constraint.definition}")
            if set(_columns_of(stated)) & set(_columns_of(declared)):
                related.append(f"{constraint.key}: {constraint.definition}")
    hint = f"; related: {'; '.join(related[:3])}" if related else ""
    if claim.param("form") == "value":
        for table in applicable:
            if probe.excluded(table.key, f"NOT ({claim.stated})"):
                return ClaimResult(claim, PASS, f"implied by the CHECK constraints of {table.key}{hint}")
            if probe.excluded(table.key, f"({claim.stated})"):
                return ClaimResult(claim, FAIL, f"the CHECK constraints of {table.key} rule out `{claim.stated}`{hint}")
        if related:
            return ClaimResult(claim, UNCHECKED, f"`{claim.stated}` is neither declared nor implied{hint}")
    if not applicable:
        return ClaimResult(claim, FAIL, f"no table with CHECK constraints has the columns of `{claim.stated}`")
    return ClaimResult(claim, FAIL, f"no CHECK constraint that is or contains `{claim.stated}`{hint}")


def _columns_of(conditions: tuple[str, ...]) -> list[str]:
    """Qualified column references in planner output ("reviews.rating")."""
    return [m for c in conditions for m in re.findall(r"\b[a-z_][\w$]*\.[a-z_][\w$]*\b", c)]


def check_explicit(claim: Claim, catalog: Catalog, probe: Probe) -> ClaimResult:
    """The author's own query, run read-only: it returns true."""
    answer = probe.boolean(claim.stated)
    if answer is None:
        return ClaimResult(claim, UNCHECKED, "an explicit check needs the database")
    if isinstance(answer, str):
        return ClaimResult(claim, FAIL, f"the check query failed: {answer}")
    return ClaimResult(claim, PASS if answer else FAIL, f"`{claim.stated}` returned {str(answer).lower()}")
