-- Sample data, part 4: fill the partitioned variants from their base tables.

INSERT INTO orders_partitioned (order_id, customer_id, status, payment_status, order_date, total_amount, created_at)
SELECT order_id, customer_id, status, payment_status, order_date, total_amount, created_at
FROM orders ORDER BY order_id;

INSERT INTO customers_partitioned (customer_id, email, first_name, last_name, tier, is_active, created_at)
SELECT customer_id, email, first_name, last_name, tier, is_active, created_at
FROM customers ORDER BY customer_id;

INSERT INTO products_partitioned (product_id, sku, name, category_id, unit_price, cost_price, is_active)
SELECT product_id, sku, name, category_id, unit_price, cost_price, is_active
FROM products ORDER BY product_id;
