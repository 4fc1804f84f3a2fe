"""Tables, their columns and constraints, and the partition tree, from the raw query rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from introspect.catalog.model import Column, Constraint, PartitionKey, Table, qualified
from introspect.catalog.queries import Row

PERSISTENCE = {"p": "permanent", "u": "unlogged", "t": "temporary"}
STRATEGY = {"r": "range", "l": "list", "h": "hash"}
CONSTRAINT_KIND = {"p": "primary_key", "u": "unique", "f": "foreign_key", "c": "check", "x": "exclusion"}
FK_ACTION = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
FK_MATCH = {"s": "simple", "f": "full", "p": "partial"}
IDENTITY = {"a": "always", "d": "by default"}
GENERATED = {"s": "stored", "v": "virtual"}


def build_columns(rows: Iterable[Row]) -> dict[int, tuple[Column, ...]]:
    """Columns grouped by the oid of their relation, in attribute order."""
    by_relation: dict[int, list[Column]] = defaultdict(list)
    for row in rows:
        by_relation[row["relation_oid"]].append(
            Column(
                name=row["name"],
                position=row["position"],
                data_type=row["data_type"],
                nullable=row["nullable"],
                default=row["default"],
                identity=IDENTITY.get(row["identity"]),
                generated=GENERATED.get(row["generated"]),
                generation_expression=row["generation_expression"],
                is_serial=row["is_serial"],
                collation=row["collation"],
                comment=row["comment"],
            )
        )
    return {oid: tuple(sorted(cols, key=lambda c: c.position)) for oid, cols in by_relation.items()}


def _partition_key(row: Row) -> PartitionKey | None:
    if row["partition_strategy"] is None:
        return None
    columns: list[str] = []
    expressions_used = False
    for name in row["partition_key_columns"] or ():
        if name:
            columns.append(name)
        elif not expressions_used:
            # pg_get_expr prints the whole expression list at once; it stands in the first
            # expression slot (one expression, the usual case, is then exact).
            columns.append(row["partition_key_expressions"] or "")
            expressions_used = True
    return PartitionKey(
        strategy=STRATEGY[row["partition_strategy"]],
        columns=tuple(columns),
        definition=row["partition_key_definition"],
    )


def _root(oid: int, parent_of: dict[int, int]) -> int:
    """Follow parent links (partition clone -> declared object) to the top."""
    seen = {oid}
    while parent_of.get(oid):
        oid = parent_of[oid]
        if oid in seen:  # a cycle cannot happen in a sane catalog; stop rather than loop
            break
        seen.add(oid)
    return oid


def build_constraints(rows: list[Row], table_key: dict[int, str], table_parent: dict[int, int]) -> list[Constraint]:
    """Declared constraints, each with the partitions that hold a clone of it.

    FK/PK/UNIQUE/EXCLUDE clones point at their parent with conparentid; CHECK clones are only
    marked not local (conislocal false), so they belong to the nearest ancestor table that
    declares a CHECK of the same name.
    """
    by_oid = {row["oid"]: row for row in rows}
    parent_of = {row["oid"]: row["parent_oid"] for row in rows if row["parent_oid"]}
    local_checks = {
        (row["table_oid"], row["name"]): row["oid"] for row in rows if row["contype"] == "c" and row["is_local"]
    }
    copies: dict[int, set[str]] = defaultdict(set)
    declared: list[Row] = []
    for row in rows:
        if row["contype"] == "c":
            if row["is_local"]:
                declared.append(row)
                continue
            ancestor = table_parent.get(row["table_oid"])
            while ancestor and (ancestor, row["name"]) not in local_checks:
                ancestor = table_parent.get(ancestor)
            if ancestor:
                copies[local_checks[(ancestor, row["name"])]].add(table_key[row["table_oid"]])
            else:  # inherited from a table outside the selection: it is declared here as far as we know
                declared.append(row)
        elif row["parent_oid"] and row["parent_oid"] in by_oid:
            root = by_oid[_root(row["oid"], parent_of)]
            if row["table_oid"] != root["table_oid"]:
                copies[root["oid"]].add(table_key[row["table_oid"]])
        else:
            declared.append(row)
    return [_constraint(row, table_key, tuple(sorted(copies[row["oid"]]))) for row in declared]


def _constraint(row: Row, table_key: dict[int, str], partition_copies: tuple[str, ...]) -> Constraint:
    is_fk = row["contype"] == "f"
    index = qualified(row["index_schema"], row["index_name"]) if row["index_name"] else None
    return Constraint(
        table=table_key[row["table_oid"]],
        name=row["name"],
        kind=CONSTRAINT_KIND[row["contype"]],
        columns=tuple(row["columns"] or ()),
        definition=row["definition"],
        referenced_table=qualified(row["referenced_schema"], row["referenced_name"]) if is_fk else None,
        referenced_columns=tuple(row["referenced_columns"] or ()) if is_fk else (),
        on_delete=FK_ACTION[row["on_delete"]] if is_fk else None,
        on_update=FK_ACTION[row["on_update"]] if is_fk else None,
        match_type=FK_MATCH[row["match_type"]] if is_fk else None,
        deferrable=row["deferrable"],
        initially_deferred=row["initially_deferred"],
        validated=row["validated"],
        index=index,
        partition_copies=partition_copies,
        comment=row["comment"],
    )


def build_tables(
    table_rows: list[Row], columns: dict[int, tuple[Column, ...]], constraint_rows: list[Row]
) -> tuple[Table, ...]:
    """Every table with its columns, declared constraints and place in the partition tree."""
    table_key = {row["oid"]: qualified(row["schema"], row["name"]) for row in table_rows}
    table_parent = {row["oid"]: row["parent_oid"] for row in table_rows if row["parent_oid"]}
    children: dict[str, list[str]] = defaultdict(list)
    for row in table_rows:
        if row["parent_oid"]:
            children[qualified(row["parent_schema"], row["parent_name"])].append(table_key[row["oid"]])
    constraints: dict[str, list[Constraint]] = defaultdict(list)
    for constraint in build_constraints(constraint_rows, table_key, table_parent):
        constraints[constraint.table].append(constraint)
    tables = []
    for row in table_rows:
        key = table_key[row["oid"]]
        is_partition = row["parent_oid"] is not None
        kind = "partition" if is_partition else ("partitioned_table" if row["relkind"] == "p" else "table")
        tables.append(
            Table(
                schema=row["schema"],
                name=row["name"],
                kind=kind,
                owner=row["owner"],
                columns=columns.get(row["oid"], ()),
                constraints=tuple(sorted(constraints[key], key=lambda c: c.key)),
                partition_key=_partition_key(row),
                parent=qualified(row["parent_schema"], row["parent_name"]) if is_partition else None,
                partition_bound=row["partition_bound"],
                is_default_partition=row["is_default_partition"],
                partitions=tuple(sorted(children[key])),
                persistence=PERSISTENCE[row["persistence"]],
                row_security=row["row_security"],
                comment=row["comment"],
            )
        )
    return tuple(sorted(tables, key=lambda t: t.key))
