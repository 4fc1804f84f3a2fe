-- The nine predefined views: stable, documented shapes for the common application and support queries.

CREATE VIEW v_active_customers AS
SELECT c.customer_id, c.public_id, c.email, c.first_name, c.last_name, c.tier, c.created_at,
       a.city AS default_city, a.country_code AS default_country_code
FROM customers c
LEFT JOIN addresses a ON a.customer_id = c.customer_id AND a.is_default
WHERE c.is_active;
COMMENT ON VIEW v_active_customers IS 'Customers that have not been soft-deleted, with the city and country of their default address.';

CREATE VIEW v_customer_order_summary AS
SELECT c.customer_id, c.email, c.tier,
       count(o.order_id) AS order_count,
       coalesce(sum(o.total_amount) FILTER (WHERE o.status NOT IN ('cancelled', 'returned')), 0) AS total_spent,
       max(o.order_date) AS last_order_date
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.email, c.tier;
COMMENT ON VIEW v_customer_order_summary IS
    'Live per-customer order count, spend (cancelled and returned orders excluded) and last order date.';

CREATE VIEW v_order_details AS
SELECT o.order_id, 'ORD-' || lpad(o.order_id::text, 8, '0') AS order_number, o.order_date, o.status, o.payment_status,
       o.customer_id, c.first_name || ' ' || c.last_name AS customer_name, c.email AS customer_email,
       o.subtotal, o.tax, o.shipping, o.discount, o.total_amount,
       (SELECT count(*) FROM order_items oi WHERE oi.order_id = o.order_id) AS item_count,
       sa.city AS ship_to_city, sa.country_code AS ship_to_country_code
FROM orders o
JOIN customers c ON c.customer_id = o.customer_id
LEFT JOIN addresses sa ON sa.address_id = o.shipping_address_id;
COMMENT ON VIEW v_order_details IS
    'Order headers with the printed order number (ORD-00000042), the customer''s name, the number of lines and the destination.';

CREATE VIEW v_order_items_detailed AS
SELECT oi.order_id, oi.line_number, oi.product_id, p.sku, coalesce(oi.product_name, p.name) AS product_name,
       pc.name AS category_name, oi.quantity, oi.unit_price, oi.discount_amount, oi.line_total,
       oi.line_total - oi.quantity * p.cost_price AS line_margin
FROM order_items oi
JOIN products p ON p.product_id = oi.product_id
JOIN product_categories pc ON pc.category_id = p.category_id;
COMMENT ON VIEW v_order_items_detailed IS 'Order lines with product, category and the margin over current cost.';

CREATE VIEW v_product_catalog AS
SELECT p.product_id, p.public_id, p.sku, p.name, p.brand, p.unit_price, pc.category_id, pc.name AS category_name,
       coalesce(i.quantity_available - i.quantity_reserved, 0) AS free_stock,
       r.average_rating, coalesce(r.review_count, 0) AS review_count
FROM products p
JOIN product_categories pc ON pc.category_id = p.category_id
LEFT JOIN inventory i ON i.product_id = p.product_id
LEFT JOIN LATERAL (
    SELECT round(avg(rv.rating), 2) AS average_rating, count(*) AS review_count
    FROM reviews rv
    WHERE rv.product_id = p.product_id AND rv.status = 'published'
) r ON true
WHERE p.is_active AND pc.is_active;
COMMENT ON VIEW v_product_catalog IS 'What the shop shows: active products in active categories with free stock and rating.';

CREATE VIEW v_low_stock_products AS
SELECT i.product_id, p.sku, p.name, i.warehouse_code, i.quantity_available, i.quantity_reserved,
       i.quantity_available - i.quantity_reserved AS free_stock, i.reorder_level, i.last_restocked_at
FROM inventory i
JOIN products p ON p.product_id = i.product_id
WHERE p.is_active AND i.quantity_available - i.quantity_reserved <= i.reorder_level;
COMMENT ON VIEW v_low_stock_products IS 'Active products whose free stock is at or below the reorder level (purchasing worklist).';

CREATE VIEW v_category_tree AS
WITH RECURSIVE tree AS (
    SELECT category_id, parent_category_id, name, 1 AS depth, name AS path, ARRAY[category_id] AS lineage
    FROM product_categories
    WHERE parent_category_id IS NULL
    UNION ALL
    SELECT c.category_id, c.parent_category_id, c.name, t.depth + 1, t.path || ' > ' || c.name,
           t.lineage || c.category_id
    FROM product_categories c
    JOIN tree t ON c.parent_category_id = t.category_id
    WHERE NOT c.category_id = ANY (t.lineage)
)
SELECT category_id, parent_category_id, name, depth, path FROM tree;
COMMENT ON VIEW v_category_tree IS 'The category hierarchy flattened: depth and full path of every category reachable from a root.';

CREATE VIEW v_active_promotions AS
SELECT promotion_id, code, name, discount_type, discount_value, min_order_amount, category_id,
       start_date, end_date, max_uses - times_used AS uses_left
FROM promotions
WHERE is_active AND current_date >= start_date AND current_date < end_date
  AND (max_uses IS NULL OR times_used < max_uses);
COMMENT ON VIEW v_active_promotions IS 'Promotions that can be redeemed today (active, in their window, not used up).';

CREATE VIEW v_pending_shipments AS
SELECT o.order_id, 'ORD-' || lpad(o.order_id::text, 8, '0') AS order_number, o.order_date, o.customer_id,
       o.total_amount, o.updated_at,
       sa.line1, sa.city, sa.postal_code, sa.country_code,
       current_date - o.order_date AS days_waiting
FROM orders o
LEFT JOIN addresses sa ON sa.address_id = o.shipping_address_id
WHERE o.status = 'processing' AND o.payment_status = 'completed';
COMMENT ON VIEW v_pending_shipments IS 'Paid orders waiting to be shipped, oldest first by days_waiting (the warehouse queue).';
