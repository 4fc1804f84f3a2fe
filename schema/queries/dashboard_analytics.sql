-- Overview "Query Performance Targets", row "Dashboard analytics": target < 500 ms, via the materialized views
-- (mv_daily_sales, mv_monthly_revenue, mv_customer_segments): the KPI tiles of the sales dashboard.
WITH last_30_days AS (
    SELECT sum(order_count) AS orders, sum(revenue) AS revenue, round(avg(average_order_value), 2) AS average_order
    FROM mv_daily_sales
    WHERE sales_date > date '2024-09-30' - 30
),
latest_month AS (
    SELECT month, revenue, growth_percent FROM mv_monthly_revenue ORDER BY month DESC LIMIT 1
),
segments AS (
    SELECT jsonb_object_agg(segment, customers ORDER BY segment) AS customers_by_segment
    FROM (SELECT segment, count(*) AS customers FROM mv_customer_segments GROUP BY segment) counted
)
SELECT d.orders, d.revenue, d.average_order, m.month, m.revenue AS month_revenue, m.growth_percent,
       s.customers_by_segment
FROM last_30_days d, latest_month m, segments s;
