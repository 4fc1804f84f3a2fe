"""Lint rules over the catalog: each with a stable code, a name, a default severity, and a fix where
one exists. Rules read the typed catalog only, so they run the same on a deployed schema directory,
a live database and a committed ``catalog.json``."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from introspect.catalog.model import Catalog, Constraint, Index, Table, View

SEVERITIES = ("error", "warning", "info")
MAX_IDENTIFIER_BYTES = 63  # NAMEDATALEN - 1: PostgreSQL cuts longer names to this, silently


@dataclass(frozen=True)
class Finding:
    """One finding: the rule's code, the object it concerns, what is wrong and how to fix it."""

    code: str
    object: str  # qualified name: schema.table, schema.table.column, schema.table.constraint, schema.index
    message: str
    fix: str | None = None
    table: str | None = None  # the table (or view) whose page shows the object, for links


@dataclass(frozen=True)
class Rule:
    """A lint rule: ``check`` yields its findings; ``opt_in`` rules run only when enabled."""

    code: str
    name: str
    severity: str
    title: str
    check: Callable[[Catalog], Iterator[Finding]]
    opt_in: bool = False
    live_only: bool = False  # needs a live database's counters (--dsn)


def _identifier(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


def _relation(key: str) -> str:
    schema, _, name = key.partition(".")
    return f"{_identifier(schema)}.{_identifier(name)}"


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


def _no_primary_key(catalog: Catalog) -> Iterator[Finding]:
    for table in catalog.top_level_tables():
        if not any(c.kind == "primary_key" for c in table.constraints):
            yield Finding("SD101", table.key, "no primary key", table=table.key)


def _fk_without_index(catalog: Catalog) -> Iterator[Finding]:
    for fk in unindexed_foreign_keys(catalog):
        columns = ", ".join(_identifier(column) for column in fk.columns)
        fix = f"CREATE INDEX ON {_relation(fk.table)} ({columns});"
        yield Finding("SD102", fk.key, f"no index starts with ({', '.join(fk.columns)})", fix, table=fk.table)


def _index_shape(index: Index) -> tuple[object, ...]:
    keys = tuple((k.column, k.expression, k.descending, k.nulls_first, k.opclass) for k in index.keys)
    return (index.table, index.method, keys, index.predicate, tuple(sorted(index.include_columns)))


def _duplicate_index(catalog: Catalog) -> Iterator[Finding]:
    first_of: dict[tuple[object, ...], Index] = {}
    for index in sorted(catalog.indexes, key=lambda i: (i.constraint is None, i.key)):  # constraint-backed first
        shape = _index_shape(index)
        if shape in first_of:
            twin = first_of[shape]
            fix = None if index.constraint else f"DROP INDEX {_relation(index.key)};"
            yield Finding("SD103", index.key, f"same table, method, keys, predicate and INCLUDE as {twin.key}", fix,
                          table=index.table)  # fmt: skip
        else:
            first_of[shape] = index


def _redundant_index(catalog: Catalog) -> Iterator[Finding]:
    duplicates = {finding.object for finding in _duplicate_index(catalog)}
    for index in catalog.indexes:
        # Unique and covering indexes do something a longer index cannot: never redundant. A partial
        # index is redundant only beside a longer one with the very same predicate.
        if index.method != "btree" or index.is_unique or index.include_columns or index.key in duplicates:
            continue
        mine = [(k.column, k.expression) for k in index.keys]
        for other in catalog.indexes_on(index.table):
            theirs = [(k.column, k.expression) for k in other.keys]
            if (
                other.key != index.key
                and other.method == "btree"
                and other.predicate == index.predicate
                and len(theirs) > len(mine)
                and theirs[: len(mine)] == mine
            ):
                message = f"its keys are a prefix of {other.key}"
                yield Finding("SD104", index.key, message, f"DROP INDEX {_relation(index.key)};", table=index.table)
                break


def _mv_without_unique_index(catalog: Catalog) -> Iterator[Finding]:
    for view in catalog.views:
        if view.kind == "materialized_view" and refresh_index(catalog, view) is None:
            yield Finding("SD105", view.key, "no unique index on plain columns: cannot REFRESH … CONCURRENTLY",
                          table=view.key)  # fmt: skip


def _partitioned(catalog: Catalog) -> Iterator[Table]:
    return (table for table in catalog.tables if table.partition_key is not None)


def _no_default_partition(catalog: Catalog) -> Iterator[Finding]:
    for table in _partitioned(catalog):
        if table.partition_key is not None and table.partition_key.strategy in ("range", "list"):
            children = [catalog.table(key) for key in table.partitions]
            if not any(child is not None and child.is_default_partition for child in children):
                default = _relation(f"{table.schema}.{table.name}_default")
                fix = f"CREATE TABLE {default} PARTITION OF {_relation(table.key)} DEFAULT;"
                yield Finding("SD106", table.key, "no default partition: a row outside every bound is rejected", fix,
                              table=table.key)  # fmt: skip


_RANGE_BOUND = re.compile(r"^FOR VALUES FROM \((?P<low>.*)\) TO \((?P<high>.*)\)$", re.DOTALL)


def _bound_value(text: str) -> tuple[int, object] | None:
    """A single-column range bound as something comparable; None when it cannot be compared here."""
    text = text.strip()
    if text in ("MINVALUE", "MAXVALUE"):
        return (0 if text == "MINVALUE" else 2, 0)
    literal = re.fullmatch(r"'([^']*)'(?:::[\w ]+)?", text)
    value = literal.group(1) if literal else text
    if re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return (1, float(value))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return (1, date.fromisoformat(value).toordinal())
    return None


def _range_gaps(catalog: Catalog) -> Iterator[Finding]:
    for table in _partitioned(catalog):
        partition_key = table.partition_key
        if partition_key is None or partition_key.strategy != "range" or len(partition_key.columns) != 1:
            continue
        bounds = []
        for key in table.partitions:
            child = catalog.table(key)
            match = _RANGE_BOUND.match(child.partition_bound or "") if child is not None else None
            if child is None or match is None:
                continue
            low, high = _bound_value(match["low"]), _bound_value(match["high"])
            if low is None or high is None:
                break  # bounds of a type compared here only by the server: say nothing rather than guess
            bounds.append((low, high, child.key, match["low"].strip(), match["high"].strip()))
        else:
            bounds.sort()
            for (_, high, before, _, high_text), (low, _, after, low_text, _) in itertools.pairwise(bounds):
                if low > high:
                    yield Finding("SD107", table.key, f"gap between {before} (to {high_text}) and {after} "
                                  f"(from {low_text}): rows there go to the default partition or are rejected",
                                  table=table.key)  # fmt: skip


def _singular(name: str) -> str:
    for plural, singular in (("ies", "y"), ("ses", "s"), ("xes", "x"), ("s", "")):
        if name.endswith(plural) and len(name) > len(plural) + 1:
            return name[: -len(plural)] + singular
    return name


def _implied_foreign_keys(catalog: Catalog) -> Iterator[Finding]:
    keyed: dict[str, Table] = {}  # "customer_id" -> customers, by single-column primary keys
    for table in catalog.top_level_tables():
        primary = next((c for c in table.constraints if c.kind == "primary_key"), None)
        if primary is not None and len(primary.columns) == 1:
            for name in {f"{table.name}_id", f"{_singular(table.name)}_id", primary.columns[0]}:
                if name.endswith("_id") and name != "id":
                    keyed.setdefault(name, table)
    for table in catalog.top_level_tables():
        referenced = {column for c in table.constraints if c.kind == "foreign_key" for column in c.columns}
        own_key = {column for c in table.constraints if c.kind == "primary_key" for column in c.columns}
        for column in table.columns:
            target = keyed.get(column.name)
            if target is None or target.key == table.key or column.name in referenced or column.name in own_key:
                continue
            target_column = next(c for c in target.constraints if c.kind == "primary_key").columns[0]
            target_type = next((c.data_type for c in target.columns if c.name == target_column), None)
            if target_type != column.data_type:  # same name, other type: e.g. a bigint txid beside an integer key
                continue
            fix = (
                f"ALTER TABLE {_relation(table.key)} ADD FOREIGN KEY ({_identifier(column.name)}) "
                f"REFERENCES {_relation(target.key)} ({_identifier(target_column)});"
            )
            yield Finding("SD108", f"{table.key}.{column.name}", f"looks like a reference to {target.key} "
                          f"({target_column}) but has no foreign key", fix, table=table.key)  # fmt: skip


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _missing_comments(catalog: Catalog) -> Iterator[Finding]:
    for table in catalog.top_level_tables():
        if not table.comment:
            kind = table.kind.replace("_", " ")
            yield Finding("SD109", table.key, f"{kind} has no comment", f"COMMENT ON TABLE {_relation(table.key)} IS "
                          f"{_literal('…')};", table=table.key)  # fmt: skip
        for column in table.columns:
            if not column.comment:
                target = f"{_relation(table.key)}.{_identifier(column.name)}"
                yield Finding("SD109", f"{table.key}.{column.name}", "column has no comment",
                              f"COMMENT ON COLUMN {target} IS {_literal('…')};", table=table.key)  # fmt: skip


def _names(catalog: Catalog) -> Iterator[tuple[str, str, str | None]]:
    """Every (object, name, table) whose name PostgreSQL may have cut."""
    for table in catalog.tables:
        yield table.key, table.name, table.key
        for column in table.columns:
            yield f"{table.key}.{column.name}", column.name, table.key
        for constraint in table.constraints:
            if constraint.index is None:  # an index-backed constraint shares its index's name: reported once
                yield constraint.key, constraint.name, table.key
    for index in catalog.indexes:
        yield index.key, index.name, index.table
    for view in catalog.views:
        yield view.key, view.name, view.key
    for function in catalog.functions:
        yield function.key, function.name, None


def _truncated_identifiers(catalog: Catalog) -> Iterator[Finding]:
    for key, name, table in _names(catalog):
        if len(name.encode("utf-8")) >= MAX_IDENTIFIER_BYTES:
            message = f"name is {MAX_IDENTIFIER_BYTES} bytes, PostgreSQL's limit: a longer name was cut to it"
            yield Finding("SD110", key, message, table=table)


def _invalid_indexes(catalog: Catalog) -> Iterator[Finding]:
    for index in catalog.indexes:
        if not index.is_valid:
            fix = f"REINDEX INDEX {_relation(index.key)};"
            yield Finding("SD111", index.key, "index is not valid (a failed CREATE INDEX CONCURRENTLY?)", fix,
                          table=index.table)  # fmt: skip


def _columns_of_type(catalog: Catalog, wanted: Callable[[str], bool]) -> Iterator[tuple[Table, str, str]]:
    for table in catalog.top_level_tables():
        for column in table.columns:
            if wanted(column.data_type):
                yield table, column.name, column.data_type


def _type_rule(
    code: str, wanted: Callable[[str], bool], better: str, why: str
) -> Callable[[Catalog], Iterator[Finding]]:
    def check(catalog: Catalog) -> Iterator[Finding]:
        for table, column, data_type in _columns_of_type(catalog, wanted):
            fix = f"ALTER TABLE {_relation(table.key)} ALTER COLUMN {_identifier(column)} TYPE {better};"
            yield Finding(code, f"{table.key}.{column}", f"{data_type}: {why}", fix, table=table.key)

    return check


def _serial_columns(catalog: Catalog) -> Iterator[Finding]:
    for table in catalog.top_level_tables():
        for column in table.columns:
            if column.is_serial:
                fix = (
                    f"ALTER TABLE {_relation(table.key)} ALTER COLUMN {_identifier(column.name)} DROP DEFAULT, "
                    f"ALTER COLUMN {_identifier(column.name)} ADD GENERATED BY DEFAULT AS IDENTITY;"
                )
                yield Finding("SD203", f"{table.key}.{column.name}", "serial column: an identity column is the "
                              "standard form, and its sequence follows the table", fix, table=table.key)  # fmt: skip


def _unused_indexes(catalog: Catalog) -> Iterator[Finding]:
    scans = {stats.relation: stats.index_scans for stats in catalog.statistics.relations if stats.kind == "index"}
    for index in catalog.indexes:
        if index.constraint is None and scans.get(index.key) == 0:
            fix = f"DROP INDEX {_relation(index.key)};"
            yield Finding("SD301", index.key, "never scanned since the statistics were last reset", fix,
                          table=index.table)  # fmt: skip


RULES: tuple[Rule, ...] = (
    Rule("SD101", "table-without-primary-key", "warning", "Tables without a primary key", _no_primary_key),
    Rule("SD102", "fk-without-index", "warning",
         "Foreign keys without a supporting index (deletes on the parent scan the child)", _fk_without_index),
    Rule("SD103", "duplicate-index", "warning",
         "Duplicate indexes (same table, method, keys, predicate and INCLUDE)", _duplicate_index),
    Rule("SD104", "redundant-index", "warning",
         "B-tree indexes whose keys are a prefix of another index on the same table", _redundant_index),
    Rule("SD105", "mv-not-concurrently-refreshable", "warning",
         "Materialized views without a unique index (no REFRESH … CONCURRENTLY)", _mv_without_unique_index),
    Rule("SD106", "no-default-partition", "info", "Partitioned tables without a default partition",
         _no_default_partition),
    Rule("SD107", "range-partition-gap", "warning", "Gaps between the bounds of range partitions", _range_gaps),
    Rule("SD108", "implied-foreign-key", "info", "Columns named like a table's key without a foreign key",
         _implied_foreign_keys),
    Rule("SD109", "missing-comment", "info", "Tables and columns without a comment", _missing_comments),
    Rule("SD110", "identifier-at-length-limit", "error",
         "Names at PostgreSQL's 63-byte limit (probably cut short)", _truncated_identifiers),
    Rule("SD111", "invalid-index", "error", "Invalid indexes (a failed CREATE INDEX CONCURRENTLY)", _invalid_indexes),
    Rule("SD201", "timestamp-without-time-zone", "warning", "timestamp without time zone columns",
         _type_rule("SD201", lambda t: (t.startswith("timestamp") and "without time zone" in t) or t == "timestamp",
                    "timestamptz", "instants stored without their zone are read back in the session's"), opt_in=True),
    Rule("SD202", "char-n", "warning", "char(n) columns",
         _type_rule("SD202", lambda t: t.startswith("character(") or t.startswith("char("), "text",
                    "blank-padded, and no faster than text"), opt_in=True),
    Rule("SD203", "serial-column", "warning", "serial columns instead of identity columns", _serial_columns,
         opt_in=True),
    Rule("SD204", "json-not-jsonb", "warning", "json columns instead of jsonb",
         _type_rule("SD204", lambda t: t == "json", "jsonb", "reparsed on every access, and cannot be indexed"),
         opt_in=True),
    Rule("SD301", "unused-index", "info", "Indexes never scanned (live databases only)", _unused_indexes,
         live_only=True),
)  # fmt: skip
BY_CODE = {rule.code: rule for rule in RULES}
BY_NAME = {rule.name: rule for rule in RULES}


def comment_coverage(catalog: Catalog) -> dict[str, float | int]:
    """How many tables and columns have a comment, and the percentage of both together."""
    tables = catalog.top_level_tables()
    columns = [column for table in tables for column in table.columns]
    commented_tables = sum(1 for table in tables if table.comment)
    commented_columns = sum(1 for column in columns if column.comment)
    total = len(tables) + len(columns)
    percent = 100.0 if total == 0 else round(100 * (commented_tables + commented_columns) / total, 1)
    return {
        "tables": len(tables),
        "tables_commented": commented_tables,
        "columns": len(columns),
        "columns_commented": commented_columns,
        "percent": percent,
    }
