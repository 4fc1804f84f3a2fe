-- Secondary indexes. Keys and unique constraints declared with the tables already have their own indexes;
-- these serve the foreign keys (joins and ON DELETE checks) and the query patterns of schema/queries/.

-- orders: the index-strategy examples of the overview. `schemadoc lint` reports idx_orders_customer as SD104
-- (a prefix of idx_orders_customer_date); it stays: the overview shows it as the plain B-tree example, and it
-- is the smallest index for the RESTRICT check when a customer is deleted.
CREATE INDEX idx_orders_customer ON orders USING btree (customer_id);
COMMENT ON INDEX idx_orders_customer IS 'B-tree for equality lookups of a customer''s orders and the RESTRICT check on customer delete.';
CREATE INDEX idx_orders_customer_date ON orders (customer_id, order_date DESC);
COMMENT ON INDEX idx_orders_customer_date IS 'Composite index behind the customer order history query (newest first).';
CREATE INDEX idx_orders_customer_status ON orders (customer_id, status);
COMMENT ON INDEX idx_orders_customer_status IS 'Composite index for "orders of this customer in this state".';
CREATE INDEX idx_orders_customer_covering ON orders (customer_id) INCLUDE (order_date, status, total_amount);
COMMENT ON INDEX idx_orders_customer_covering IS 'Covering index: per-customer order summaries answered by index-only scans.';
CREATE INDEX idx_orders_date_brin ON orders USING brin (order_date);
COMMENT ON INDEX idx_orders_date_brin IS 'BRIN on the append-ordered order date: tiny index for date-range scans.';
CREATE INDEX idx_orders_active ON orders (order_date) WHERE status IN ('pending', 'processing', 'shipped');
COMMENT ON INDEX idx_orders_active IS 'Partial index over the open orders only (the fulfilment work queue).';

-- order_items ((order_id, line_number) is the key)
CREATE INDEX idx_order_items_product ON order_items (product_id);

-- customers
CREATE INDEX idx_customers_tier ON customers (tier) WHERE is_active;
CREATE INDEX idx_customers_last_name ON customers (lower(last_name), lower(first_name));
CREATE INDEX idx_customers_referred_by ON customers (referred_by_customer_id) WHERE referred_by_customer_id IS NOT NULL;

-- addresses
CREATE INDEX idx_addresses_customer ON addresses (customer_id);
CREATE UNIQUE INDEX idx_addresses_one_default ON addresses (customer_id) WHERE is_default;

-- products
CREATE INDEX idx_products_fulltext ON products
    USING gin (to_tsvector('english', name || ' ' || coalesce(description, '')));
COMMENT ON INDEX idx_products_fulltext IS 'GIN full-text index over name and description (English configuration).';
CREATE INDEX idx_products_category ON products (category_id);
CREATE INDEX idx_products_active_price ON products (category_id, unit_price) WHERE is_active;

-- product_categories
CREATE INDEX idx_product_categories_parent ON product_categories (parent_category_id);
CREATE INDEX idx_product_categories_navigation ON product_categories (parent_category_id, sort_order) WHERE is_active;

-- inventory (product_id is unique already)
CREATE INDEX idx_inventory_low_stock ON inventory (product_id)
    WHERE quantity_available - quantity_reserved <= reorder_level;
CREATE INDEX idx_inventory_warehouse ON inventory (warehouse_code);

-- inventory_transactions
CREATE INDEX idx_inventory_transactions_inventory ON inventory_transactions (inventory_id);
CREATE INDEX idx_inventory_transactions_order ON inventory_transactions (order_id);

-- promotions
CREATE INDEX idx_promotions_validity ON promotions (start_date, end_date) WHERE is_active;
CREATE INDEX idx_promotions_category ON promotions (category_id);

-- order_promotions ((order_id, promotion_id) is the key)
CREATE INDEX idx_order_promotions_promotion ON order_promotions (promotion_id);

-- reviews ((customer_id, product_id) is unique already)
CREATE INDEX idx_reviews_product_rating ON reviews (product_id, rating);

-- audit_log
CREATE INDEX idx_audit_log_old_data ON audit_log USING gin (old_data jsonb_path_ops);
COMMENT ON INDEX idx_audit_log_old_data IS 'GIN containment search in the before-images (old_data @> ...).';
CREATE INDEX idx_audit_log_new_data ON audit_log USING gin (new_data jsonb_path_ops);
COMMENT ON INDEX idx_audit_log_new_data IS 'GIN containment search in the after-images (new_data @> ...).';
CREATE INDEX idx_audit_log_changed_at_brin ON audit_log USING brin (changed_at);
