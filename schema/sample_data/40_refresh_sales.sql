-- Sample data, part 4c: the sales materialized views.

REFRESH MATERIALIZED VIEW mv_daily_sales;
REFRESH MATERIALIZED VIEW mv_monthly_revenue;
