CREATE TABLE items (item_id integer PRIMARY KEY, sku text NOT NULL, active boolean);
CREATE INDEX items_sku_a ON items (sku) WHERE active;
CREATE INDEX items_sku_b ON items (sku) WHERE active;
-- Same columns, different predicate: not a duplicate.
CREATE INDEX items_sku_all ON items (sku);
-- The same key as the primary key: a duplicate of the constraint's index.
CREATE INDEX items_id_again ON items (item_id);
COMMENT ON TABLE items IS 'i';
COMMENT ON COLUMN items.item_id IS 'k';
COMMENT ON COLUMN items.sku IS 's';
COMMENT ON COLUMN items.active IS 'a';
