"""The sample data: the overview's row counts, consistent derived data, refreshable analytics, indexed queries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

pytestmark = pytest.mark.slow

QUERIES_DIR = Path(__file__).resolve().parents[1] / "schema" / "queries"
MATERIALIZED_VIEWS = (
    "mv_customer_analytics",
    "mv_product_performance",
    "mv_daily_sales",
    "mv_category_performance",
    "mv_customer_segments",
    "mv_monthly_revenue",
    "mv_inventory_status",
)
# The overview's "Table Sizes" rows; the drift check accepts ±20 %.
STATED_ROWS = {
    "customers": 10_000,
    "orders": 50_000,
    "order_items": 150_000,
    "products": 20_000,
    "inventory": 20_000,
    "reviews": 30_000,
}
# Each query file and the index its plan must use (the overview's optimisation strategy for that row).
INTENDED_INDEX = {
    "simple_select_by_pk": "customers_pkey",
    "customer_order_history": "idx_orders_customer_date",
    "product_search": "idx_products_fulltext",
    "order_summary": "idx_orders_customer_covering",
    "dashboard_analytics": "idx_mv_daily_sales_date",
}


@pytest.fixture
def sample(sample_dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """The shared sample database, in a transaction that is rolled back."""
    conn = psycopg.connect(sample_dsn)
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


def count(conn: psycopg.Connection[tuple[object, ...]], query: str) -> int:
    row = conn.execute(query.encode()).fetchone()
    assert row is not None and isinstance(row[0], int)
    return row[0]


@pytest.mark.parametrize(("table", "stated"), sorted(STATED_ROWS.items()))
def test_row_counts_match_the_overview(sample: psycopg.Connection[tuple[object, ...]], table: str, stated: int) -> None:
    rows = count(sample, f"SELECT count(*) FROM {table}")
    assert 0.8 * stated <= rows <= 1.2 * stated, f"{table}: {rows} rows, stated {stated}"


def test_audit_log_has_over_100k_rows_from_triggers_and_history(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    assert count(sample, "SELECT count(*) FROM audit_log") >= 100_000
    by_origin = dict(
        sample.execute("SELECT operation || '/' || changed_by, count(*) FROM audit_log GROUP BY 1").fetchall()
    )
    # Recent orders were audited by the trigger as they were placed and moved through their life.
    assert by_origin.get("INSERT/postgres", 0) > 1000
    assert by_origin.get("UPDATE/postgres", 0) > 1000


def test_every_table_and_partitioned_variant_has_rows(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    tables = sample.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') "
        "AND NOT relispartition ORDER BY 1"
    ).fetchall()
    assert len(tables) == 15
    empty = [name for (name,) in tables if count(sample, f"SELECT count(*) FROM (SELECT 1 FROM {name} LIMIT 1) t") == 0]
    assert empty == []


def test_partitioned_variants_copy_their_base_tables(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    assert count(sample, "SELECT count(*) FROM orders_partitioned") == count(sample, "SELECT count(*) FROM orders")
    assert count(sample, "SELECT count(*) FROM customers_partitioned") == count(
        sample, "SELECT count(*) FROM customers"
    )
    assert count(sample, "SELECT count(*) FROM products_partitioned") == count(sample, "SELECT count(*) FROM products")
    # The quarters cover the sample's dates: nothing falls through to the default partition.
    assert count(sample, "SELECT count(*) FROM orders_partitioned_default") == 0
    per_partition = sample.execute(
        "SELECT tableoid::regclass::text, count(*) FROM products_partitioned GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert len(per_partition) == 4 and all(int(str(n)) > 4000 for _, n in per_partition)


def test_stored_totals_agree_with_the_order_lines(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    mismatches = count(
        sample,
        """SELECT count(*) FROM orders o
           LEFT JOIN (SELECT order_id, sum(line_total) AS lines FROM order_items GROUP BY order_id) l USING (order_id)
           WHERE o.subtotal <> coalesce(l.lines, 0)
              OR o.total_amount <> o.subtotal + o.tax + o.shipping - o.discount""",
    )
    assert mismatches == 0


def test_bulk_loaded_lines_reference_existing_rows(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    # order_items are loaded with triggers off (as pg_restore would): the foreign keys must still hold.
    orphans = count(
        sample,
        """SELECT count(*) FROM order_items oi
           WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = oi.order_id)
              OR NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = oi.product_id)""",
    )
    assert orphans == 0


def test_reserved_stock_matches_the_open_orders(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    mismatches = count(
        sample,
        """SELECT count(*) FROM inventory i
           LEFT JOIN (SELECT oi.product_id, sum(oi.quantity) AS reserved
                      FROM order_items oi JOIN orders o USING (order_id)
                      WHERE o.status IN ('pending', 'processing') GROUP BY oi.product_id) r USING (product_id)
           WHERE i.quantity_reserved <> coalesce(r.reserved, 0)""",
    )
    assert mismatches == 0


def test_every_materialized_view_has_a_unique_index_and_rows(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    for name in MATERIALIZED_VIEWS:
        unique_indexes = count(
            sample,
            f"SELECT count(*) FROM pg_index WHERE indrelid = '{name}'::regclass AND indisunique AND indpred IS NULL",
        )
        assert unique_indexes >= 1, name
        assert count(sample, f"SELECT count(*) FROM {name}") > 0, name


@pytest.mark.parametrize("name", MATERIALIZED_VIEWS)
def test_refresh_concurrently_succeeds(sample: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    before = count(sample, f"SELECT count(*) FROM {name}")
    sample.execute(sql.SQL("REFRESH MATERIALIZED VIEW CONCURRENTLY {}").format(sql.Identifier(name)))
    assert count(sample, f"SELECT count(*) FROM {name}") == before


def test_refresh_all_materialized_views(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    assert count(sample, "SELECT refresh_all_materialized_views()") == 7


def test_rfm_scores_cover_one_to_five(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    row = sample.execute(
        "SELECT min(recency_score), max(recency_score), min(frequency_score), max(monetary_score), "
        "count(DISTINCT segment) FROM mv_customer_segments"
    ).fetchone()
    assert row == (1, 5, 1, 5, 6)


def _plan_indexes(plan: object) -> set[str]:
    """Every index name a JSON plan tree mentions."""
    found: set[str] = set()
    if isinstance(plan, dict):
        if "Index Name" in plan:
            found.add(str(plan["Index Name"]))
        for value in plan.values():
            found |= _plan_indexes(value)
    elif isinstance(plan, list):
        for item in plan:
            found |= _plan_indexes(item)
    return found


@pytest.mark.parametrize(("query", "index"), sorted(INTENDED_INDEX.items()))
def test_query_uses_the_intended_index(sample: psycopg.Connection[tuple[object, ...]], query: str, index: str) -> None:
    text = (QUERIES_DIR / f"{query}.sql").read_text(encoding="utf-8")
    row = sample.execute(f"EXPLAIN (FORMAT JSON) {text}".encode()).fetchone()
    assert row is not None
    plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
    assert index in _plan_indexes(plan)


def test_complex_report_prunes_to_the_2024_partitions(sample: psycopg.Connection[tuple[object, ...]]) -> None:
    text = (QUERIES_DIR / "complex_reports.sql").read_text(encoding="utf-8")
    plan = "\n".join(str(r[0]) for r in sample.execute(f"EXPLAIN {text}".encode()).fetchall())
    assert "orders_partitioned_2024_q1" in plan
    assert "orders_partitioned_2023" not in plan


@pytest.mark.parametrize("query", sorted(p.stem for p in QUERIES_DIR.glob("*.sql")))
def test_query_file_is_one_statement_returning_rows(sample: psycopg.Connection[tuple[object, ...]], query: str) -> None:
    text = (QUERIES_DIR / f"{query}.sql").read_text(encoding="utf-8")
    assert text.startswith("-- Overview")
    assert text.rstrip().count(";") == 1 and text.rstrip().endswith(";")
    assert sample.execute(text.encode()).fetchall()
