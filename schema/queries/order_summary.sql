-- Overview "Query Performance Targets", row "Order summary": target < 200 ms, via the covering index
-- idx_orders_customer_covering (customer_id INCLUDE order_date, status, total_amount): an index-only scan.
SELECT status, count(*) AS orders, sum(total_amount) AS amount, min(order_date) AS first_order,
       max(order_date) AS last_order
FROM orders
WHERE customer_id = 1
GROUP BY status
ORDER BY status;
