-- Sample data, part 4b: the product and stock materialized views; mv_category_performance reads
-- mv_product_performance, so it comes second.

REFRESH MATERIALIZED VIEW mv_product_performance;
REFRESH MATERIALIZED VIEW mv_category_performance;
REFRESH MATERIALIZED VIEW mv_inventory_status;
