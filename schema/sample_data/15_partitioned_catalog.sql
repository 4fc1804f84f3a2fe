-- Sample data, part 2d: the partitioned variants of customers and products, copied from their base tables (at
-- the same time as the order plan).

INSERT INTO customers_partitioned (customer_id, email, first_name, last_name, tier, is_active, created_at)
SELECT customer_id, email, first_name, last_name, tier, is_active, created_at
FROM customers ORDER BY customer_id;

INSERT INTO products_partitioned (product_id, sku, name, category_id, unit_price, cost_price, is_active)
SELECT product_id, sku, name, category_id, unit_price, cost_price, is_active
FROM products ORDER BY product_id;
