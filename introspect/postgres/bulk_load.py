"""Loading sample data fast without changing what it loads.

Two things a bulk load does better than row-by-row maintenance, both invisible in the result:

* plain secondary indexes — not unique, not backing a constraint, on an ordinary table that is
  not a partition, not clustered on, with no column statistics target, and not named anywhere in
  the sample-data files — are dropped before the load and built again afterwards, in one pass
  each, on every core, with their comments;
* the planner statistics of every table are gathered afterwards, on every core.

Rows are untouched: only when indexes are built changes (the tests compare the loaded tables'
checksums with and without this).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg
from psycopg import sql

_DEFERRABLE_INDEXES = """
SELECT n.nspname, ic.relname, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE t.relkind = 'r' AND NOT t.relispartition
  AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
  AND NOT i.indisclustered AND NOT i.indisreplident AND i.indisvalid
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = i.indexrelid AND d.deptype <> 'a')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = i.indexrelid AND d.deptype = 'e')
  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attstattarget > 0)
ORDER BY pg_relation_size(i.indrelid) DESC, 1, 2
"""

_ANALYZABLE = """
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition  -- a partitioned table's ANALYZE covers its partitions
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY pg_total_relation_size(c.oid) DESC, 1, 2
"""


@dataclass(frozen=True)
class DeferredIndex:
    """An index dropped for the load, and what builds it again."""

    schema: str
    name: str
    definition: str  # pg_get_indexdef
    comment: str | None


def workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _run_spread(dsn: str, statements: list[sql.SQL | sql.Composed]) -> None:
    """Run independent statements on one autocommit connection per core, biggest first."""
    if not statements:
        return
    count = min(workers(), len(statements))
    lanes = [statements[i::count] for i in range(count)]

    def run(lane: list[sql.SQL | sql.Composed]) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '256MB'")
            for statement in lane:
                conn.execute(statement)

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(run, lanes))


def _named_in(names: Iterable[str], lines: Iterable[str]) -> set[str]:
    """The names that occur as words in any of the lines (case-insensitive), read one line at a time."""
    wanted = {name.lower(): name for name in names}
    if not wanted:
        return set()
    alternatives = "|".join(re.escape(name) for name in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w$])", re.IGNORECASE)
    found: set[str] = set()
    for line in lines:
        found.update(wanted[match.group(0).lower()] for match in pattern.finditer(line))
    return found


@contextlib.contextmanager
def deferred_indexes(dsn: str, load_lines: Iterable[str]) -> Iterator[list[DeferredIndex]]:
    """Drop the deferrable indexes for the duration of the block, then build them again."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(_DEFERRABLE_INDEXES).fetchall()
        candidates = [DeferredIndex(*row) for row in rows]
        mentioned = _named_in([c.name for c in candidates], load_lines)
        deferred = [c for c in candidates if c.name not in mentioned]
        with conn.transaction():
            for index in deferred:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index.schema, index.name)))
    yield deferred
    _run_spread(dsn, [sql.SQL(index.definition) for index in deferred])  # type: ignore[arg-type]
    with psycopg.connect(dsn, autocommit=True) as conn:
        for index in (i for i in deferred if i.comment is not None):
            target = sql.Identifier(index.schema, index.name)
            conn.execute(sql.SQL("COMMENT ON INDEX {} IS {}").format(target, sql.Literal(index.comment)))


def analyze_everything(dsn: str) -> None:
    """ANALYZE every user table, partitioned table and materialized view, spread over the cores."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        relations = conn.execute(_ANALYZABLE).fetchall()
    _run_spread(dsn, [sql.SQL("ANALYZE {}").format(sql.Identifier(schema, name)) for schema, name in relations])
