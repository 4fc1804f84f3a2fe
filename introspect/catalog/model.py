"""The catalog model: one typed, frozen, sorted description of a database, shared by every stage.

Loaders (``introspect.catalog.load``) build it from a live database; renderers and the drift check
only read it. Every collection is a tuple sorted by the object's ``key`` (its qualified name), so
two introspections of the same schema compare and serialise identically. Statistics live apart
from the structure (``Catalog.statistics``) because they vary from run to run.

Qualified names are ``schema.name`` with each part written as-is (not quoted); functions add their
identity arguments as pg_get_function_identity_arguments prints them:
``public.place_order(p_customer bigint, p_note text)``; triggers and constraints, which are named
per table, are keyed ``schema.table.name``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


def qualified(schema: str, name: str) -> str:
    """Join a schema and an object name into the model's qualified-name form."""
    return f"{schema}.{name}"


@dataclass(frozen=True)
class Schema:
    """A user schema."""

    name: str
    owner: str
    comment: str | None = None

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class Extension:
    """An installed extension (plpgsql excluded); its member objects are never in the model."""

    name: str
    version: str
    schema: str
    comment: str | None = None

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class Column:
    """A column of a table, partition, view or materialized view, in attribute order."""

    name: str
    position: int
    data_type: str  # format_type(atttypid, atttypmod): "character varying(255)", "order_status"
    nullable: bool
    default: str | None = None  # pg_get_expr(adbin): None for identity and generated columns
    identity: str | None = None  # "always" | "by default" | None
    generated: str | None = None  # "stored" | "virtual" | None
    generation_expression: str | None = None
    is_serial: bool = False  # default is nextval() of a sequence owned by this column
    collation: str | None = None  # only when it differs from the type's default
    comment: str | None = None


@dataclass(frozen=True)
class Constraint:
    """A table constraint as declared; clones PostgreSQL makes on partitions are only listed."""

    table: str  # qualified name of the declaring table
    name: str
    kind: str  # "primary_key" | "unique" | "foreign_key" | "check" | "exclusion"
    columns: tuple[str, ...]  # constrained columns, in key order (empty for a table-level CHECK)
    definition: str  # pg_get_constraintdef(oid): shown to readers, never parsed
    referenced_table: str | None = None  # FK only: qualified name
    referenced_columns: tuple[str, ...] = ()
    on_delete: str | None = None  # FK only: "no action" | "restrict" | "cascade" | "set null" | "set default"
    on_update: str | None = None
    match_type: str | None = None  # FK only: "simple" | "full" | "partial"
    deferrable: bool = False
    initially_deferred: bool = False
    validated: bool = True
    index: str | None = None  # qualified name of the backing index (PK, UNIQUE, EXCLUDE)
    partition_copies: tuple[str, ...] = ()  # qualified names of partitions holding a clone
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"{self.table}.{self.name}"


@dataclass(frozen=True)
class PartitionKey:
    """How a partitioned table splits its rows."""

    strategy: str  # "range" | "list" | "hash"
    columns: tuple[str, ...]  # key columns; an expression key element appears as its text
    definition: str  # pg_get_partkeydef(oid), e.g. "RANGE (order_date)"


@dataclass(frozen=True)
class Table:
    """An ordinary table, a partitioned table, or a partition (kind tells which)."""

    schema: str
    name: str
    kind: str  # "table" | "partitioned_table" | "partition" (a partition may itself be partitioned)
    owner: str
    columns: tuple[Column, ...]
    constraints: tuple[Constraint, ...] = ()
    partition_key: PartitionKey | None = None  # set on partitioned tables (and sub-partitioned ones)
    parent: str | None = None  # partitions: qualified name of the table they belong to
    partition_bound: str | None = None  # partitions: "FOR VALUES FROM (…) TO (…)" | "DEFAULT"
    is_default_partition: bool = False
    partitions: tuple[str, ...] = ()  # direct children, sorted
    persistence: str = "permanent"  # "permanent" | "unlogged" | "temporary"
    row_security: bool = False
    comment: str | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)

    @property
    def is_partition(self) -> bool:
        return self.parent is not None


@dataclass(frozen=True)
class IndexKey:
    """One key element of an index: a column or an expression."""

    column: str | None  # the column name, or None when this element is an expression
    expression: str | None = None  # pg_get_indexdef(indexrelid, n, true) for expression elements
    descending: bool = False
    nulls_first: bool = False
    opclass: str | None = None  # only when not the type's default operator class


@dataclass(frozen=True)
class Index:
    """An index as declared; the per-partition copies of a partitioned index are only listed."""

    schema: str
    name: str
    table: str  # qualified name of the indexed table
    method: str  # pg_am.amname: "btree" | "gin" | "gist" | "brin" | "hash" | "spgist" | …
    keys: tuple[IndexKey, ...]
    include_columns: tuple[str, ...] = ()  # INCLUDE (…) payload columns
    is_unique: bool = False
    is_primary: bool = False
    predicate: str | None = None  # partial index WHERE clause, pg_get_expr(indpred)
    constraint: str | None = None  # key of the constraint this index backs
    definition: str = ""  # pg_get_indexdef(oid): shown to readers, never parsed
    is_valid: bool = True
    partition_copies: tuple[str, ...] = ()  # qualified names of the attached partition indexes
    comment: str | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)

    @property
    def is_partial(self) -> bool:
        return self.predicate is not None

    @property
    def is_composite(self) -> bool:
        return len(self.keys) > 1

    @property
    def is_covering(self) -> bool:
        return bool(self.include_columns)


@dataclass(frozen=True)
class View:
    """A view or a materialized view."""

    schema: str
    name: str
    kind: str  # "view" | "materialized_view"
    owner: str
    definition: str  # pg_get_viewdef(oid, true)
    columns: tuple[Column, ...]
    depends_on: tuple[str, ...] = ()  # qualified names of relations it reads, from pg_depend/pg_rewrite
    populated: bool | None = None  # materialized views only
    comment: str | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)


@dataclass(frozen=True)
class Sequence:
    """A sequence, standalone or owned by a serial/identity column."""

    schema: str
    name: str
    data_type: str
    start: int
    increment: int
    min_value: int
    max_value: int
    cycle: bool
    owned_by: str | None = None  # "schema.table.column"
    is_identity: bool = False
    comment: str | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)


@dataclass(frozen=True)
class Enum:
    """An enum type; labels keep their declared order."""

    schema: str
    name: str
    labels: tuple[str, ...]
    comment: str | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)


@dataclass(frozen=True)
class Domain:
    """A domain over a base type, with its CHECK constraints."""

    schema: str
    name: str
    base_type: str
    nullable: bool = True
    default: str | None = None
    checks: tuple[str, ...] = ()  # pg_get_constraintdef of each domain CHECK, sorted by name
    comment: str | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)


@dataclass(frozen=True)
class Function:
    """A function or procedure (aggregates and window functions are not included)."""

    schema: str
    name: str
    kind: str  # "function" | "procedure"
    arguments: str  # pg_get_function_identity_arguments(oid)
    result: str | None  # pg_get_function_result(oid); None for procedures
    language: str
    volatility: str  # "immutable" | "stable" | "volatile"
    security_definer: bool = False
    strict: bool = False
    owner: str = ""
    source: str = ""  # prosrc: the body as written
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"{qualified(self.schema, self.name)}({self.arguments})"

    @property
    def returns_trigger(self) -> bool:
        return self.result == "trigger"


@dataclass(frozen=True)
class Trigger:
    """A trigger as declared; clones on partitions are only listed."""

    table: str  # qualified name
    name: str
    timing: str  # "before" | "after" | "instead of"
    events: tuple[str, ...]  # subset of ("insert", "update", "delete", "truncate"), in that order
    level: str  # "row" | "statement"
    function: str  # key of the trigger function
    definition: str  # pg_get_triggerdef(oid, true)
    enabled: str = "origin"  # "origin" | "always" | "replica" | "disabled"
    condition: str | None = None  # WHEN (…)
    is_constraint_trigger: bool = False
    partition_copies: tuple[str, ...] = ()
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"{self.table}.{self.name}"


@dataclass(frozen=True)
class Role:
    """A role that the schema's grants or ownership mention (bootstrap/predefined roles left out)."""

    name: str
    can_login: bool = False
    superuser: bool = False
    inherit: bool = True
    member_of: tuple[str, ...] = ()
    comment: str | None = None

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class Grant:
    """One privilege on one object for one grantee, from aclexplode."""

    object_kind: (
        str  # "table" | "partitioned_table" | "view" | "materialized_view" | "sequence" | "function" | "schema"
    )
    object: str  # key of the object
    grantee: str  # role name, or "PUBLIC"
    privilege: str  # upper case, as GRANT spells it: "SELECT", "EXECUTE", "USAGE", …
    grantor: str
    grantable: bool = False

    @property
    def key(self) -> str:
        return f"{self.object_kind}:{self.object}:{self.grantee}:{self.privilege}"


@dataclass(frozen=True)
class RelationStats:
    """Size and row count of one table, partition, materialized view or index."""

    relation: str  # qualified name
    kind: str  # "table" | "partitioned_table" | "partition" | "materialized_view" | "index"
    rows: int  # exact count on a throwaway database, reltuples estimate otherwise (-1: unknown)
    rows_exact: bool
    heap_bytes: int  # main fork (for an index: the index itself)
    toast_bytes: int = 0
    index_bytes: int = 0  # all indexes of the relation (0 for an index)
    total_bytes: int = 0  # pg_total_relation_size; partitioned tables: sum over their partitions
    index_scans: int | None = None  # indexes only: pg_stat_user_indexes.idx_scan

    @property
    def key(self) -> str:
        return self.relation


@dataclass(frozen=True)
class Statistics:
    """The run-dependent part of the catalog: sizes and row counts."""

    database_bytes: int = 0
    relations: tuple[RelationStats, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Everything schemadoc knows about one database."""

    database: str
    server_version: str  # current_setting('server_version')
    server_version_num: int
    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()
    tables: tuple[Table, ...] = ()  # ordinary, partitioned and partitions
    indexes: tuple[Index, ...] = ()
    views: tuple[View, ...] = ()  # views and materialized views
    sequences: tuple[Sequence, ...] = ()
    enums: tuple[Enum, ...] = ()
    domains: tuple[Domain, ...] = ()
    functions: tuple[Function, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    roles: tuple[Role, ...] = ()
    grants: tuple[Grant, ...] = ()
    statistics: Statistics = field(default_factory=Statistics)

    # Lookups used by renderers and the drift check. They are derived, never serialised.

    @cached_property
    def _by_key(self) -> dict[str, dict[str, Any]]:
        """Key -> object maps, built once per catalog (the catalog is immutable)."""
        return {
            "tables": {t.key: t for t in self.tables},
            "views": {v.key: v for v in self.views},
            "indexes": {i.key: i for i in self.indexes},
            "statistics": {r.key: r for r in self.statistics.relations},
        }

    def table(self, key: str) -> Table | None:
        """The table, partitioned table or partition with this qualified name."""
        return self._by_key["tables"].get(key)

    def view(self, key: str) -> View | None:
        """The view or materialized view with this qualified name."""
        return self._by_key["views"].get(key)

    def index(self, key: str) -> Index | None:
        """The declared index with this qualified name."""
        return self._by_key["indexes"].get(key)

    @cached_property
    def _grouped(self) -> dict[str, dict[str, tuple[Any, ...]]]:
        """Indexes and triggers by table, foreign keys by referenced table, in catalog order: built
        once, as pages ask for every table's (a scan per table made a large site quadratic)."""
        groups: dict[str, dict[str, list[Any]]] = {"indexes": {}, "triggers": {}, "referencing": {}}
        for index in self.indexes:
            groups["indexes"].setdefault(index.table, []).append(index)
        for trigger in self.triggers:
            groups["triggers"].setdefault(trigger.table, []).append(trigger)
        for constraint in self._foreign_keys:
            groups["referencing"].setdefault(constraint.referenced_table or "", []).append(constraint)
        return {kind: {key: tuple(items) for key, items in by_key.items()} for kind, by_key in groups.items()}

    @cached_property
    def _foreign_keys(self) -> tuple[Constraint, ...]:
        fks = (c for t in self.tables for c in t.constraints if c.kind == "foreign_key")
        return tuple(sorted(fks, key=lambda c: c.key))

    def indexes_on(self, table_key: str) -> tuple[Index, ...]:
        """Declared indexes on one table, partitioned table or materialized view."""
        return self._grouped["indexes"].get(table_key, ())

    def triggers_on(self, table_key: str) -> tuple[Trigger, ...]:
        """Declared triggers on one table."""
        return self._grouped["triggers"].get(table_key, ())

    def foreign_keys(self) -> tuple[Constraint, ...]:
        """Every declared foreign key, sorted by key."""
        return self._foreign_keys

    def referencing(self, table_key: str) -> tuple[Constraint, ...]:
        """Declared foreign keys that point at this table."""
        return self._grouped["referencing"].get(table_key, ())

    def top_level_tables(self) -> tuple[Table, ...]:
        """Ordinary and partitioned tables that are not themselves partitions."""
        return tuple(t for t in self.tables if not t.is_partition)

    def relation_stats(self, key: str) -> RelationStats | None:
        """Statistics of one relation (table, partition, materialized view or index)."""
        return self._by_key["statistics"].get(key)


def _fill_fields_at_once(cls: type) -> None:
    """Give a frozen model class an ``__init__`` that fills the instance dict in one step.

    The ``__init__`` that ``dataclass(frozen=True)`` writes sets each field through
    ``object.__setattr__``, one call per field; a 1,000-table catalog builds about 22,000 objects
    and those calls were about 40% of its assembly time. This one takes the same parameters with the
    same defaults and makes the same object (still frozen: only ``__setattr__`` is guarded). Classes
    with a default factory or a ``__post_init__`` keep the generated one.
    """
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or any(
        not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING for f in fields
    ):
        return
    namespace: dict[str, Any] = {}
    parameters = []
    for f in fields:
        if f.default is dataclasses.MISSING:
            parameters.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
    values = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    source = f"def __init__(self, {', '.join(parameters)}):\n    self.__dict__.update({{{values}}})\n"
    exec(source, namespace)  # the text is built above from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = f"Initialise a {cls.__name__} (all fields in one step)."
    cls.__init__ = init  # type: ignore[misc]


def _fill_every_model_class() -> None:
    for value in list(globals().values()):
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            _fill_fields_at_once(value)


_fill_every_model_class()
