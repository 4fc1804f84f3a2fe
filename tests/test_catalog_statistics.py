"""Statistics: exact row counts (one counting statement), estimates, and partitioned sums."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from introspect.catalog.load import load_catalog

SCHEMA = """
CREATE TABLE filled (id integer PRIMARY KEY, note text);
INSERT INTO filled SELECT g, repeat('x', 3000) FROM generate_series(1, 3) g;
CREATE TABLE empty (id integer);
CREATE TABLE parted (day date NOT NULL) PARTITION BY RANGE (day);
CREATE TABLE parted_a PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE parted_b PARTITION OF parted FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
INSERT INTO parted VALUES ('2024-01-05'), ('2024-01-06'), ('2024-02-07');
CREATE MATERIALIZED VIEW later AS SELECT id FROM filled WITH NO DATA;
"""


def test_exact_counts_and_partitioned_sums(make_database: Callable[..., str]) -> None:
    dsn = make_database("stats")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SCHEMA)
    stats = load_catalog(dsn).statistics
    by_key = {r.relation: r for r in stats.relations}
    assert (by_key["public.filled"].rows, by_key["public.filled"].rows_exact) == (3, True)
    assert (by_key["public.empty"].rows, by_key["public.empty"].rows_exact) == (0, True)
    assert by_key["public.parted_a"].rows == 2 and by_key["public.parted_b"].rows == 1
    parted = by_key["public.parted"]
    assert (parted.kind, parted.rows, parted.rows_exact) == ("partitioned_table", 3, True)
    assert parted.heap_bytes == by_key["public.parted_a"].heap_bytes + by_key["public.parted_b"].heap_bytes
    assert not by_key["public.later"].rows_exact  # an unpopulated materialized view cannot be counted
    filled = by_key["public.filled"]
    assert filled.heap_bytes > 0 and filled.index_bytes > 0 and filled.toast_bytes > 0
    assert filled.total_bytes >= filled.heap_bytes + filled.index_bytes
    assert by_key["public.filled_pkey"].kind == "index" and by_key["public.filled_pkey"].index_scans is not None
    assert stats.database_bytes > filled.total_bytes

    estimated = {r.relation: r for r in load_catalog(dsn, exact_row_counts=False).statistics.relations}
    assert not any(r.rows_exact for r in estimated.values())
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ANALYZE")
    analysed = {r.relation: r for r in load_catalog(dsn, exact_row_counts=False).statistics.relations}
    assert analysed["public.filled"].rows == 3 and analysed["public.parted"].rows == 3


def test_sizes_equal_the_server_size_functions(make_database: Callable[..., str]) -> None:
    dsn = make_database("stats_sizes")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SCHEMA)
        conn.execute("CREATE INDEX filled_note ON filled (note)")
        conn.execute("VACUUM filled")  # a free-space map and visibility map fork besides the main one
        conn.execute("REFRESH MATERIALIZED VIEW later")
        conn.execute("CREATE UNIQUE INDEX later_id ON later (id)")
        expected = {
            f"public.{name}": (indexes, total)
            for name, indexes, total in conn.execute(
                "SELECT relname, CASE WHEN relkind IN ('r', 'm') THEN pg_indexes_size(oid) ELSE 0 END,"
                " pg_total_relation_size(oid) FROM pg_class"
                " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'm', 'i')"
            )
        }
    by_key = {r.relation: r for r in load_catalog(dsn).statistics.relations}
    assert {key: (by_key[key].index_bytes, by_key[key].total_bytes) for key in expected} == expected
    assert expected["public.filled"][0] > 0 and expected["public.later"][0] > 0
