-- Sample data, part 3a: the orders' audit history from before the audit trigger (loaded at the same time as the
-- other part-3 files; nothing else writes audit_log now).

-- The legacy shop's fulfilment history of the imported orders, as UPDATE records in the trigger's format.
-- One SELECT per kind of event, so that each event's values are built only for the orders it happened to.
INSERT INTO audit_log (table_name, operation, record_id, old_data, new_data, changed_by, changed_at)
SELECT 'orders', 'UPDATE', event.order_id, event.old_values, event.new_values, 'legacy_import', event.happened_at
FROM (
    SELECT o.order_id, 2 AS step,
           jsonb_build_object('status', CASE WHEN o.payment_status = 'failed' THEN 'pending' ELSE 'processing' END,
                              'payment_status', CASE WHEN o.payment_status = 'failed' THEN 'pending' ELSE 'completed' END)
               AS old_values,
           jsonb_build_object('status', 'cancelled', 'payment_status', o.payment_status) AS new_values,
           o.created_at + interval '1 day' AS happened_at
    FROM orders o
    WHERE o.order_date < date '2024-09-01' AND o.status = 'cancelled'
    UNION ALL
    SELECT o.order_id, 3,
           jsonb_build_object('status', 'processing', 'shipped_date', NULL),
           jsonb_build_object('status', 'shipped', 'shipped_date', o.shipped_date),
           o.shipped_date + interval '9 hours'
    FROM orders o
    WHERE o.order_date < date '2024-09-01' AND o.shipped_date IS NOT NULL
    UNION ALL
    SELECT o.order_id, 4,
           jsonb_build_object('status', 'shipped', 'delivered_date', NULL),
           jsonb_build_object('status', 'delivered', 'delivered_date', o.delivered_date),
           o.delivered_date + interval '14 hours'
    FROM orders o
    WHERE o.order_date < date '2024-09-01' AND o.delivered_date IS NOT NULL
    UNION ALL
    SELECT o.order_id, 5,
           jsonb_build_object('status', 'delivered', 'payment_status', 'completed'),
           jsonb_build_object('status', 'returned', 'payment_status', 'refunded'),
           o.delivered_date + interval '10 days'
    FROM orders o
    WHERE o.order_date < date '2024-09-01' AND o.status = 'returned'
) AS event
ORDER BY event.happened_at, event.order_id, event.step;
