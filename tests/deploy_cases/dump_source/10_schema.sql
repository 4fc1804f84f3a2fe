-- A small database with owners, grants and most object kinds: the round-trip tests pg_dump it in
-- every format and restore the dumps into a server that has none of its roles. (No role membership:
-- that is global, and pg_dump leaves it to pg_dumpall.)
CREATE ROLE dump_source_owner NOLOGIN;
CREATE ROLE dump_source_reader NOLOGIN;
CREATE ROLE dump_source_writer NOLOGIN;

CREATE SCHEMA sales AUTHORIZATION dump_source_owner;
COMMENT ON SCHEMA sales IS 'Orders and the customers who place them';

CREATE TYPE sales.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN sales.money_amount AS numeric(12, 2) CHECK (VALUE >= 0);

CREATE TABLE sales.customers (
    customer_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN sales.customers.email IS 'Where receipts go';

CREATE TABLE sales.orders (
    order_id    bigint NOT NULL,
    customer_id bigint NOT NULL REFERENCES sales.customers ON DELETE CASCADE,
    placed_on   date NOT NULL,
    status      sales.order_status NOT NULL DEFAULT 'new',
    total       sales.money_amount NOT NULL,
    PRIMARY KEY (order_id, placed_on)
) PARTITION BY RANGE (placed_on);
CREATE TABLE sales.orders_2024 PARTITION OF sales.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales.orders_rest PARTITION OF sales.orders DEFAULT;
CREATE INDEX orders_customer_idx ON sales.orders (customer_id);

CREATE SEQUENCE sales.invoice_numbers START 1000;

CREATE FUNCTION sales.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON sales.customers FOR EACH ROW EXECUTE FUNCTION sales.touch();

CREATE VIEW sales.open_orders AS SELECT order_id, customer_id, total FROM sales.orders WHERE status <> 'shipped';
CREATE MATERIALIZED VIEW sales.customer_totals AS
    SELECT customer_id, sum(total) AS total FROM sales.orders GROUP BY customer_id;

ALTER TABLE sales.customers OWNER TO dump_source_owner;
ALTER TABLE sales.orders OWNER TO dump_source_owner;
ALTER VIEW sales.open_orders OWNER TO dump_source_owner;
GRANT USAGE ON SCHEMA sales TO dump_source_reader, dump_source_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO dump_source_reader;
GRANT SELECT, INSERT, UPDATE ON sales.orders, sales.customers TO dump_source_writer;
