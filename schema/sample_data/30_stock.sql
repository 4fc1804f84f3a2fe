-- Sample data, part 3b: stock records consistent with the open orders, and the stock ledger.

\ir include/random.sql

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
