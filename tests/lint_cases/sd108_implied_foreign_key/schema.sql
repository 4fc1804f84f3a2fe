CREATE TABLE categories (category_id integer PRIMARY KEY);
CREATE TABLE products (product_id integer PRIMARY KEY, category_id integer, legacy_id text);
CREATE INDEX products_category ON products (category_id);
COMMENT ON TABLE categories IS 'c';
COMMENT ON COLUMN categories.category_id IS 'k';
COMMENT ON TABLE products IS 'p';
COMMENT ON COLUMN products.product_id IS 'k';
COMMENT ON COLUMN products.category_id IS 'c';
COMMENT ON COLUMN products.legacy_id IS 'l';
-- The same name with another type is something else (a transaction id beside an integer key).
CREATE TABLE audit (audit_id integer PRIMARY KEY, category_id bigint);
COMMENT ON TABLE audit IS 'a';
COMMENT ON COLUMN audit.audit_id IS 'k';
COMMENT ON COLUMN audit.category_id IS 'c';
