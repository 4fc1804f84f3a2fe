"""The canonical schema's behaviour: the order flow, its state machine, locking, totals, audit, integrity rules.

Every test runs in a transaction that is rolled back, in a database of its own (deployed once per module), so
the tests neither see nor leave each other's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import deploy_schema

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"


@pytest.fixture(scope="module")
def behaviour_dsn(pg_cluster: Cluster) -> str:
    """The schema without sample data, in a database only this module writes to."""
    dsn = pg_cluster.create_database("schema_behaviour")
    deploy_schema(dsn, SCHEMA_DIR)
    return dsn


@pytest.fixture
def db(behaviour_dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection inside a transaction that is rolled back after the test."""
    conn = psycopg.connect(behaviour_dsn)
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


@dataclass(frozen=True)
class Shop:
    """Keys of the minimal shop each test starts from."""

    customer_id: int
    address_id: int
    category_id: int
    book_id: int
    atlas_id: int


def one(conn: psycopg.Connection[tuple[object, ...]], query: str, *params: object) -> object:
    """The single value a query returns."""
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def one_int(conn: psycopg.Connection[tuple[object, ...]], query: str, *params: object) -> int:
    """The single integer a query returns (a key, a count)."""
    value = one(conn, query, *params)
    assert isinstance(value, int)
    return value


def open_shop(conn: psycopg.Connection[tuple[object, ...]]) -> Shop:
    """A category, a customer with an address, two stocked products and a running promotion."""
    category_id = one_int(
        conn, "INSERT INTO product_categories (name, slug) VALUES ('Books', 'books') RETURNING category_id"
    )
    customer_id = one_int(
        conn,
        "INSERT INTO customers (email, first_name, last_name) VALUES ('ann.lee@example.com', 'Ann', 'Lee') "
        "RETURNING customer_id",
    )
    address_id = one_int(
        conn,
        "INSERT INTO addresses (customer_id, line1, city, postal_code, country_code, is_default) "
        "VALUES (%s, '1 Main St', 'Springfield', '12345', 'US', true) RETURNING address_id",
        customer_id,
    )
    book_id = one_int(
        conn,
        "INSERT INTO products (sku, name, category_id, unit_price, cost_price) "
        "VALUES ('BOO-000001', 'Novel', %s, 20, 8) RETURNING product_id",
        category_id,
    )
    atlas_id = one_int(
        conn,
        "INSERT INTO products (sku, name, category_id, unit_price, cost_price) "
        "VALUES ('BOO-000002', 'Atlas', %s, 50, 30) RETURNING product_id",
        category_id,
    )
    conn.execute(
        "INSERT INTO inventory (product_id, warehouse_code, quantity_available) VALUES (%s, 'W1', 10), (%s, 'W1', 5)",
        (book_id, atlas_id),
    )
    conn.execute(
        "INSERT INTO promotions (code, name, discount_type, discount_value, start_date, end_date) "
        "VALUES ('SAVE10', 'Ten percent off', 'percentage', 10, current_date - 1, current_date + 30)"
    )
    return Shop(customer_id, address_id, category_id, book_id, atlas_id)


def stock(conn: psycopg.Connection[tuple[object, ...]], product_id: int) -> tuple[object, ...]:
    """(quantity_available, quantity_reserved) of a product."""
    row = conn.execute(
        "SELECT quantity_available, quantity_reserved FROM inventory WHERE product_id = %s", (product_id,)
    ).fetchone()
    assert row is not None
    return tuple(row)


def version(conn: psycopg.Connection[tuple[object, ...]], order_id: int) -> object:
    """The order's updated_at, the token of optimistic locking."""
    return one(conn, "SELECT updated_at FROM orders WHERE order_id = %s", order_id)


def paid_order(conn: psycopg.Connection[tuple[object, ...]], shop: Shop) -> int:
    """An order for two novels, reserved and paid (status processing)."""
    order_id = one_int(conn, "SELECT place_order(%s, %s, %s)", shop.customer_id, shop.address_id, shop.address_id)
    conn.execute("SELECT add_order_item(%s, %s, 2)", (order_id, shop.book_id))
    conn.execute("SELECT reserve_inventory(%s)", (order_id,))
    conn.execute("SELECT record_payment(%s, %s)", (order_id, version(conn, order_id)))
    return order_id


def test_order_flow_end_to_end(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = one(db, "SELECT place_order(%s, %s, %s, 4.99)", shop.customer_id, shop.address_id, shop.address_id)
    assert one(db, "SELECT status::text FROM orders WHERE order_id = %s", order_id) == "pending"

    assert one(db, "SELECT add_order_item(%s, %s, 2)", order_id, shop.book_id) == 1
    assert one(db, "SELECT add_order_item(%s, %s, 1)", order_id, shop.atlas_id) == 2
    assert one(db, "SELECT reserve_inventory(%s)", order_id) == 2
    assert stock(db, shop.book_id) == (10, 2)
    assert one(db, "SELECT apply_promotion(%s, 'save10')", order_id) == Decimal("9.00")
    totals = db.execute(
        "SELECT subtotal, discount, shipping, total_amount FROM orders WHERE order_id = %s", (order_id,)
    ).fetchone()
    assert totals == (Decimal("90.00"), Decimal("9.00"), Decimal("4.99"), Decimal("85.99"))

    paid = one(db, "SELECT record_payment(%s, %s)", order_id, version(db, order_id))
    row = db.execute("SELECT status::text, payment_status::text FROM orders WHERE order_id = %s", (order_id,))
    assert row.fetchone() == ("processing", "completed")
    shipped = one(db, "SELECT ship_order(%s, %s)", order_id, paid)
    assert one(db, "SELECT complete_inventory_transaction(%s)", order_id) == 2
    assert stock(db, shop.book_id) == (8, 0)
    assert stock(db, shop.atlas_id) == (4, 0)
    one(db, "SELECT deliver_order(%s, %s)", order_id, shipped)
    assert one(db, "SELECT status::text FROM orders WHERE order_id = %s", order_id) == "delivered"

    review_id = one(db, "SELECT submit_review(%s, %s, 5, 'Great', 'Loved it')", order_id, shop.book_id)
    review = db.execute("SELECT customer_id, is_verified_purchase FROM reviews WHERE review_id = %s", (review_id,))
    assert review.fetchone() == (shop.customer_id, True)
    movements = db.execute(
        "SELECT transaction_type::text, count(*) FROM inventory_transactions WHERE order_id = %s GROUP BY 1 ORDER BY 1",
        (order_id,),
    ).fetchall()
    assert movements == [("fulfil", 2), ("reserve", 2)]
    assert one(db, "SELECT times_used FROM promotions WHERE code = 'SAVE10'") == 1


def test_review_needs_a_delivered_order(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = paid_order(db, shop)
    with pytest.raises(errors.CheckViolation, match="not delivered"):
        db.execute("SELECT submit_review(%s, %s, 4)", (order_id, shop.book_id))


def test_cancel_releases_reserved_stock_and_refunds(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = paid_order(db, shop)
    assert stock(db, shop.book_id) == (10, 2)
    db.execute("SELECT cancel_order(%s, %s)", (order_id, version(db, order_id)))
    assert stock(db, shop.book_id) == (10, 0)
    row = db.execute("SELECT status::text, payment_status::text FROM orders WHERE order_id = %s", (order_id,))
    assert row.fetchone() == ("cancelled", "refunded")


def test_reservation_beyond_free_stock_is_refused(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = one(db, "SELECT place_order(%s)", shop.customer_id)
    db.execute("SELECT add_order_item(%s, %s, 6)", (order_id, shop.atlas_id))
    with pytest.raises(errors.CheckViolation, match="insufficient stock"):
        db.execute("SELECT reserve_inventory(%s)", (order_id,))


ILLEGAL_TRANSITIONS = [
    ("pending", "shipped"),
    ("pending", "delivered"),
    ("pending", "returned"),
    ("processing", "pending"),
    ("processing", "delivered"),
    ("processing", "returned"),
    ("shipped", "pending"),
    ("shipped", "processing"),
    ("shipped", "cancelled"),
    ("delivered", "pending"),
    ("delivered", "shipped"),
    ("delivered", "cancelled"),
    ("cancelled", "pending"),
    ("cancelled", "processing"),
    ("returned", "delivered"),
]

PATH_TO = {
    "pending": [],
    "processing": ["processing"],
    "shipped": ["processing", "shipped"],
    "delivered": ["processing", "shipped", "delivered"],
    "cancelled": ["cancelled"],
    "returned": ["processing", "shipped", "delivered", "returned"],
}


def _walk(conn: psycopg.Connection[tuple[object, ...]], order_id: int, path: list[str]) -> None:
    for status in path:
        conn.execute(
            "UPDATE orders SET status = %(status)s::order_status, payment_status = 'completed', "
            "shipped_date = CASE WHEN %(status)s::text IN ('shipped', 'delivered', 'returned') THEN order_date END, "
            "delivered_date = CASE WHEN %(status)s::text IN ('delivered', 'returned') THEN order_date END "
            "WHERE order_id = %(order_id)s",
            {"status": status, "order_id": order_id},
        )


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL_TRANSITIONS)
def test_illegal_status_transition_raises(
    db: psycopg.Connection[tuple[object, ...]], from_status: str, to_status: str
) -> None:
    shop = open_shop(db)
    order_id = one_int(db, "SELECT place_order(%s)", shop.customer_id)
    _walk(db, order_id, PATH_TO[from_status])
    assert one(db, "SELECT status::text FROM orders WHERE order_id = %s", order_id) == from_status
    with pytest.raises(errors.CheckViolation, match="illegal order status transition"):
        db.execute("UPDATE orders SET status = %s WHERE order_id = %s", (to_status, order_id))


def test_state_machine_matches_the_transition_function(db: psycopg.Connection[tuple[object, ...]]) -> None:
    allowed = db.execute(
        "SELECT f::text, t::text FROM unnest(enum_range(NULL::order_status)) f, "
        "unnest(enum_range(NULL::order_status)) t WHERE order_status_transition_allowed(f, t) ORDER BY 1, 2"
    ).fetchall()
    legal = {(a, b) for path in PATH_TO.values() for a, b in zip(["pending", *path], path, strict=False)}
    assert set(allowed) == legal | {("pending", "cancelled"), ("processing", "cancelled"), ("shipped", "returned")}
    assert not set(allowed) & set(ILLEGAL_TRANSITIONS)


def test_shipping_an_unpaid_order_is_refused(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = one(db, "SELECT place_order(%s)", shop.customer_id)
    db.execute("UPDATE orders SET status = 'processing' WHERE order_id = %s", (order_id,))
    with pytest.raises(errors.CheckViolation, match="before its payment"):
        db.execute("SELECT ship_order(%s, NULL)", (order_id,))


def test_stale_updated_at_is_refused(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = paid_order(db, shop)
    read_version = version(db, order_id)
    db.execute("UPDATE orders SET notes = 'first writer' WHERE order_id = %s", (order_id,))
    assert version(db, order_id) != read_version
    with pytest.raises(errors.SerializationFailure, match="changed by someone else"), db.transaction():
        db.execute("SELECT ship_order(%s, %s)", (order_id, read_version))
    with pytest.raises(errors.SerializationFailure, match="stale row version"), db.transaction():
        db.execute(
            "UPDATE orders SET notes = 'second writer', updated_at = %s WHERE order_id = %s", (read_version, order_id)
        )
    current = version(db, order_id)
    db.execute("UPDATE orders SET notes = 'second writer', updated_at = %s WHERE order_id = %s", (current, order_id))
    assert one(db, "SELECT notes FROM orders WHERE order_id = %s", order_id) == "second writer"


def test_total_amount_follows_the_order_lines(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = one(db, "SELECT place_order(%s, NULL, NULL, 5)", shop.customer_id)
    db.execute(
        "INSERT INTO order_items (order_id, line_number, product_id, quantity, unit_price) "
        "VALUES (%s, 1, %s, 3, 20), (%s, 2, %s, 1, 50)",
        (order_id, shop.book_id, order_id, shop.atlas_id),
    )
    assert one(db, "SELECT total_amount FROM orders WHERE order_id = %s", order_id) == Decimal("115.00")
    db.execute("UPDATE order_items SET quantity = 1 WHERE order_id = %s AND line_number = 1", (order_id,))
    db.execute("UPDATE orders SET tax = 7.50 WHERE order_id = %s", (order_id,))
    assert one(db, "SELECT total_amount FROM orders WHERE order_id = %s", order_id) == Decimal("82.50")
    db.execute("DELETE FROM order_items WHERE order_id = %s AND line_number = 2", (order_id,))
    assert one(db, "SELECT subtotal + 0 FROM orders WHERE order_id = %s", order_id) == Decimal("20.00")
    assert one(db, "SELECT total_amount FROM orders WHERE order_id = %s", order_id) == Decimal("32.50")


def test_audit_rows_hold_old_and_new_values(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = paid_order(db, shop)
    rows = db.execute(
        "SELECT operation, old_data, new_data FROM audit_log WHERE table_name = 'orders' AND record_id = %s "
        "ORDER BY audit_id",
        (order_id,),
    ).fetchall()
    operations = [row[0] for row in rows]
    assert operations[0] == "INSERT" and set(operations[1:]) == {"UPDATE"}
    inserted = rows[0][2]
    assert isinstance(inserted, dict) and inserted["status"] == "pending" and inserted["order_id"] == order_id
    assert rows[0][1] is None
    payment = rows[-1]
    assert payment[1] == {"status": "pending", "payment_status": "pending"}
    assert payment[2] == {"status": "processing", "payment_status": "completed"}

    db.execute("DELETE FROM orders WHERE order_id = %s", (order_id,))
    deleted = db.execute(
        "SELECT old_data, new_data FROM audit_log WHERE record_id = %s AND operation = 'DELETE'", (order_id,)
    ).fetchone()
    assert deleted is not None and isinstance(deleted[0], dict)
    assert deleted[0]["status"] == "processing" and deleted[1] is None


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET changed_by = 'someone else'", "DELETE FROM audit_log", "TRUNCATE audit_log"],
)
def test_audit_log_is_append_only(db: psycopg.Connection[tuple[object, ...]], statement: str) -> None:
    shop = open_shop(db)
    one(db, "SELECT place_order(%s)", shop.customer_id)
    assert one(db, "SELECT count(*) FROM audit_log") == 1
    with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
        db.execute(statement)


def test_soft_delete_keeps_rows_and_blocks_new_orders(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    paid_order(db, shop)
    assert one(db, "SELECT deactivate_product(%s)", shop.book_id) is True
    assert one(db, "SELECT deactivate_customer(%s)", shop.customer_id) is True
    assert one(db, "SELECT count(*) FROM customers WHERE customer_id = %s AND NOT is_active", shop.customer_id) == 1
    assert one(db, "SELECT count(*) FROM v_active_customers WHERE customer_id = %s", shop.customer_id) == 0
    with pytest.raises(errors.NoDataFound, match="inactive"), db.transaction():
        db.execute("SELECT place_order(%s)", (shop.customer_id,))


def test_delete_customer_cascades_to_addresses(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    db.execute("DELETE FROM customers WHERE customer_id = %s", (shop.customer_id,))
    assert one(db, "SELECT count(*) FROM addresses WHERE address_id = %s", shop.address_id) == 0


def test_delete_order_cascades_to_order_items(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    order_id = paid_order(db, shop)
    db.execute("DELETE FROM orders WHERE order_id = %s", (order_id,))
    assert one(db, "SELECT count(*) FROM order_items WHERE order_id = %s", order_id) == 0


def test_customer_with_orders_cannot_be_deleted(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    one(db, "SELECT place_order(%s)", shop.customer_id)
    with pytest.raises(errors.ForeignKeyViolation, match="orders_customer_id_fkey"):
        db.execute("DELETE FROM customers WHERE customer_id = %s", (shop.customer_id,))


def test_ordered_product_cannot_be_deleted(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    paid_order(db, shop)
    with pytest.raises(errors.ForeignKeyViolation, match="order_items_product_id_fkey"):
        db.execute("DELETE FROM products WHERE product_id = %s", (shop.book_id,))


def test_deleting_a_parent_category_promotes_its_children(db: psycopg.Connection[tuple[object, ...]]) -> None:
    parent = one(db, "INSERT INTO product_categories (name, slug) VALUES ('Home', 'home') RETURNING category_id")
    child = one(
        db,
        "INSERT INTO product_categories (parent_category_id, name, slug) VALUES (%s, 'Kitchen', 'home-kitchen') "
        "RETURNING category_id",
        parent,
    )
    db.execute("DELETE FROM product_categories WHERE category_id = %s", (parent,))
    assert one(db, "SELECT parent_category_id FROM product_categories WHERE category_id = %s", child) is None


BAD_ROWS = [
    (
        "chk_products_price_covers_cost",
        "INSERT INTO products (sku, name, category_id, unit_price, cost_price) "
        "VALUES ('BOO-000009', 'Loss leader', {category}, 5, 6)",
    ),
    (
        "chk_reviews_rating_range",
        "INSERT INTO reviews (customer_id, product_id, rating) VALUES ({customer}, {book}, 6)",
    ),
    ("chk_customers_email_format", "UPDATE customers SET email = 'not-an-email' WHERE customer_id = {customer}"),
    (
        "chk_promotions_end_after_start",
        "INSERT INTO promotions (code, name, discount_type, discount_value, start_date, end_date) "
        "VALUES ('BACKWARDS', 'Ends before it starts', 'fixed_amount', 5, date '2024-05-01', date '2024-04-01')",
    ),
    (
        "chk_orders_shipped_after_ordered",
        "INSERT INTO orders (customer_id, order_date, shipped_date) "
        "VALUES ({customer}, date '2024-05-02', date '2024-05-01')",
    ),
    ("chk_inventory_reserved_within_stock", "UPDATE inventory SET quantity_reserved = quantity_available + 1"),
    (
        "chk_order_items_quantity_positive",
        "INSERT INTO order_items (order_id, line_number, product_id, quantity, "
        "unit_price) SELECT place_order({customer}), 1, {book}, 0, 20",
    ),
]


@pytest.mark.parametrize(("constraint", "statement"), BAD_ROWS, ids=[name for name, _ in BAD_ROWS])
def test_check_constraint_rejects_a_bad_row(
    db: psycopg.Connection[tuple[object, ...]], constraint: str, statement: str
) -> None:
    shop = open_shop(db)
    sql = statement.format(category=shop.category_id, customer=shop.customer_id, book=shop.book_id)
    with pytest.raises(errors.CheckViolation, match=constraint):
        db.execute(sql.encode())


def test_enumerated_status_rejects_unknown_value(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    with pytest.raises(errors.InvalidTextRepresentation, match="order_status"):
        db.execute("INSERT INTO orders (customer_id, status) VALUES (%s, 'lost')", (shop.customer_id,))


def test_total_amount_check_guards_the_stored_total(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    # The trigger always derives the total; with it switched off the CHECK is the last line of defence.
    db.execute("ALTER TABLE orders DISABLE TRIGGER trg_orders_b_compute_total")
    with pytest.raises(errors.CheckViolation, match="chk_orders_total_amount"):
        db.execute(
            "INSERT INTO orders (customer_id, subtotal, tax, shipping, discount, total_amount) "
            "VALUES (%s, 100, 8, 5, 10, 120)",
            (shop.customer_id,),
        )


def test_promotion_outside_its_window_is_refused(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    db.execute(
        "INSERT INTO promotions (code, name, discount_type, discount_value, start_date, end_date) "
        "VALUES ('OLDDEAL', 'Expired', 'fixed_amount', 5, %s, %s)",
        (dt.date(2020, 1, 1), dt.date(2020, 2, 1)),
    )
    order_id = one(db, "SELECT place_order(%s)", shop.customer_id)
    db.execute("SELECT add_order_item(%s, %s, 1)", (order_id, shop.book_id))
    with pytest.raises(errors.CheckViolation, match="not valid"):
        db.execute("SELECT apply_promotion(%s, 'OLDDEAL')", (order_id,))


def test_new_quarter_partition_takes_over_rows_from_the_default(db: psycopg.Connection[tuple[object, ...]]) -> None:
    shop = open_shop(db)
    db.execute(
        "INSERT INTO orders_partitioned (order_id, customer_id, status, payment_status, order_date, total_amount) "
        "VALUES (1, %s, 'pending', 'pending', date '2031-05-20', 10)",
        (shop.customer_id,),
    )
    where = "SELECT tableoid::regclass::text FROM orders_partitioned WHERE order_id = 1"
    assert one(db, where) == "orders_partitioned_default"
    db.execute("CALL ensure_orders_partition(date '2031-06-30')")
    db.execute("CALL ensure_orders_partition(date '2031-04-01')")  # already there: nothing to do
    assert one(db, where) == "orders_partitioned_2031_q2"
    bound = one(db, "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'orders_partitioned_2031_q2'")
    assert bound == "FOR VALUES FROM ('2031-04-01') TO ('2031-07-01')"
