-- Sample data, part 2: 50,000 orders from January 2023 to September 2024 with ~150,000 lines, promotion
-- redemptions, the orders' audit history, and stock records consistent with the open orders. Orders are inserted
-- with their final subtotals, so the order-total triggers find nothing to correct when the lines arrive.

CREATE FUNCTION pg_temp.unit(n bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT (hashint8(n * 1000003 + salt) & 2147483647)::double precision / 2147483648.0
$$;

-- The order lines, planned first so that each order header can carry its final subtotal.
-- GIN entries of the audit log queue up in the index's pending list instead of being merged row by row; the
-- last step of the load rebuilds the index in one pass anyway.
SET gin_pending_list_limit = '64MB';

CREATE TEMPORARY TABLE planned_lines AS
SELECT o AS order_number, l::smallint AS line_number, p.product_id, p.name AS product_name, q.quantity, p.unit_price,
       CASE WHEN pg_temp.unit(o * 8 + l, 43) < 0.1 THEN round(q.quantity * p.unit_price * 0.05, 2) ELSE 0 END
           AS discount_amount
FROM generate_series(1, 50000) AS o
CROSS JOIN LATERAL generate_series(1, 1 + floor(pg_temp.unit(o, 40) * 5)::integer) AS l
CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.unit(o * 8 + l, 41) ^ 1.3 * 20000)::integer AS product_id) pick
JOIN products p ON p.product_id = pick.product_id
CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.unit(o * 8 + l, 42) ^ 3 * 4)::integer AS quantity) q;

CREATE TEMPORARY TABLE planned_orders AS
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
    FROM planned_lines GROUP BY order_number
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
ALTER TABLE planned_orders ADD COLUMN discount numeric NOT NULL DEFAULT 0;
UPDATE planned_orders po
SET discount = least(po.subtotal,
                     CASE pr.discount_type WHEN 'percentage' THEN round(po.subtotal * pr.discount_value / 100, 2)
                                           ELSE pr.discount_value END)
FROM promotions pr
WHERE pr.promotion_id = po.promotion_id AND po.subtotal >= pr.min_order_amount;

-- Orders placed before September 2024 come from the legacy shop: they are imported with their final state and
-- without audit records of their own (their history is imported further down). Later orders are placed as
-- pending and then moved through the state machine by UPDATEs, so the audit trigger records their life.
ALTER TABLE orders DISABLE TRIGGER trg_orders_audit;

INSERT INTO orders (customer_id, shipping_address_id, billing_address_id, status, payment_status,
                    sales_channel, order_date, subtotal, tax, shipping, discount, notes, shipped_date, delivered_date,
                    created_at, updated_at)
SELECT po.customer_id, po.customer_id, po.customer_id,
       CASE WHEN po.order_date < date '2024-09-01' THEN po.status ELSE 'pending' END,
       CASE
           WHEN po.order_date >= date '2024-09-01' OR po.status = 'pending' THEN 'pending'
           WHEN po.status = 'returned' THEN 'refunded'
           WHEN po.status = 'cancelled' THEN (CASE WHEN po.order_number % 2 = 0 THEN 'failed' ELSE 'refunded' END)
           ELSE 'completed'
       END::payment_status,
       (ARRAY['web', 'web', 'mobile_app', 'mobile_app', 'marketplace', 'phone'])[1 + po.order_number % 6]::sales_channel,
       po.order_date, po.subtotal,
       round((po.subtotal - po.discount) * 0.08, 2),
       CASE WHEN po.subtotal >= 100 THEN 0 ELSE 4.99 END,
       po.discount,
       (ARRAY['Please leave the parcel with a neighbour.', 'Ring the bell twice; the intercom is broken.',
              'Deliver to the back door, next to the garage.', 'Gift: please do not include the invoice.',
              'Call on arrival, I work from home in the garden office.'])[1 + po.order_number % 37],
       CASE WHEN po.order_date < date '2024-09-01' AND po.status IN ('shipped', 'delivered', 'returned')
            THEN po.order_date + 1 + po.order_number % 3 END,
       CASE WHEN po.order_date < date '2024-09-01' AND po.status IN ('delivered', 'returned')
            THEN po.order_date + 4 + po.order_number % 5 END,
       po.order_date + (po.order_number % 86400) * interval '1 second',
       po.order_date + (po.order_number % 86400) * interval '1 second'
FROM planned_orders po
WHERE po.order_date < date '2024-09-01'
ORDER BY po.order_number;

ALTER TABLE orders ENABLE TRIGGER trg_orders_audit;

INSERT INTO orders (customer_id, shipping_address_id, billing_address_id, sales_channel, order_date, subtotal,
                    tax, shipping, discount, notes, created_at, updated_at)
SELECT po.customer_id, po.customer_id, po.customer_id,
       (ARRAY['web', 'web', 'mobile_app', 'mobile_app', 'marketplace', 'phone'])[1 + po.order_number % 6]::sales_channel,
       po.order_date, po.subtotal,
       round((po.subtotal - po.discount) * 0.08, 2),
       CASE WHEN po.subtotal >= 100 THEN 0 ELSE 4.99 END,
       po.discount,
       (ARRAY['Please leave the parcel with a neighbour.', 'Ring the bell twice; the intercom is broken.',
              'Deliver to the back door, next to the garage.', 'Gift: please do not include the invoice.',
              'Call on arrival, I work from home in the garden office.'])[1 + po.order_number % 37],
       po.order_date + (po.order_number % 86400) * interval '1 second',
       po.order_date + (po.order_number % 86400) * interval '1 second'
FROM planned_orders po
WHERE po.order_date >= date '2024-09-01'
ORDER BY po.order_number;

-- The recent orders' life, one state-machine step per statement (each step is audited).
UPDATE orders o SET payment_status = 'failed', status = 'cancelled'
FROM planned_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01'
  AND po.status = 'cancelled' AND po.order_number % 2 = 0;

UPDATE orders o SET payment_status = 'completed', status = 'processing'
FROM planned_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status <> 'pending'
  AND NOT (po.status = 'cancelled' AND po.order_number % 2 = 0);

UPDATE orders o SET payment_status = 'refunded', status = 'cancelled'
FROM planned_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status = 'cancelled'
  AND po.order_number % 2 = 1;

UPDATE orders o SET status = 'shipped', shipped_date = o.order_date + 1 + po.order_number % 3
FROM planned_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01'
  AND po.status IN ('shipped', 'delivered', 'returned');

UPDATE orders o SET status = 'delivered', delivered_date = o.order_date + 4 + po.order_number % 5
FROM planned_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status IN ('delivered', 'returned');

UPDATE orders o SET status = 'returned', payment_status = 'refunded'
FROM planned_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status = 'returned';

-- The legacy shop's fulfilment history of the imported orders, as UPDATE records in the trigger's format.
INSERT INTO audit_log (table_name, operation, record_id, old_data, new_data, changed_by, changed_at)
SELECT 'orders', 'UPDATE', o.order_id, event.old_values, event.new_values, 'legacy_import', event.happened_at
FROM orders o
CROSS JOIN LATERAL (
    VALUES
        (2, o.status = 'cancelled',
         jsonb_build_object('status', CASE WHEN o.payment_status = 'failed' THEN 'pending' ELSE 'processing' END,
                            'payment_status', CASE WHEN o.payment_status = 'failed' THEN 'pending' ELSE 'completed' END),
         jsonb_build_object('status', 'cancelled', 'payment_status', o.payment_status),
         o.created_at + interval '1 day'),
        (3, o.shipped_date IS NOT NULL,
         jsonb_build_object('status', 'processing', 'shipped_date', NULL),
         jsonb_build_object('status', 'shipped', 'shipped_date', o.shipped_date),
         o.shipped_date + interval '9 hours'),
        (4, o.delivered_date IS NOT NULL,
         jsonb_build_object('status', 'shipped', 'delivered_date', NULL),
         jsonb_build_object('status', 'delivered', 'delivered_date', o.delivered_date),
         o.delivered_date + interval '14 hours'),
        (5, o.status = 'returned',
         jsonb_build_object('status', 'delivered', 'payment_status', 'completed'),
         jsonb_build_object('status', 'returned', 'payment_status', 'refunded'),
         o.delivered_date + interval '10 days')
) AS event (step, applies, old_values, new_values, happened_at)
WHERE o.order_date < date '2024-09-01' AND event.applies
ORDER BY event.happened_at, o.order_id, event.step;

-- Bulk-load the lines the way pg_restore does, with triggers off (session_replication_role = replica): their
-- orders and products exist by construction, and the headers already carry the final subtotals, so neither the
-- foreign-key checks nor the recomputation of order totals could find anything (tests check both).
SET session_replication_role = replica;

INSERT INTO order_items (order_id, line_number, product_id, product_name, quantity, unit_price, discount_amount,
                         updated_at)
SELECT pl.order_number, pl.line_number, pl.product_id, pl.product_name, pl.quantity, pl.unit_price, pl.discount_amount,
       o.created_at
FROM planned_lines pl
JOIN orders o ON o.order_id = pl.order_number
ORDER BY pl.order_number, pl.line_number;

RESET session_replication_role;

INSERT INTO order_promotions (order_id, promotion_id, discount_applied, applied_at)
SELECT o.order_id, po.promotion_id, o.discount, o.created_at
FROM planned_orders po
JOIN orders o ON o.order_id = po.order_number
WHERE po.promotion_id IS NOT NULL AND o.discount > 0
ORDER BY o.order_id;

UPDATE promotions p
SET times_used = used.n
FROM (SELECT promotion_id, count(*) AS n FROM order_promotions GROUP BY promotion_id) used
WHERE used.promotion_id = p.promotion_id;

-- Stock: every product has a record; open orders hold reservations against it.
INSERT INTO inventory (product_id, warehouse_code, bin_location, quantity_available, quantity_reserved, reorder_level,
                       last_restocked_at, last_counted_at, created_at, updated_at)
SELECT p.product_id, 'WH-' || (1 + p.product_id % 4),
       chr(65 + p.product_id % 8) || '-' || lpad((p.product_id / 8 % 40 + 1)::text, 2, '0') || '-'
           || lpad((p.product_id / 320 % 60 + 1)::text, 2, '0'),
       coalesce(r.reserved, 0) + floor(pg_temp.unit(p.product_id, 50) ^ 2 * 400)::integer,
       coalesce(r.reserved, 0), 10 + p.product_id % 4 * 5,
       timestamptz '2024-09-01 06:00+00' - (p.product_id % 60) * interval '1 day',
       timestamptz '2024-09-28 07:00+00' - (p.product_id % 90) * interval '1 day',
       p.created_at, timestamptz '2024-09-30 18:00+00'
FROM products p
LEFT JOIN (
    SELECT oi.product_id, sum(oi.quantity)::integer AS reserved
    FROM order_items oi JOIN orders o ON o.order_id = oi.order_id
    WHERE o.status IN ('pending', 'processing')
    GROUP BY oi.product_id
) r ON r.product_id = p.product_id
ORDER BY p.product_id;

-- The ledger: a restock per product, a reservation per open-order line, reservation plus fulfilment per
-- shipped line of the last month.
INSERT INTO inventory_transactions (inventory_id, transaction_type, quantity_change, available_after, reserved_after,
                                    note, created_at)
SELECT i.inventory_id, 'restock', i.quantity_available, i.quantity_available, 0, 'opening stock', i.last_restocked_at
FROM inventory i
WHERE i.quantity_available > 0
ORDER BY i.inventory_id;

INSERT INTO inventory_transactions (inventory_id, order_id, transaction_type, quantity_change, available_after,
                                    reserved_after, note, created_at)
SELECT i.inventory_id, o.order_id, 'reserve', oi.quantity, i.quantity_available, i.quantity_reserved,
       'reserved for order', o.created_at
FROM order_items oi
JOIN orders o ON o.order_id = oi.order_id
JOIN inventory i ON i.product_id = oi.product_id
WHERE o.order_date >= date '2024-09-01' AND o.status IN ('pending', 'processing', 'shipped', 'delivered')
ORDER BY o.order_id, oi.line_number;

INSERT INTO inventory_transactions (inventory_id, order_id, reversal_of_transaction_id, transaction_type,
                                    quantity_change, available_after, reserved_after, note, created_at)
SELECT r.inventory_id, r.order_id, r.transaction_id, 'fulfil', -r.quantity_change, r.available_after,
       r.reserved_after, 'shipped to customer', o.shipped_date + interval '8 hours'
FROM inventory_transactions r
JOIN orders o ON o.order_id = r.order_id
WHERE r.transaction_type = 'reserve' AND o.status IN ('shipped', 'delivered')
ORDER BY r.transaction_id;
