-- Partitioned variants of the large tables, one per partitioning strategy. They hold copies of the base
-- tables' rows (the sample data fills them) and show how each strategy prunes, archives and spreads data.

-- ---------------------------------------------------------------- RANGE: orders by quarter of order_date

CREATE TABLE orders_partitioned (
    order_id       integer NOT NULL,
    -- lint SD102 (no index): kept on purpose, this copy exists to show partitioning, not to serve lookups
    customer_id    integer NOT NULL REFERENCES customers (customer_id) ON DELETE RESTRICT,
    status         order_status NOT NULL,
    payment_status payment_status NOT NULL,
    order_date     date NOT NULL,
    total_amount   numeric(12, 2) NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, order_date),
    CONSTRAINT chk_orders_partitioned_total_not_negative CHECK (total_amount >= 0)
) PARTITION BY RANGE (order_date);
COMMENT ON TABLE orders_partitioned IS
    'Orders range-partitioned by calendar quarter of order_date: date filters prune to a few quarters and old '
    'quarters can be detached for archival. Rows outside the defined quarters land in the default partition.';
COMMENT ON COLUMN orders_partitioned.order_id IS 'Order key, as in orders.order_id.';
COMMENT ON COLUMN orders_partitioned.customer_id IS 'Ordering customer.';
COMMENT ON COLUMN orders_partitioned.status IS 'Life-cycle state of the order.';
COMMENT ON COLUMN orders_partitioned.payment_status IS 'Payment outcome.';
COMMENT ON COLUMN orders_partitioned.order_date IS 'Day the order was placed; the range partition key.';
COMMENT ON COLUMN orders_partitioned.total_amount IS 'Amount payable.';
COMMENT ON COLUMN orders_partitioned.created_at IS 'When the row was created.';

CREATE TABLE orders_partitioned_2023_q1 PARTITION OF orders_partitioned FOR VALUES FROM ('2023-01-01') TO ('2023-04-01');
CREATE TABLE orders_partitioned_2023_q2 PARTITION OF orders_partitioned FOR VALUES FROM ('2023-04-01') TO ('2023-07-01');
CREATE TABLE orders_partitioned_2023_q3 PARTITION OF orders_partitioned FOR VALUES FROM ('2023-07-01') TO ('2023-10-01');
CREATE TABLE orders_partitioned_2023_q4 PARTITION OF orders_partitioned FOR VALUES FROM ('2023-10-01') TO ('2024-01-01');
CREATE TABLE orders_partitioned_2024_q1 PARTITION OF orders_partitioned FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE orders_partitioned_2024_q2 PARTITION OF orders_partitioned FOR VALUES FROM ('2024-04-01') TO ('2024-07-01');
CREATE TABLE orders_partitioned_2024_q3 PARTITION OF orders_partitioned FOR VALUES FROM ('2024-07-01') TO ('2024-10-01');
CREATE TABLE orders_partitioned_2024_q4 PARTITION OF orders_partitioned FOR VALUES FROM ('2024-10-01') TO ('2025-01-01');
CREATE TABLE orders_partitioned_default PARTITION OF orders_partitioned DEFAULT;
COMMENT ON TABLE orders_partitioned_2023_q1 IS 'Orders placed January to March 2023.';
COMMENT ON TABLE orders_partitioned_2023_q2 IS 'Orders placed April to June 2023.';
COMMENT ON TABLE orders_partitioned_2023_q3 IS 'Orders placed July to September 2023.';
COMMENT ON TABLE orders_partitioned_2023_q4 IS 'Orders placed October to December 2023.';
COMMENT ON TABLE orders_partitioned_2024_q1 IS 'Orders placed January to March 2024.';
COMMENT ON TABLE orders_partitioned_2024_q2 IS 'Orders placed April to June 2024.';
COMMENT ON TABLE orders_partitioned_2024_q3 IS 'Orders placed July to September 2024.';
COMMENT ON TABLE orders_partitioned_2024_q4 IS 'Orders placed October to December 2024.';
COMMENT ON TABLE orders_partitioned_default IS 'Orders whose date falls outside every defined quarter.';

CREATE INDEX idx_orders_partitioned_open ON orders_partitioned (order_date) WHERE status IN ('pending', 'processing', 'shipped');

-- ---------------------------------------------------------------- LIST: customers by tier

CREATE TABLE customers_partitioned (
    customer_id integer NOT NULL,
    email       text NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    tier        customer_tier NOT NULL,
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, tier)
) PARTITION BY LIST (tier);
COMMENT ON TABLE customers_partitioned IS
    'Customers list-partitioned by loyalty tier: tier-specific campaigns read one partition, and each tier can be '
    'vacuumed or reindexed on its own.';
COMMENT ON COLUMN customers_partitioned.customer_id IS 'Customer key, as in customers.customer_id.';
COMMENT ON COLUMN customers_partitioned.email IS 'Contact address.';
COMMENT ON COLUMN customers_partitioned.first_name IS 'Given name.';
COMMENT ON COLUMN customers_partitioned.last_name IS 'Family name.';
COMMENT ON COLUMN customers_partitioned.tier IS 'Loyalty tier; the list partition key.';
COMMENT ON COLUMN customers_partitioned.is_active IS 'Soft-delete flag.';
COMMENT ON COLUMN customers_partitioned.created_at IS 'When the account was opened.';

CREATE TABLE customers_partitioned_bronze PARTITION OF customers_partitioned FOR VALUES IN ('bronze');
CREATE TABLE customers_partitioned_silver PARTITION OF customers_partitioned FOR VALUES IN ('silver');
CREATE TABLE customers_partitioned_gold PARTITION OF customers_partitioned FOR VALUES IN ('gold');
CREATE TABLE customers_partitioned_platinum PARTITION OF customers_partitioned FOR VALUES IN ('platinum');
CREATE TABLE customers_partitioned_default PARTITION OF customers_partitioned DEFAULT;
COMMENT ON TABLE customers_partitioned_bronze IS 'Bronze-tier customers.';
COMMENT ON TABLE customers_partitioned_silver IS 'Silver-tier customers.';
COMMENT ON TABLE customers_partitioned_gold IS 'Gold-tier customers.';
COMMENT ON TABLE customers_partitioned_platinum IS 'Platinum-tier customers.';
COMMENT ON TABLE customers_partitioned_default IS 'Customers of any tier added to the type later, until a partition exists for it.';

CREATE INDEX idx_customers_partitioned_active ON customers_partitioned (created_at) WHERE NOT is_active;

-- ---------------------------------------------------------------- HASH: products spread evenly

CREATE TABLE products_partitioned (
    product_id  integer NOT NULL PRIMARY KEY,
    sku         text NOT NULL,
    name        text NOT NULL,
    category_id integer NOT NULL REFERENCES product_categories (category_id) ON DELETE RESTRICT,
    unit_price  numeric(10, 2) NOT NULL,
    cost_price  numeric(10, 2) NOT NULL,
    is_active   boolean NOT NULL DEFAULT true,
    CONSTRAINT chk_products_partitioned_price_covers_cost CHECK (unit_price >= cost_price)
) PARTITION BY HASH (product_id);
COMMENT ON TABLE products_partitioned IS
    'Products hash-partitioned on product_id into four even parts, for parallel scans and balanced maintenance.';
COMMENT ON COLUMN products_partitioned.product_id IS 'Product key, as in products.product_id; the hash partition key.';
COMMENT ON COLUMN products_partitioned.sku IS 'Stock keeping unit.';
COMMENT ON COLUMN products_partitioned.name IS 'Product name.';
COMMENT ON COLUMN products_partitioned.category_id IS 'Category the product is listed in.';
COMMENT ON COLUMN products_partitioned.unit_price IS 'Selling price; never below cost_price.';
COMMENT ON COLUMN products_partitioned.cost_price IS 'Purchase cost of one unit.';
COMMENT ON COLUMN products_partitioned.is_active IS 'Soft-delete flag.';

CREATE TABLE products_partitioned_p0 PARTITION OF products_partitioned FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE products_partitioned_p1 PARTITION OF products_partitioned FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE products_partitioned_p2 PARTITION OF products_partitioned FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE products_partitioned_p3 PARTITION OF products_partitioned FOR VALUES WITH (MODULUS 4, REMAINDER 3);
COMMENT ON TABLE products_partitioned_p0 IS 'Products whose key hashes to remainder 0 of 4.';
COMMENT ON TABLE products_partitioned_p1 IS 'Products whose key hashes to remainder 1 of 4.';
COMMENT ON TABLE products_partitioned_p2 IS 'Products whose key hashes to remainder 2 of 4.';
COMMENT ON TABLE products_partitioned_p3 IS 'Products whose key hashes to remainder 3 of 4.';

CREATE INDEX idx_products_partitioned_category ON products_partitioned (category_id);
