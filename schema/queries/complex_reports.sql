-- Overview "Query Performance Targets", row "Complex reports": target < 2 seconds, via materialized views +
-- partitioning: revenue per quarter, loyalty tier and RFM segment for 2024, reading only the 2024 partitions
-- of orders_partitioned (partition pruning) joined to customers_partitioned and mv_customer_segments.
SELECT date_trunc('quarter', o.order_date)::date AS quarter, c.tier, s.segment,
       count(*) AS orders, count(DISTINCT o.customer_id) AS customers, sum(o.total_amount) AS revenue,
       round(avg(o.total_amount), 2) AS average_order
FROM orders_partitioned o
JOIN customers_partitioned c ON c.customer_id = o.customer_id
JOIN mv_customer_segments s ON s.customer_id = o.customer_id
WHERE o.order_date >= date '2024-01-01' AND o.order_date < date '2025-01-01'
  AND o.status NOT IN ('cancelled', 'returned')
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
