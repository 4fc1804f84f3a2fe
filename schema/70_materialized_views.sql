-- The seven analytics materialized views. Each has a unique index so that
-- REFRESH MATERIALIZED VIEW CONCURRENTLY can run without blocking readers; refresh_all_materialized_views()
-- refreshes them all. Revenue counts orders that were not cancelled or returned.

CREATE MATERIALIZED VIEW mv_customer_analytics AS
SELECT c.customer_id, c.tier,
       count(o.order_id) AS order_count,
       coalesce(sum(o.total_amount), 0)::numeric(14, 2) AS lifetime_value,
       coalesce(round(avg(o.total_amount), 2), 0)::numeric(12, 2) AS average_order_value,
       min(o.order_date) AS first_order_date,
       max(o.order_date) AS last_order_date,
       (SELECT count(*) FROM reviews r WHERE r.customer_id = c.customer_id) AS review_count
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status NOT IN ('cancelled', 'returned')
GROUP BY c.customer_id, c.tier;
CREATE UNIQUE INDEX idx_mv_customer_analytics_customer ON mv_customer_analytics (customer_id);
CREATE INDEX idx_mv_customer_analytics_value ON mv_customer_analytics (lifetime_value DESC);
COMMENT ON MATERIALIZED VIEW mv_customer_analytics IS
    'Per-customer metrics: order count, lifetime value, average order value, first and last order, reviews written.';

CREATE MATERIALIZED VIEW mv_product_performance AS
SELECT p.product_id, p.category_id,
       coalesce(s.units_sold, 0) AS units_sold,
       coalesce(s.order_count, 0) AS order_count,
       coalesce(s.revenue, 0)::numeric(14, 2) AS revenue,
       coalesce(s.revenue - s.units_sold * p.cost_price, 0)::numeric(14, 2) AS gross_margin,
       r.average_rating,
       coalesce(r.review_count, 0) AS review_count
FROM products p
LEFT JOIN (
    SELECT oi.product_id, sum(oi.quantity) AS units_sold, count(DISTINCT oi.order_id) AS order_count,
           sum(oi.line_total) AS revenue
    FROM order_items oi
    JOIN orders o ON o.order_id = oi.order_id
    WHERE o.status NOT IN ('cancelled', 'returned')
    GROUP BY oi.product_id
) s ON s.product_id = p.product_id
LEFT JOIN (
    SELECT product_id, round(avg(rating), 2) AS average_rating, count(*) AS review_count
    FROM reviews
    GROUP BY product_id
) r ON r.product_id = p.product_id;
CREATE UNIQUE INDEX idx_mv_product_performance_product ON mv_product_performance (product_id);
CREATE INDEX idx_mv_product_performance_category ON mv_product_performance (category_id, revenue DESC);
COMMENT ON MATERIALIZED VIEW mv_product_performance IS
    'Per-product sales analysis: units, orders, revenue, gross margin at current cost, rating.';

CREATE MATERIALIZED VIEW mv_daily_sales AS
SELECT o.order_date AS sales_date,
       count(*) AS order_count,
       count(DISTINCT o.customer_id) AS customer_count,
       sum(o.subtotal)::numeric(14, 2) AS gross_sales,
       sum(o.discount)::numeric(14, 2) AS discounts,
       sum(o.total_amount)::numeric(14, 2) AS revenue,
       round(avg(o.total_amount), 2)::numeric(12, 2) AS average_order_value
FROM orders o
WHERE o.status NOT IN ('cancelled', 'returned')
GROUP BY o.order_date;
CREATE UNIQUE INDEX idx_mv_daily_sales_date ON mv_daily_sales (sales_date);
COMMENT ON MATERIALIZED VIEW mv_daily_sales IS 'Daily sales summary: orders, distinct customers, gross sales, discounts, revenue.';

CREATE MATERIALIZED VIEW mv_category_performance AS
SELECT pc.category_id, pc.name AS category_name, pc.parent_category_id,
       count(DISTINCT p.product_id) AS product_count,
       coalesce(sum(pp.units_sold), 0) AS units_sold,
       coalesce(sum(pp.revenue), 0)::numeric(14, 2) AS revenue,
       coalesce(sum(pp.gross_margin), 0)::numeric(14, 2) AS gross_margin,
       round(avg(pp.average_rating), 2) AS average_rating
FROM product_categories pc
LEFT JOIN products p ON p.category_id = pc.category_id
LEFT JOIN mv_product_performance pp ON pp.product_id = p.product_id
GROUP BY pc.category_id, pc.name, pc.parent_category_id;
CREATE UNIQUE INDEX idx_mv_category_performance_category ON mv_category_performance (category_id);
CREATE INDEX idx_mv_category_performance_parent ON mv_category_performance (parent_category_id);
COMMENT ON MATERIALIZED VIEW mv_category_performance IS
    'Per-category analysis built on mv_product_performance: products, units, revenue, margin, rating. '
    'Refresh after mv_product_performance.';

CREATE MATERIALIZED VIEW mv_customer_segments AS
WITH reference AS (
    SELECT coalesce(max(order_date), current_date) + 1 AS as_of FROM orders
),
rfm AS (
    SELECT o.customer_id,
           (SELECT as_of FROM reference) - max(o.order_date) AS recency_days,
           count(*) AS frequency,
           sum(o.total_amount)::numeric(14, 2) AS monetary
    FROM orders o
    WHERE o.status NOT IN ('cancelled', 'returned')
    GROUP BY o.customer_id
),
scored AS (
    SELECT customer_id, recency_days, frequency, monetary,
           ntile(5) OVER (ORDER BY recency_days DESC, customer_id)::smallint AS recency_score,
           ntile(5) OVER (ORDER BY frequency, customer_id)::smallint AS frequency_score,
           ntile(5) OVER (ORDER BY monetary, customer_id)::smallint AS monetary_score
    FROM rfm
)
SELECT customer_id, recency_days, frequency, monetary, recency_score, frequency_score, monetary_score,
       (recency_score::text || frequency_score::text || monetary_score::text) AS rfm_score,
       CASE
           WHEN recency_score >= 4 AND frequency_score >= 4 AND monetary_score >= 4 THEN 'champions'
           WHEN recency_score >= 3 AND frequency_score >= 3 THEN 'loyal'
           WHEN recency_score >= 4 THEN 'recent'
           WHEN recency_score <= 2 AND frequency_score >= 3 THEN 'at_risk'
           WHEN recency_score <= 2 THEN 'hibernating'
           ELSE 'needs_attention'
       END AS segment
FROM scored;
CREATE UNIQUE INDEX idx_mv_customer_segments_customer ON mv_customer_segments (customer_id);
CREATE INDEX idx_mv_customer_segments_segment ON mv_customer_segments (segment);
COMMENT ON MATERIALIZED VIEW mv_customer_segments IS
    'RFM segmentation: recency, frequency and monetary value scored 1-5 by quintile, combined into an RFM score '
    'and a named segment. Recency is measured from the day after the latest order, so results are reproducible.';

CREATE MATERIALIZED VIEW mv_monthly_revenue AS
WITH monthly AS (
    SELECT date_trunc('month', o.order_date)::date AS month,
           count(*) AS order_count,
           count(DISTINCT o.customer_id) AS customer_count,
           sum(o.total_amount)::numeric(14, 2) AS revenue,
           sum(o.discount)::numeric(14, 2) AS discounts
    FROM orders o
    WHERE o.status NOT IN ('cancelled', 'returned')
    GROUP BY 1
)
SELECT month, order_count, customer_count, revenue, discounts,
       lag(revenue) OVER (ORDER BY month) AS previous_month_revenue,
       round(100 * (revenue - lag(revenue) OVER (ORDER BY month)) / nullif(lag(revenue) OVER (ORDER BY month), 0), 2)
           AS growth_percent
FROM monthly;
CREATE UNIQUE INDEX idx_mv_monthly_revenue_month ON mv_monthly_revenue (month);
COMMENT ON MATERIALIZED VIEW mv_monthly_revenue IS 'Monthly revenue trend with month-over-month growth.';

CREATE MATERIALIZED VIEW mv_inventory_status AS
WITH recent_sales AS (
    SELECT oi.product_id, sum(oi.quantity) AS units_last_90_days
    FROM order_items oi
    JOIN orders o ON o.order_id = oi.order_id
    WHERE o.order_date > (SELECT max(order_date) - 90 FROM orders)
      AND o.status NOT IN ('cancelled', 'returned')
    GROUP BY oi.product_id
)
SELECT i.product_id, i.warehouse_code, i.quantity_available, i.quantity_reserved,
       i.quantity_available - i.quantity_reserved AS free_stock, i.reorder_level,
       coalesce(rs.units_last_90_days, 0) AS units_last_90_days,
       CASE WHEN coalesce(rs.units_last_90_days, 0) = 0 THEN NULL
            ELSE round((i.quantity_available - i.quantity_reserved) / (rs.units_last_90_days / 90.0), 1)
       END AS days_of_cover,
       CASE
           WHEN i.quantity_available - i.quantity_reserved <= 0 THEN 'out_of_stock'
           WHEN i.quantity_available - i.quantity_reserved <= i.reorder_level THEN 'reorder'
           ELSE 'in_stock'
       END AS stock_status
FROM inventory i
LEFT JOIN recent_sales rs ON rs.product_id = i.product_id;
CREATE UNIQUE INDEX idx_mv_inventory_status_product ON mv_inventory_status (product_id);
CREATE INDEX idx_mv_inventory_status_status ON mv_inventory_status (stock_status);
COMMENT ON MATERIALIZED VIEW mv_inventory_status IS
    'Stock level analysis: free stock, sales over the last 90 days of data, days of cover and a stock status.';
