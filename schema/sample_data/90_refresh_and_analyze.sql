-- Sample data, last step: populate the analytics materialized views, compact what the load bloated, and
-- refresh the planner statistics.

SELECT refresh_all_materialized_views(false);

-- The recent orders were updated several times while replaying their life: rewrite the table and its indexes.
VACUUM (FULL) orders;

-- Indexes filled one row at a time in random key order (GIN above all) are much larger than ones built in a
-- single pass; the other tables' indexes were filled in key order and are already compact.
REINDEX TABLE audit_log;
REINDEX TABLE products;
REINDEX TABLE customers;
REINDEX TABLE order_items;

-- VACUUM on orders sets the visibility map that index-only scans on idx_orders_customer_covering rely on.
VACUUM (ANALYZE) orders;
ANALYZE;
