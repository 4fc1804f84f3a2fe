-- Sample data, part 2a: the plan of 50,000 orders from January 2023 to September 2024 with ~150,000 lines.
-- The lines are planned first so that each order header can carry its final subtotal; 20_orders.sql and
-- 20_order_items.sql load them from this plan at the same time, and 90_tidy.sql drops it.

\ir include/random.sql

CREATE UNLOGGED TABLE sample_plan_lines AS
SELECT o AS order_number, l::smallint AS line_number, p.product_id, p.name AS product_name, q.quantity, p.unit_price,
       CASE WHEN pg_temp.unit(o * 8 + l, 43) < 0.1 THEN round(q.quantity * p.unit_price * 0.05, 2) ELSE 0 END
           AS discount_amount
FROM generate_series(1, 50000) AS o
CROSS JOIN LATERAL generate_series(1, 1 + floor(pg_temp.unit(o, 40) * 5)::integer) AS l
CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.unit(o * 8 + l, 41) ^ 1.3 * 20000)::integer AS product_id) pick
JOIN products p ON p.product_id = pick.product_id
CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.unit(o * 8 + l, 42) ^ 3 * 4)::integer AS quantity) q;

CREATE UNLOGGED TABLE sample_plan_orders AS
WITH headers AS (
    SELECT o AS order_number,
           date '2023-01-01' + floor((o - 1) * 639.0 / 50000)::integer AS order_date,
           -- a few heavy buyers, a long tail of occasional ones
           1 + floor(pg_temp.unit(o, 30) ^ 1.6 * 10000)::integer AS customer_id,
           pg_temp.unit(o, 31) AS fate,
           pg_temp.unit(o, 32) AS promo_roll
    FROM generate_series(1, 50000) AS o
),
sums AS (
    SELECT order_number, sum(quantity * unit_price - discount_amount) AS subtotal
    FROM sample_plan_lines GROUP BY order_number
)
SELECT h.order_number, h.order_date, h.customer_id, s.subtotal,
       CASE
           WHEN h.order_date >= date '2024-09-27' THEN 'pending'
           WHEN h.order_date >= date '2024-09-24' THEN (CASE WHEN h.fate < 0.5 THEN 'processing' ELSE 'shipped' END)
           WHEN h.order_date >= date '2024-09-18' THEN (CASE WHEN h.fate < 0.3 THEN 'shipped' ELSE 'delivered' END)
           WHEN h.fate < 0.05 THEN 'cancelled'
           WHEN h.fate < 0.08 THEN 'returned'
           ELSE 'delivered'
       END::order_status AS status,
       -- promotions run weekly and last 30 days: the one that started last before the order is valid
       CASE WHEN h.promo_roll < 0.1 THEN 1 + (h.order_date - date '2023-01-01') / 7 END AS promotion_id
FROM headers h
JOIN sums s USING (order_number);

-- The promotion's discount, computed once for both order imports below: a percentage of the subtotal or a
-- fixed amount, never more than the subtotal, and nothing when the order is below the promotion's minimum.
ALTER TABLE sample_plan_orders ADD COLUMN discount numeric NOT NULL DEFAULT 0;
UPDATE sample_plan_orders po
SET discount = least(po.subtotal,
                     CASE pr.discount_type WHEN 'percentage' THEN round(po.subtotal * pr.discount_value / 100, 2)
                                           ELSE pr.discount_value END)
FROM promotions pr
WHERE pr.promotion_id = po.promotion_id AND po.subtotal >= pr.min_order_amount;
