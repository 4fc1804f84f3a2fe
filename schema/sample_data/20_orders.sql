-- Sample data, part 2b: the orders from the plan (15_order_plan.sql), their promotion redemptions, and the
-- recent orders' life replayed through the state machine (audited by the trigger). Orders are inserted with
-- their final subtotals, so the order-total triggers find nothing to correct when the lines arrive.

-- Orders placed before September 2024 come from the legacy shop: they are imported with their final state the way
-- pg_restore loads rows, with triggers off (session_replication_role = replica). So they have no audit records of
-- their own (their history is imported by 30_audit_history.sql), and they carry the total the order-total trigger
-- would derive: subtotal + tax + shipping - discount (the plan caps the discount at the subtotal already). Later
-- orders are placed as pending and then moved through the state machine by UPDATEs, so the audit trigger records
-- their life.
SET session_replication_role = replica;

INSERT INTO orders (customer_id, shipping_address_id, billing_address_id, status, payment_status,
                    sales_channel, order_date, subtotal, tax, shipping, discount, total_amount, notes, shipped_date,
                    delivered_date, created_at, updated_at)
SELECT po.customer_id, po.customer_id, po.customer_id, po.status,
       CASE
           WHEN po.status = 'pending' THEN 'pending'
           WHEN po.status = 'returned' THEN 'refunded'
           WHEN po.status = 'cancelled' THEN (CASE WHEN po.order_number % 2 = 0 THEN 'failed' ELSE 'refunded' END)
           ELSE 'completed'
       END::payment_status,
       (ARRAY['web', 'web', 'mobile_app', 'mobile_app', 'marketplace', 'phone'])[1 + po.order_number % 6]::sales_channel,
       po.order_date, po.subtotal, po.tax, po.shipping, po.discount, po.subtotal + po.tax + po.shipping - po.discount,
       (ARRAY['Please leave the parcel with a neighbour.', 'Ring the bell twice; the intercom is broken.',
              'Deliver to the back door, next to the garage.', 'Gift: please do not include the invoice.',
              'Call on arrival, I work from home in the garden office.'])[1 + po.order_number % 37],
       CASE WHEN po.status IN ('shipped', 'delivered', 'returned') THEN po.order_date + 1 + po.order_number % 3 END,
       CASE WHEN po.status IN ('delivered', 'returned') THEN po.order_date + 4 + po.order_number % 5 END,
       po.order_date + (po.order_number % 86400) * interval '1 second',
       po.order_date + (po.order_number % 86400) * interval '1 second'
FROM (
    SELECT plan.*, round((plan.subtotal - plan.discount) * 0.08, 2) AS tax,
           CASE WHEN plan.subtotal >= 100 THEN 0 ELSE 4.99 END AS shipping
    FROM sample_plan_orders plan
    WHERE plan.order_date < date '2024-09-01'
) po
ORDER BY po.order_number;

RESET session_replication_role;

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
FROM sample_plan_orders po
WHERE po.order_date >= date '2024-09-01'
ORDER BY po.order_number;

-- The recent orders' life, one state-machine step per statement (each step is audited).
UPDATE orders o SET payment_status = 'failed', status = 'cancelled'
FROM sample_plan_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01'
  AND po.status = 'cancelled' AND po.order_number % 2 = 0;

UPDATE orders o SET payment_status = 'completed', status = 'processing'
FROM sample_plan_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status <> 'pending'
  AND NOT (po.status = 'cancelled' AND po.order_number % 2 = 0);

UPDATE orders o SET payment_status = 'refunded', status = 'cancelled'
FROM sample_plan_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status = 'cancelled'
  AND po.order_number % 2 = 1;

UPDATE orders o SET status = 'shipped', shipped_date = o.order_date + 1 + po.order_number % 3
FROM sample_plan_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01'
  AND po.status IN ('shipped', 'delivered', 'returned');

UPDATE orders o SET status = 'delivered', delivered_date = o.order_date + 4 + po.order_number % 5
FROM sample_plan_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status IN ('delivered', 'returned');

UPDATE orders o SET status = 'returned', payment_status = 'refunded'
FROM sample_plan_orders po
WHERE po.order_number = o.order_id AND o.order_date >= date '2024-09-01' AND po.status = 'returned';

INSERT INTO order_promotions (order_id, promotion_id, discount_applied, applied_at)
SELECT o.order_id, po.promotion_id, o.discount, o.created_at
FROM sample_plan_orders po
JOIN orders o ON o.order_id = po.order_number
WHERE po.promotion_id IS NOT NULL AND o.discount > 0
ORDER BY o.order_id;

UPDATE promotions p
SET times_used = used.n
FROM (SELECT promotion_id, count(*) AS n FROM order_promotions GROUP BY promotion_id) used
WHERE used.promotion_id = p.promotion_id;

-- The recent orders were updated several times while replaying their life: rewrite the table and its indexes.
-- Nothing writes orders after this file.
VACUUM (FULL) orders;

-- VACUUM sets the visibility map that index-only scans on idx_orders_customer_covering rely on.
VACUUM orders;
