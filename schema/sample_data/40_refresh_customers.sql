-- Sample data, part 4a: the customer analytics materialized views (refreshed at the same time as the other
-- part-4 files; mv_customer_segments reads only tables).

REFRESH MATERIALIZED VIEW mv_customer_analytics;
REFRESH MATERIALIZED VIEW mv_customer_segments;
