"""The roles of the overview: what each may do and what it may not, and that creating them is idempotent.

Roles are cluster-wide: the session's cluster already has them from the canonical deploy, so deploying the
schema into this module's database proves a second deploy into the same cluster works.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors, sql

from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import deploy_schema

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
ROLES = ("readonly_user", "order_manager", "analyst")
# The fixture's database is fresh, so its only customer and product get key 1; order_manager cannot look them up.
CUSTOMER_ID = 1
PRODUCT_ID = 1


@pytest.fixture(scope="module")
def roles_dsn(pg_cluster: Cluster, canonical_dsn: str) -> str:
    """A second database of the canonical schema in the same cluster, with a customer and a product."""
    dsn = pg_cluster.create_database("schema_roles")
    deploy_schema(dsn, SCHEMA_DIR)
    with psycopg.connect(dsn) as conn:
        conn.execute("INSERT INTO product_categories (name, slug) VALUES ('Garden', 'garden')")
        conn.execute(
            "INSERT INTO products (sku, name, category_id, unit_price, cost_price) "
            "SELECT 'GAR-000001', 'Rake', category_id, 15, 6 FROM product_categories"
        )
        conn.execute(
            "INSERT INTO inventory (product_id, warehouse_code, quantity_available) "
            "SELECT product_id, 'W1', 3 FROM products"
        )
        conn.execute("INSERT INTO customers (email, first_name, last_name) VALUES ('bo@example.com', 'Bo', 'Ek')")
        conn.execute("SELECT refresh_all_materialized_views(false)")
    return dsn


@pytest.fixture
def as_role(roles_dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection whose transaction (rolled back afterwards) may switch role with SET ROLE."""
    conn = psycopg.connect(roles_dsn)
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


def set_role(conn: psycopg.Connection[tuple[object, ...]], role: str) -> None:
    conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))


def test_roles_exist_once_after_two_deploys(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    rows = as_role.execute(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) ORDER BY rolname", (list(ROLES),)
    ).fetchall()
    assert [row[0] for row in rows] == sorted(ROLES)


def test_readonly_user_reads_but_cannot_insert(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    set_role(as_role, "readonly_user")
    assert as_role.execute("SELECT count(*) FROM products").fetchone() == (1,)
    assert as_role.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)
    with pytest.raises(errors.InsufficientPrivilege, match="customers"):
        as_role.execute("INSERT INTO customers (email, first_name, last_name) VALUES ('x@example.com', 'X', 'Y')")


def test_readonly_user_cannot_update(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    set_role(as_role, "readonly_user")
    with pytest.raises(errors.InsufficientPrivilege, match="orders"):
        as_role.execute("UPDATE orders SET notes = 'changed'")


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM products",
        "UPDATE products SET unit_price = 1",
        "INSERT INTO products (sku, name, category_id, unit_price, cost_price) VALUES ('GAR-000002', 'Hoe', 1, 9, 4)",
        "DELETE FROM products",
    ],
)
def test_order_manager_cannot_touch_products(as_role: psycopg.Connection[tuple[object, ...]], statement: str) -> None:
    set_role(as_role, "order_manager")
    with pytest.raises(errors.InsufficientPrivilege, match="products"):
        as_role.execute(statement)


def test_order_manager_runs_the_order_flow(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    set_role(as_role, "order_manager")
    row = as_role.execute("SELECT place_order(%s)", (CUSTOMER_ID,)).fetchone()
    assert row is not None
    order_id = row[0]
    as_role.execute("SELECT add_order_item(%s, %s, 2)", (order_id, PRODUCT_ID))
    as_role.execute("SELECT reserve_inventory(%s)", (order_id,))
    as_role.execute("UPDATE orders SET notes = 'leave at the door' WHERE order_id = %s", (order_id,))
    total = as_role.execute("SELECT total_amount FROM orders WHERE order_id = %s", (order_id,)).fetchone()
    assert total is not None and float(total[0]) == 30.0
    with pytest.raises(errors.InsufficientPrivilege, match="audit_log"):
        as_role.execute("SELECT count(*) FROM audit_log")


def test_order_manager_writes_orders_and_lines_directly(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    set_role(as_role, "order_manager")
    row = as_role.execute("INSERT INTO orders (customer_id) VALUES (%s) RETURNING order_id", (CUSTOMER_ID,)).fetchone()
    assert row is not None
    as_role.execute(
        "INSERT INTO order_items (order_id, line_number, product_id, quantity, unit_price) VALUES (%s, 1, %s, 3, 15)",
        (row[0], PRODUCT_ID),
    )
    total = as_role.execute("SELECT total_amount FROM orders WHERE order_id = %s", (row[0],)).fetchone()
    assert total is not None and float(total[0]) == 45.0


def test_order_manager_cannot_delete_orders(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    set_role(as_role, "order_manager")
    with pytest.raises(errors.InsufficientPrivilege, match="orders"):
        as_role.execute("DELETE FROM orders")


def test_analyst_reads_tables_and_materialized_views(as_role: psycopg.Connection[tuple[object, ...]]) -> None:
    set_role(as_role, "analyst")
    views = as_role.execute("SELECT matviewname FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1").fetchall()
    assert len(views) == 7
    for (name,) in views:
        as_role.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(str(name))))
    assert as_role.execute("SELECT count(*) FROM mv_product_performance").fetchone() == (1,)
    assert as_role.execute("SELECT count(*) FROM customers").fetchone() == (1,)
    with pytest.raises(errors.InsufficientPrivilege, match="customers"):
        as_role.execute("DELETE FROM customers")


def test_nobody_but_the_owner_runs_flow_functions_unless_granted(
    as_role: psycopg.Connection[tuple[object, ...]],
) -> None:
    set_role(as_role, "analyst")
    with pytest.raises(errors.InsufficientPrivilege, match="place_order"):
        as_role.execute("SELECT place_order(1)")
