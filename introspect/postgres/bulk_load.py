"""Loading sample data fast without changing what it loads.

What a bulk load does better than row-by-row maintenance, all of it invisible in the result:

* plain secondary indexes — not unique, not backing a constraint, on an ordinary table that is
  not a partition, not clustered on, with no column statistics target, and not named anywhere in
  the sample data — are dropped before the load and built again afterwards, in one pass each,
  with their comments;
* foreign keys between ordinary tables — validated, declared on the table itself, not named in the
  sample data, and whose actions the load could trigger (it deletes, truncates or merges nothing,
  and updates no referenced table whose key changes cascade) — are dropped before the load and
  added again afterwards: PostgreSQL then checks every row in one join instead of one lookup per
  inserted row, and a row without its referenced row still fails the deploy;
* the planner statistics of every table are gathered afterwards;
* all of that afterwards runs on every core: the keys are added at once without a check
  (``NOT VALID``, which takes no time), then each table's keys are validated (a lock that lets
  the referenced tables be indexed meanwhile), its indexes built and its statistics gathered, in
  that order (an expression index has statistics of its own), tables with expression indexes
  first (their expression is evaluated for every row twice), then the biggest.

Rows are untouched: only when indexes and checks are built changes (the tests compare the loaded
tables' checksums with and without this). Writes hidden in functions or triggers are not seen:
a load that deletes referenced rows only through them should name the foreign key in a comment.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from introspect.errors import SchemadocError

_EXTENSION_OWNED = """NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = {oid} AND d.deptype = 'e')"""
_USER_SCHEMA = "{nsp} NOT IN ('pg_catalog', 'information_schema') AND {nsp} NOT LIKE 'pg\\_%'"

_DEFERRABLE_INDEXES = f"""
SELECT n.nspname, ic.relname, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class'),
       t.relname, i.indexprs IS NOT NULL
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE t.relkind = 'r' AND NOT t.relispartition
  AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
  AND NOT i.indisclustered AND NOT i.indisreplident AND i.indisvalid
  AND {_USER_SCHEMA.format(nsp="n.nspname")}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = i.indexrelid AND d.deptype <> 'a')
  AND {_EXTENSION_OWNED.format(oid="i.indexrelid")}
  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attstattarget > 0)
ORDER BY pg_relation_size(i.indrelid) DESC, 1, 2
"""

_DEFERRABLE_FOREIGN_KEYS = f"""
SELECT n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid), obj_description(k.oid, 'pg_constraint'),
       r.relname, k.confupdtype, k.confdeltype
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = k.confrelid
WHERE k.contype = 'f' AND k.convalidated AND k.conislocal AND k.coninhcount = 0 AND k.conparentid = 0
  AND t.relkind = 'r' AND NOT t.relispartition AND r.relkind = 'r' AND NOT r.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid IN (t.oid, r.oid) OR h.inhparent IN (t.oid, r.oid))
  AND {_USER_SCHEMA.format(nsp="n.nspname")}
  AND {_EXTENSION_OWNED.format(oid="t.oid")}
ORDER BY pg_relation_size(k.conrelid) DESC, 1, 2, 3
"""

_ANALYZABLE = f"""
SELECT n.nspname, c.relname, pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition  -- a partitioned table's ANALYZE covers its partitions
  AND {_USER_SCHEMA.format(nsp="n.nspname")}
  AND {_EXTENSION_OWNED.format(oid="c.oid")}
ORDER BY pg_total_relation_size(c.oid) DESC, 1, 2
"""

# Actions a foreign key takes on the referencing rows when a referenced row goes or its key changes.
_ACTING = frozenset("cnd")  # CASCADE, SET NULL, SET DEFAULT

_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_QUALIFIED = rf"{_NAME}(?:\s*\.\s*{_NAME})*"
_MODIFICATION = re.compile(
    rf"\b(DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO|UPDATE)\s+(?:ONLY\s+)?({_QUALIFIED}(?:\s*,\s*{_QUALIFIED})*)",
    re.IGNORECASE,
)
_WRITE = r"\b(?:INSERT\s+INTO|COPY|UPDATE)\s+(?:ONLY\s+)?(?:{schema}\s*\.\s*)?{table}(?![\w$])"


class ForeignKeyCheckFailed(SchemadocError):
    """A foreign key added back after the load found a row without its referenced row."""

    def __init__(self, schema: str, table: str, message: str):
        super().__init__(message)
        self.schema, self.table = schema, table


@dataclass(frozen=True)
class DeferredIndex:
    """An index dropped for the load, and what builds it again."""

    schema: str
    name: str
    definition: str  # pg_get_indexdef
    comment: str | None
    table: str = ""
    on_expressions: bool = False


@dataclass(frozen=True)
class DeferredForeignKey:
    """A foreign key dropped for the load, and what adds it again."""

    schema: str
    table: str
    name: str
    definition: str  # pg_get_constraintdef
    comment: str | None
    referenced_table: str
    on_update: str  # pg_constraint.confupdtype
    on_delete: str


@dataclass
class LoadScan:
    """What the sample data's statements do, as far as deferring work goes."""

    mentioned: set[str] = field(default_factory=set)  # candidate names found as words
    deleted_from: set[str] = field(default_factory=set)  # DELETE, TRUNCATE, MERGE targets (unqualified)
    updated: set[str] = field(default_factory=set)  # UPDATE targets


@dataclass(frozen=True)
class Deferred:
    """What a load put off until its rows are in."""

    indexes: tuple[DeferredIndex, ...] = ()
    foreign_keys: tuple[DeferredForeignKey, ...] = ()


def workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _unquoted_last(name: str) -> str:
    last = str(re.findall(_NAME, name)[-1])
    return last[1:-1].replace('""', '"') if last.startswith('"') else last.lower()


def scan_statements(texts: Iterable[str], names: Iterable[str]) -> LoadScan:
    """Read the statements once: which of ``names`` they mention (as words, case-insensitively),
    and which tables they delete from or update."""
    wanted = {name.lower(): name for name in names}
    alternatives = "|".join(re.escape(name) for name in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w$])", re.IGNORECASE) if wanted else None
    scan = LoadScan()
    for text in texts:
        if pattern is not None:
            scan.mentioned.update(wanted[match.group(0).lower()] for match in pattern.finditer(text))
        for match in _MODIFICATION.finditer(text):
            targets = {_unquoted_last(part) for part in re.findall(_QUALIFIED, match.group(2))}
            (scan.updated if match.group(1).upper() == "UPDATE" else scan.deleted_from).update(targets)
    return scan


def deferrable_foreign_keys(candidates: list[DeferredForeignKey], scan: LoadScan) -> list[DeferredForeignKey]:
    """The candidates whose absence the load cannot notice: no action of theirs could fire.

    A deleted-from table's keys keep their checks, and so do the keys of tables whose rows those
    cascade to (to a fixed point); so do keys that cascade an update of a table the load updates."""
    deleted, updated = set(scan.deleted_from), set(scan.updated)
    changed = True
    while changed:  # deletes and key updates cascade along the kept acting keys
        changed = False
        for key in candidates:
            if key.referenced_table in deleted and key.on_delete in _ACTING and key.table not in deleted:
                deleted.add(key.table)
                changed = True
            if key.referenced_table in updated and key.on_update in _ACTING and key.table not in updated:
                updated.add(key.table)
                changed = True
    return [
        key
        for key in candidates
        if key.name not in scan.mentioned
        and key.referenced_table not in deleted
        and not (key.referenced_table in updated and key.on_update in _ACTING)
    ]


@dataclass
class _Task:
    statement: sql.SQL | sql.Composed
    table: tuple[str, str]
    # 0 validate a foreign key, 1 build an index, 2 gather statistics: a table's tasks of one kind
    # wait for its tasks of the kinds before (validation's lock excludes index builds)
    kind: int
    priority: tuple[bool, int] = (False, 0)  # (the table has an expression index, its size): higher first
    state: str = "waiting"  # waiting, running, done


def _run_tasks(dsn: str, tasks: list[_Task]) -> None:
    """Run the tasks on one autocommit connection per core, biggest table first, a table's
    statistics only once its indexes and keys are in; the first failure is raised."""
    if not tasks:
        return
    tasks = sorted(tasks, key=lambda t: (not t.priority[0], -t.priority[1], t.table, t.kind))
    condition = threading.Condition()
    failures: list[BaseException] = []

    # unfinished[table][kind]: that table's tasks of that kind not done yet
    unfinished: dict[tuple[str, str], list[int]] = {}
    for task in tasks:
        unfinished.setdefault(task.table, [0, 0, 0])[task.kind] += 1

    def runnable() -> _Task | None:
        for task in tasks:
            if task.state == "waiting" and not any(unfinished[task.table][: task.kind]):
                return task
        return None

    def work() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '256MB'")
            while True:
                with condition:
                    while True:
                        if failures or all(t.state != "waiting" for t in tasks):
                            return
                        task = runnable()
                        if task is not None:
                            task.state = "running"
                            break
                        condition.wait()
                try:
                    _execute_retrying_deadlocks(conn, task.statement)
                except BaseException as exc:  # handed to the caller's thread
                    with condition:
                        failures.append(exc)
                        condition.notify_all()
                    return
                with condition:
                    task.state = "done"
                    unfinished[task.table][task.kind] -= 1
                    condition.notify_all()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(workers(), len(tasks)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _execute_retrying_deadlocks(
    conn: psycopg.Connection[tuple[object, ...]], statement: sql.SQL | sql.Composed
) -> None:
    # Validations and index builds on tables that reference each other take their locks in different
    # orders and can deadlock; PostgreSQL cancels one, which runs again.
    for attempt in range(5):
        try:
            conn.execute(statement)
            return
        except psycopg.errors.DeadlockDetected:
            if attempt == 4:
                raise


def _candidate_indexes(conn: psycopg.Connection[tuple[object, ...]]) -> list[DeferredIndex]:
    rows = conn.execute(_DEFERRABLE_INDEXES).fetchall()
    return [DeferredIndex(*row) for row in rows]  # type: ignore[arg-type]


def _candidate_foreign_keys(conn: psycopg.Connection[tuple[object, ...]]) -> list[DeferredForeignKey]:
    rows = conn.execute(_DEFERRABLE_FOREIGN_KEYS).fetchall()
    return [DeferredForeignKey(*row) for row in rows]  # type: ignore[arg-type]


@contextlib.contextmanager
def deferred_work(dsn: str, load_statements: Iterable[str], *, foreign_keys: bool = True) -> Iterator[Deferred]:
    """Drop the deferrable indexes (and, with ``foreign_keys``, foreign keys) for the duration of
    the block, then add them back and gather statistics of every table, on every core."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        indexes = _candidate_indexes(conn)
        keys = _candidate_foreign_keys(conn) if foreign_keys else []
        scan = scan_statements(load_statements, [i.name for i in indexes] + [k.name for k in keys])
        deferred = Deferred(
            indexes=tuple(i for i in indexes if i.name not in scan.mentioned),
            foreign_keys=tuple(deferrable_foreign_keys(keys, scan)),
        )
        with conn.transaction():
            for key in deferred.foreign_keys:
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                        sql.Identifier(key.schema, key.table), sql.Identifier(key.name)
                    )
                )
            for index in deferred.indexes:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index.schema, index.name)))
    yield deferred
    _finish(dsn, deferred)


def _finish(dsn: str, deferred: Deferred) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        relations = conn.execute(_ANALYZABLE).fetchall()
        with conn.transaction():
            for key in deferred.foreign_keys:
                conn.execute(
                    sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID").format(
                        sql.Identifier(key.schema, key.table),
                        sql.Identifier(key.name),
                        sql.SQL(key.definition),  # type: ignore[arg-type]
                    )
                )
    expressions = {(i.schema, i.table) for i in deferred.indexes if i.on_expressions}
    sizes = {(schema, name): size for schema, name, size in relations}  # every table a task is about

    def priority(table: tuple[str, str]) -> tuple[bool, int]:
        return table in expressions, sizes.get(table, 0)

    tasks = [
        _Task(
            sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(
                sql.Identifier(key.schema, key.table), sql.Identifier(key.name)
            ),
            (key.schema, key.table),
            0,
            priority((key.schema, key.table)),
        )
        for key in deferred.foreign_keys
    ]
    tasks += [
        _Task(sql.SQL(index.definition), (index.schema, index.table), 1, priority((index.schema, index.table)))  # type: ignore[arg-type]
        for index in deferred.indexes
    ]
    tasks += [
        _Task(sql.SQL("ANALYZE {}").format(sql.Identifier(schema, name)), (schema, name), 2, priority((schema, name)))
        for schema, name, _ in relations
    ]
    try:
        _run_tasks(dsn, tasks)
    except psycopg.errors.ForeignKeyViolation as exc:
        table = exc.diag.table_name or ""
        schema = exc.diag.schema_name or ""
        detail = f"\nDETAIL: {exc.diag.message_detail}" if exc.diag.message_detail else ""
        raise ForeignKeyCheckFailed(schema, table, f"ERROR: {exc.diag.message_primary}{detail}") from exc
    with psycopg.connect(dsn, autocommit=True) as conn:
        for key in (k for k in deferred.foreign_keys if k.comment is not None):
            target = sql.SQL("{} ON {}").format(sql.Identifier(key.name), sql.Identifier(key.schema, key.table))
            conn.execute(sql.SQL("COMMENT ON CONSTRAINT {} IS {}").format(target, sql.Literal(key.comment)))
        for index in (i for i in deferred.indexes if i.comment is not None):
            name = sql.Identifier(index.schema, index.name)
            conn.execute(sql.SQL("COMMENT ON INDEX {} IS {}").format(name, sql.Literal(index.comment)))


def write_pattern(schema: str, table: str) -> re.Pattern[str]:
    """A statement that writes rows of ``schema.table`` (INSERT INTO, COPY, UPDATE), quoted or not."""

    def name(part: str) -> str:
        plain = re.fullmatch(r"[a-z_][a-z0-9_$]*", part)
        quoted = re.escape('"' + part.replace('"', '""') + '"')
        return f"(?:{re.escape(part)}|{quoted})" if plain else quoted

    return re.compile(_WRITE.format(schema=name(schema), table=name(table)), re.IGNORECASE)
