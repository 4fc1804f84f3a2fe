"""Indexes, views, sequences, types, routines, triggers, roles and grants from raw query rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from introspect.catalog.model import (
    Column,
    Domain,
    Enum,
    Function,
    Grant,
    Index,
    IndexKey,
    Role,
    Sequence,
    Trigger,
    View,
    qualified,
)
from introspect.catalog.queries import Row

VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}
TRIGGER_ENABLED = {"O": "origin", "A": "always", "R": "replica", "D": "disabled"}
# pg_index.indoption bits (pg_index.h)
INDOPTION_DESC, INDOPTION_NULLS_FIRST = 1, 2
# tgtype bits (pg_trigger.h)
TG_ROW, TG_BEFORE, TG_INSERT, TG_DELETE, TG_UPDATE, TG_TRUNCATE, TG_INSTEAD = 1, 2, 4, 8, 16, 32, 64


def _clone_roots(rows: Iterable[Row]) -> tuple[list[Row], dict[int, list[Row]]]:
    """Split rows into declared objects and, per declared oid, the clones that descend from it."""
    rows = list(rows)
    by_oid = {row["oid"]: row for row in rows}
    declared: list[Row] = []
    clones: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        oid, seen = row["oid"], set()
        while by_oid[oid]["parent_oid"] in by_oid and oid not in seen:
            seen.add(oid)
            oid = by_oid[oid]["parent_oid"]
        if oid == row["oid"]:
            declared.append(row)
        else:
            clones[oid].append(row)
    return declared, clones


def _index_keys(row: Row, opclass_names: dict[int, str]) -> tuple[tuple[IndexKey, ...], tuple[str, ...]]:
    """Key elements and INCLUDE columns of one index from its pg_index arrays."""
    keys: list[IndexKey] = []
    include: list[str] = []
    for position, (attnum, text) in enumerate(zip(row["attnums"], row["element_texts"], strict=True)):
        if position >= row["key_count"]:
            include.append(text)
            continue
        option = row["options"][position]
        keys.append(
            IndexKey(
                column=text if attnum != 0 else None,
                expression=text if attnum == 0 else None,
                descending=bool(option & INDOPTION_DESC),
                nulls_first=bool(option & INDOPTION_NULLS_FIRST),
                opclass=opclass_names.get(row["opclass_oids"][position]),
            )
        )
    return tuple(keys), tuple(include)


def build_indexes(rows: Iterable[Row], opclass_rows: Iterable[Row]) -> tuple[Index, ...]:
    """Declared indexes; indexes attached to a partitioned index are listed as its copies."""
    opclass_names = {row["oid"]: row["name"] for row in opclass_rows if not row["is_default"]}
    declared, clones = _clone_roots(rows)
    indexes = []
    for row in declared:
        keys, include = _index_keys(row, opclass_names)
        indexes.append(
            Index(
                schema=row["schema"],
                name=row["name"],
                table=qualified(row["table_schema"], row["table_name"]),
                method=row["method"],
                keys=keys,
                include_columns=include,
                is_unique=row["is_unique"],
                is_primary=row["is_primary"],
                predicate=row["predicate"],
                constraint=row["constraint_key"],
                definition=row["definition"],
                is_valid=row["is_valid"],
                partition_copies=tuple(sorted(qualified(c["schema"], c["name"]) for c in clones[row["oid"]])),
                comment=row["comment"],
            )
        )
    return tuple(sorted(indexes, key=lambda i: i.key))


def build_views(
    rows: Iterable[Row], columns: dict[int, tuple[Column, ...]], server_version_num: int
) -> tuple[View, ...]:
    """Views and materialized views with their columns and the relations they read."""
    definition: Callable[[str], str] = str
    if server_version_num < 160000:  # 16+ prints the one form already (see normalize): nothing to parse
        from introspect.catalog.normalize import view_definition as definition
    views = [
        View(
            schema=row["schema"],
            name=row["name"],
            kind="materialized_view" if row["relkind"] == "m" else "view",
            owner=row["owner"],
            definition=definition(row["definition"]),
            columns=columns.get(row["oid"], ()),
            depends_on=tuple(sorted(row["depends_on"] or ())),
            populated=row["populated"],
            comment=row["comment"],
        )
        for row in rows
    ]
    return tuple(sorted(views, key=lambda v: v.key))


def build_sequences(rows: Iterable[Row]) -> tuple[Sequence, ...]:
    """Sequences, with the column that owns them."""
    return tuple(sorted((Sequence(**row) for row in rows), key=lambda s: s.key))


def build_enums(rows: Iterable[Row]) -> tuple[Enum, ...]:
    """Enum types with labels in declared order."""
    enums = (
        Enum(schema=r["schema"], name=r["name"], labels=tuple(r["labels"] or ()), comment=r["comment"]) for r in rows
    )
    return tuple(sorted(enums, key=lambda e: e.key))


def build_domains(rows: Iterable[Row]) -> tuple[Domain, ...]:
    """Domains with their CHECK constraints."""
    domains = (Domain(**{**row, "checks": tuple(row["checks"] or ())}) for row in rows)
    return tuple(sorted(domains, key=lambda d: d.key))


def build_functions(rows: Iterable[Row]) -> tuple[Function, ...]:
    """Functions and procedures."""
    functions = (
        Function(
            schema=row["schema"],
            name=row["name"],
            kind="procedure" if row["prokind"] == "p" else "function",
            arguments=row["arguments"],
            result=row["result"],
            language=row["language"],
            volatility=VOLATILITY[row["volatility"]],
            security_definer=row["security_definer"],
            strict=row["strict"],
            owner=row["owner"],
            source=row["source"],
            comment=row["comment"],
        )
        for row in rows
    )
    return tuple(sorted(functions, key=lambda f: f.key))


def _trigger_events(tgtype: int) -> tuple[str, ...]:
    bits = (("insert", TG_INSERT), ("update", TG_UPDATE), ("delete", TG_DELETE), ("truncate", TG_TRUNCATE))
    return tuple(name for name, bit in bits if tgtype & bit)


def _trigger_timing(tgtype: int) -> str:
    if tgtype & TG_INSTEAD:
        return "instead of"
    return "before" if tgtype & TG_BEFORE else "after"


def build_triggers(rows: Iterable[Row]) -> tuple[Trigger, ...]:
    """Declared triggers; the clones on partitions are listed on the declared one."""
    declared, clones = _clone_roots(rows)
    triggers = [
        Trigger(
            table=qualified(row["table_schema"], row["table_name"]),
            name=row["name"],
            timing=_trigger_timing(row["tgtype"]),
            events=_trigger_events(row["tgtype"]),
            level="row" if row["tgtype"] & TG_ROW else "statement",
            function=row["function"],
            definition=row["definition"],
            enabled=TRIGGER_ENABLED[row["enabled"]],
            condition=row["condition"],
            is_constraint_trigger=row["is_constraint_trigger"],
            partition_copies=tuple(sorted(qualified(c["table_schema"], c["table_name"]) for c in clones[row["oid"]])),
            comment=row["comment"],
        )
        for row in declared
    ]
    return tuple(sorted(triggers, key=lambda t: t.key))


def build_roles(rows: Iterable[Row]) -> tuple[Role, ...]:
    """Roles the selected objects mention, with their (sorted) memberships."""
    roles = (Role(**{**row, "member_of": tuple(sorted(row["member_of"] or ()))}) for row in rows)
    return tuple(sorted(roles, key=lambda r: r.key))


def build_grants(rows: Iterable[Row]) -> tuple[Grant, ...]:
    """One grant per object, grantee and privilege."""
    return tuple(sorted((Grant(**row) for row in rows), key=lambda g: (g.key, g.grantor)))
