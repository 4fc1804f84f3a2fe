CREATE TABLE sales (sale_id integer PRIMARY KEY, region text, amount numeric);
CREATE MATERIALIZED VIEW sales_by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
CREATE INDEX sales_by_region_region ON sales_by_region (region);
COMMENT ON TABLE sales IS 's';
COMMENT ON COLUMN sales.sale_id IS 'k';
COMMENT ON COLUMN sales.region IS 'r';
COMMENT ON COLUMN sales.amount IS 'a';
