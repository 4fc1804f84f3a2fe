CREATE VIEW order_sizes AS SELECT order_id, count(*) AS lines FROM order_lines GROUP BY order_id;
