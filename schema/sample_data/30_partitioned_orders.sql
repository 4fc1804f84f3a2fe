-- Sample data, part 3d: the partitioned variant of orders, copied from the finished orders.

INSERT INTO orders_partitioned (order_id, customer_id, status, payment_status, order_date, total_amount, created_at)
SELECT order_id, customer_id, status, payment_status, order_date, total_amount, created_at
FROM orders ORDER BY order_id;
