-- Nothing for any rule to report, opt-in ones included.
CREATE TABLE customers (customer_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL,
                        profile jsonb, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (order_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     customer_id bigint NOT NULL REFERENCES customers, placed_on date NOT NULL);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE events (event_id bigint NOT NULL, happened_on date NOT NULL, PRIMARY KEY (event_id, happened_on))
    PARTITION BY RANGE (happened_on);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_rest PARTITION OF events DEFAULT;
CREATE MATERIALIZED VIEW order_counts AS SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_counts_customer ON order_counts (customer_id);
COMMENT ON TABLE customers IS 'People who buy';
COMMENT ON COLUMN customers.customer_id IS 'Key';
COMMENT ON COLUMN customers.email IS 'Where receipts go';
COMMENT ON COLUMN customers.profile IS 'Preferences';
COMMENT ON COLUMN customers.created_at IS 'Sign-up time';
COMMENT ON TABLE orders IS 'What they buy';
COMMENT ON COLUMN orders.order_id IS 'Key';
COMMENT ON COLUMN orders.customer_id IS 'Buyer';
COMMENT ON COLUMN orders.placed_on IS 'Order date';
COMMENT ON TABLE events IS 'Happenings by year';
COMMENT ON COLUMN events.event_id IS 'Key';
COMMENT ON COLUMN events.happened_on IS 'Partition key';
