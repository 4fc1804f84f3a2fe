-- Overview "Query Performance Targets", row "Customer order history": target < 50 ms, via the composite index
-- on (customer_id, order_date) (idx_orders_customer_date): a customer's orders of the last twelve months,
-- newest first, read in index order with no sort step.
SELECT order_id, order_date, status, payment_status, total_amount
FROM orders
WHERE customer_id = 1 AND order_date >= date '2023-10-01'
ORDER BY order_date DESC
LIMIT 20;
