-- Sample data, part 2c: the order lines from the plan (15_order_plan.sql), loaded at the same time as the
-- orders themselves (20_orders.sql).

-- Bulk-load the lines the way pg_restore does, with triggers off (session_replication_role = replica): their
-- orders (loaded beside them by 20_orders.sql) and products exist by construction, and the headers already carry the final subtotals, so neither the
-- foreign-key checks nor the recomputation of order totals could find anything (tests check both).
SET session_replication_role = replica;

INSERT INTO order_items (order_id, line_number, product_id, product_name, quantity, unit_price, discount_amount,
                         updated_at)
SELECT pl.order_number, pl.line_number, pl.product_id, pl.product_name, pl.quantity, pl.unit_price, pl.discount_amount,
       -- the order's created_at, as 20_orders.sql derives it (order_id = order_number)
       (po.order_date + (po.order_number % 86400) * interval '1 second')::timestamptz
FROM sample_plan_lines pl
JOIN sample_plan_orders po ON po.order_number = pl.order_number
ORDER BY pl.order_number, pl.line_number;

RESET session_replication_role;

-- Its unique indexes rebuilt in one pass each, as compact as an index build makes them.
REINDEX TABLE order_items;
