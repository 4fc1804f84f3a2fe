-- Sample data, last step: populate the analytics materialized views and compact what the load bloated.
-- (schemadoc builds the secondary indexes after the load and then analyzes every table on all cores.)

SELECT refresh_all_materialized_views(false);

-- The recent orders were updated several times while replaying their life: rewrite the table and its indexes.
VACUUM (FULL) orders;

-- Unique indexes filled in random key order are larger than ones built in a single pass.
REINDEX TABLE customers;
REINDEX TABLE order_items;

-- VACUUM on orders sets the visibility map that index-only scans on idx_orders_customer_covering rely on.
VACUUM orders;
