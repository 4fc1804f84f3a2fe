-- Role-based access. Roles are cluster-wide, so they are created only when missing: deploying the schema into a
-- second database of the same cluster must not fail. Privileges are per database and granted every time.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'readonly_user') THEN
        CREATE ROLE readonly_user NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'order_manager') THEN
        CREATE ROLE order_manager NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') THEN
        CREATE ROLE analyst NOLOGIN;
    END IF;
END;
$$;

GRANT USAGE ON SCHEMA public TO readonly_user, order_manager, analyst;

-- readonly_user: reads every table (and view) of the schema, changes nothing.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly_user;

-- order_manager: reads and writes orders and their lines, and runs the order flow. It has no privilege on
-- products or inventory: the flow functions that need them run as their owner (SECURITY DEFINER).
GRANT SELECT, INSERT, UPDATE ON orders, order_items TO order_manager;

REVOKE EXECUTE ON FUNCTION
    place_order(integer, integer, integer, numeric, text),
    add_order_item(integer, integer, integer),
    reserve_inventory(integer),
    apply_promotion(integer, text),
    record_payment(integer, timestamptz, boolean),
    ship_order(integer, timestamptz, date),
    complete_inventory_transaction(integer),
    deliver_order(integer, timestamptz, date),
    submit_review(integer, integer, integer, text, text),
    cancel_order(integer, timestamptz),
    deactivate_customer(integer),
    deactivate_product(integer),
    refresh_all_materialized_views(boolean)
FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE ensure_orders_partition(date) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    place_order(integer, integer, integer, numeric, text),
    add_order_item(integer, integer, integer),
    reserve_inventory(integer),
    apply_promotion(integer, text),
    record_payment(integer, timestamptz, boolean),
    ship_order(integer, timestamptz, date),
    complete_inventory_transaction(integer),
    deliver_order(integer, timestamptz, date),
    submit_review(integer, integer, integer, text, text),
    cancel_order(integer, timestamptz)
TO order_manager;

-- analyst: reads all tables, views and materialized views (GRANT ... ON ALL TABLES covers all three kinds).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO analyst;

-- Tables created later by the schema owner are readable by the reporting roles too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO readonly_user, analyst;
