-- The twelve primary tables, with their keys, foreign keys and check constraints declared inline.
-- Layers (see docs_src/overview.md): core transactional, reference data, junction, audit.

-- ---------------------------------------------------------------- reference data layer

CREATE TABLE product_categories (
    category_id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_category_id integer REFERENCES product_categories (category_id) ON DELETE SET NULL,
    name               text NOT NULL,
    slug               text NOT NULL UNIQUE,
    description        text,
    sort_order         smallint NOT NULL DEFAULT 0,
    is_active          boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_product_categories_not_own_parent CHECK (parent_category_id <> category_id),
    CONSTRAINT chk_product_categories_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
COMMENT ON TABLE product_categories IS
    'Hierarchical product taxonomy: each category may hang under a parent; removing a parent promotes its children '
    'to the top level.';
COMMENT ON COLUMN product_categories.category_id IS 'Surrogate key of the category.';
COMMENT ON COLUMN product_categories.parent_category_id IS
    'Enclosing category; NULL for a top-level category. Set to NULL when the parent is deleted.';
COMMENT ON COLUMN product_categories.name IS 'Display name shown in navigation.';
COMMENT ON COLUMN product_categories.slug IS 'URL-safe unique identifier (lower-case words joined by hyphens).';
COMMENT ON COLUMN product_categories.description IS 'Optional marketing description of the category.';
COMMENT ON COLUMN product_categories.sort_order IS 'Position among siblings when listed.';
COMMENT ON COLUMN product_categories.is_active IS 'Soft-delete flag: inactive categories are hidden from the shop.';
COMMENT ON COLUMN product_categories.created_at IS 'When the row was created.';
COMMENT ON COLUMN product_categories.updated_at IS 'When the row last changed; maintained by trigger.';

-- ---------------------------------------------------------------- core transactional layer

CREATE TABLE customers (
    customer_id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id               uuid NOT NULL DEFAULT uuid_generate_v4() UNIQUE,
    email                   text NOT NULL UNIQUE,
    email_sha256            bytea GENERATED ALWAYS AS (digest(lower(email), 'sha256')) STORED,
    first_name              text NOT NULL,
    last_name               text NOT NULL,
    phone                   text,
    tier                    customer_tier NOT NULL DEFAULT 'bronze',
    -- lint SD102 (no index): kept on purpose, customers are soft-deleted, so the SET NULL scan is rare
    referred_by_customer_id integer REFERENCES customers (customer_id) ON DELETE SET NULL,
    is_active               boolean NOT NULL DEFAULT true,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_customers_email_format CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT chk_customers_phone_format CHECK (phone ~ '^\+?[0-9 ()-]{7,20}$'),
    CONSTRAINT chk_customers_not_self_referred CHECK (referred_by_customer_id <> customer_id)
);
COMMENT ON TABLE customers IS
    'Customer accounts and profiles. Rows are never physically removed once they have orders: '
    'deactivate_customer() clears is_active instead.';
COMMENT ON COLUMN customers.customer_id IS 'Surrogate key of the customer.';
COMMENT ON COLUMN customers.public_id IS 'Opaque identifier exposed to clients and APIs (uuid-ossp).';
COMMENT ON COLUMN customers.email IS 'Login and contact address; unique and format-checked.';
COMMENT ON COLUMN customers.email_sha256 IS
    'SHA-256 digest of the lower-cased e-mail (pgcrypto); lets analytics exports join on customers without the address.';
COMMENT ON COLUMN customers.first_name IS 'Given name.';
COMMENT ON COLUMN customers.last_name IS 'Family name.';
COMMENT ON COLUMN customers.phone IS 'Optional contact phone number.';
COMMENT ON COLUMN customers.tier IS 'Loyalty tier; drives discounts and the list partitioning of customers_partitioned.';
COMMENT ON COLUMN customers.referred_by_customer_id IS 'Customer who referred this one, if any.';
COMMENT ON COLUMN customers.is_active IS 'Soft-delete flag: false once the account is closed.';
COMMENT ON COLUMN customers.created_at IS 'When the account was opened.';
COMMENT ON COLUMN customers.updated_at IS 'When the row last changed; maintained by trigger.';

CREATE TABLE addresses (
    address_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  integer NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    address_type address_type NOT NULL DEFAULT 'both',
    line1        text NOT NULL,
    city         text NOT NULL,
    region       text,
    postal_code  text NOT NULL,
    country_code char(2) NOT NULL,
    is_default   boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_addresses_country_code CHECK (country_code ~ '^[A-Z]{2}$')
);
COMMENT ON TABLE addresses IS 'Postal addresses of customers; deleted together with their customer.';
COMMENT ON COLUMN addresses.address_id IS 'Surrogate key of the address.';
COMMENT ON COLUMN addresses.customer_id IS 'Owning customer; deleting the customer deletes the address (CASCADE).';
COMMENT ON COLUMN addresses.address_type IS 'Whether the address is for billing, shipping or both.';
COMMENT ON COLUMN addresses.line1 IS 'Street and house number.';
COMMENT ON COLUMN addresses.city IS 'City or town.';
COMMENT ON COLUMN addresses.region IS 'State, county or province, where the country uses one.';
COMMENT ON COLUMN addresses.postal_code IS 'Postal or ZIP code.';
COMMENT ON COLUMN addresses.country_code IS 'ISO 3166-1 alpha-2 country code.';
COMMENT ON COLUMN addresses.is_default IS 'The address preselected at checkout.';
COMMENT ON COLUMN addresses.created_at IS 'When the address was added.';
COMMENT ON COLUMN addresses.updated_at IS 'When the row last changed; maintained by trigger.';

CREATE TABLE products (
    product_id  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id   uuid NOT NULL DEFAULT uuid_generate_v4() UNIQUE,
    sku         text NOT NULL UNIQUE,
    name        text NOT NULL,
    description text,
    category_id integer NOT NULL REFERENCES product_categories (category_id) ON DELETE RESTRICT,
    brand       text,
    unit_price  numeric(10, 2) NOT NULL,
    cost_price  numeric(10, 2) NOT NULL,
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_products_price_covers_cost CHECK (unit_price >= cost_price),
    CONSTRAINT chk_products_cost_not_negative CHECK (cost_price >= 0),
    CONSTRAINT chk_products_sku_format CHECK (sku ~ '^[A-Z]{3}-[0-9]{6}$')
);
COMMENT ON TABLE products IS
    'Product catalog. A product that appears on an order cannot be deleted; retire it with deactivate_product().';
COMMENT ON COLUMN products.product_id IS 'Surrogate key of the product.';
COMMENT ON COLUMN products.public_id IS 'Opaque identifier exposed to clients and APIs (uuid-ossp).';
COMMENT ON COLUMN products.sku IS 'Stock keeping unit: three letters, a hyphen and six digits.';
COMMENT ON COLUMN products.name IS 'Product name; part of the full-text search document.';
COMMENT ON COLUMN products.description IS 'Long description; part of the full-text search document.';
COMMENT ON COLUMN products.category_id IS 'Category the product is listed in.';
COMMENT ON COLUMN products.brand IS 'Manufacturer or brand name.';
COMMENT ON COLUMN products.unit_price IS 'Current selling price; never below cost_price.';
COMMENT ON COLUMN products.cost_price IS 'Purchase cost of one unit.';
COMMENT ON COLUMN products.is_active IS 'Soft-delete flag: inactive products cannot be ordered.';
COMMENT ON COLUMN products.created_at IS 'When the product was listed.';
COMMENT ON COLUMN products.updated_at IS 'When the row last changed; maintained by trigger.';

CREATE TABLE inventory (
    inventory_id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id         integer NOT NULL UNIQUE REFERENCES products (product_id) ON DELETE CASCADE,
    warehouse_code     text NOT NULL,
    bin_location       text,
    quantity_available integer NOT NULL DEFAULT 0,
    quantity_reserved  integer NOT NULL DEFAULT 0,
    reorder_level      integer NOT NULL DEFAULT 10,
    last_restocked_at  timestamptz,
    last_counted_at    timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_inventory_bin_location CHECK (bin_location ~ '^[A-Z]-[0-9]{2}-[0-9]{2}$'),
    CONSTRAINT chk_inventory_available_not_negative CHECK (quantity_available >= 0),
    CONSTRAINT chk_inventory_reserved_within_stock CHECK (quantity_reserved BETWEEN 0 AND quantity_available),
    CONSTRAINT chk_inventory_reorder_level CHECK (reorder_level >= 0)
);
COMMENT ON TABLE inventory IS
    'Stock level of each product: units on hand and the part of them reserved for open orders.';
COMMENT ON COLUMN inventory.inventory_id IS 'Surrogate key of the stock record.';
COMMENT ON COLUMN inventory.product_id IS 'Product whose stock this is (one record per product).';
COMMENT ON COLUMN inventory.warehouse_code IS 'Warehouse holding the stock.';
COMMENT ON COLUMN inventory.bin_location IS 'Aisle, shelf and bin where the units are stored, e.g. C-07-12.';
COMMENT ON COLUMN inventory.quantity_available IS 'Units physically on hand, including reserved ones.';
COMMENT ON COLUMN inventory.quantity_reserved IS 'Units promised to open orders; never more than quantity_available.';
COMMENT ON COLUMN inventory.reorder_level IS 'Free stock (available minus reserved) at or below which to reorder.';
COMMENT ON COLUMN inventory.last_restocked_at IS 'When stock was last replenished.';
COMMENT ON COLUMN inventory.last_counted_at IS 'When the units were last counted by hand (cycle count).';
COMMENT ON COLUMN inventory.created_at IS 'When the stock record was created.';
COMMENT ON COLUMN inventory.updated_at IS 'When the row last changed; maintained by trigger.';

CREATE TABLE orders (
    order_id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id         integer NOT NULL REFERENCES customers (customer_id) ON DELETE RESTRICT,
    -- lint SD102 on both address keys: kept on purpose, an address is deleted rarely and one scan is cheap
    shipping_address_id integer REFERENCES addresses (address_id) ON DELETE SET NULL,
    billing_address_id  integer REFERENCES addresses (address_id) ON DELETE SET NULL,
    status              order_status NOT NULL DEFAULT 'pending',
    payment_status      payment_status NOT NULL DEFAULT 'pending',
    sales_channel       sales_channel NOT NULL DEFAULT 'web',
    order_date          date NOT NULL DEFAULT current_date,
    subtotal            numeric(12, 2) NOT NULL DEFAULT 0,
    tax                 numeric(12, 2) NOT NULL DEFAULT 0,
    shipping            numeric(12, 2) NOT NULL DEFAULT 0,
    discount            numeric(12, 2) NOT NULL DEFAULT 0,
    total_amount        numeric(12, 2) NOT NULL DEFAULT 0,
    notes               text,
    shipped_date        date,
    delivered_date      date,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_orders_total_amount CHECK (total_amount = subtotal + tax + shipping - discount),
    CONSTRAINT chk_orders_amounts_not_negative CHECK (subtotal >= 0 AND tax >= 0 AND shipping >= 0 AND discount >= 0),
    CONSTRAINT chk_orders_discount_within_subtotal CHECK (discount <= subtotal),
    CONSTRAINT chk_orders_shipped_after_ordered CHECK (shipped_date >= order_date),
    CONSTRAINT chk_orders_delivered_after_shipped CHECK (delivered_date >= shipped_date),
    CONSTRAINT chk_orders_shipped_status_has_date CHECK (
        status NOT IN ('shipped', 'delivered', 'returned') OR shipped_date IS NOT NULL),
    CONSTRAINT chk_orders_delivered_status_has_date CHECK (status <> 'delivered' OR delivered_date IS NOT NULL)
);
COMMENT ON TABLE orders IS
    'Order headers. Status follows a state machine enforced by trigger; totals are kept by triggers; every change is '
    'audited into audit_log; writers use optimistic locking on updated_at.';
COMMENT ON COLUMN orders.order_id IS 'Surrogate key of the order.';
COMMENT ON COLUMN orders.customer_id IS 'Ordering customer; a customer with orders cannot be deleted (RESTRICT).';
COMMENT ON COLUMN orders.shipping_address_id IS 'Delivery address; NULL if that address was removed later.';
COMMENT ON COLUMN orders.billing_address_id IS 'Invoice address; NULL if that address was removed later.';
COMMENT ON COLUMN orders.status IS 'Life-cycle state; only the transitions allowed by order_status_transition_allowed().';
COMMENT ON COLUMN orders.payment_status IS 'Payment outcome; completed before the order may ship.';
COMMENT ON COLUMN orders.sales_channel IS 'Channel the order came through, for attribution reports.';
COMMENT ON COLUMN orders.order_date IS 'Calendar day the order was placed; BRIN-indexed and the range key of orders_partitioned.';
COMMENT ON COLUMN orders.subtotal IS 'Sum of the line totals of the order items; maintained by trigger.';
COMMENT ON COLUMN orders.tax IS 'Sales tax charged.';
COMMENT ON COLUMN orders.shipping IS 'Shipping fee charged.';
COMMENT ON COLUMN orders.discount IS 'Discount granted by promotions.';
COMMENT ON COLUMN orders.total_amount IS
    'Amount payable, stored for speed: subtotal + tax + shipping - discount, computed by trigger and checked.';
COMMENT ON COLUMN orders.notes IS 'Free-text delivery instructions from the customer.';
COMMENT ON COLUMN orders.shipped_date IS 'Day the order left the warehouse; not before order_date.';
COMMENT ON COLUMN orders.delivered_date IS 'Day the order was delivered; not before shipped_date.';
COMMENT ON COLUMN orders.created_at IS 'When the row was created.';
COMMENT ON COLUMN orders.updated_at IS 'Row version for optimistic locking; maintained by trigger.';

CREATE TABLE order_items (
    order_id        integer NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    line_number     smallint NOT NULL,
    product_id      integer NOT NULL REFERENCES products (product_id) ON DELETE RESTRICT,
    product_name    text,
    quantity        integer NOT NULL,
    unit_price      numeric(10, 2) NOT NULL,
    discount_amount numeric(10, 2) NOT NULL DEFAULT 0,
    line_total      numeric(12, 2) GENERATED ALWAYS AS (quantity * unit_price - discount_amount) STORED,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, line_number),
    CONSTRAINT chk_order_items_quantity_positive CHECK (quantity > 0),
    CONSTRAINT chk_order_items_price_not_negative CHECK (unit_price >= 0),
    CONSTRAINT chk_order_items_discount_within_line CHECK (discount_amount BETWEEN 0 AND quantity * unit_price)
);
COMMENT ON TABLE order_items IS
    'Order lines: which product, how many, at what price. Keyed by (order_id, line_number); deleted with their order.';
COMMENT ON COLUMN order_items.order_id IS
    'Order the line belongs to (first half of the key); deleting the order deletes its lines (CASCADE).';
COMMENT ON COLUMN order_items.line_number IS 'Position of the line within its order, from 1 (second half of the key).';
COMMENT ON COLUMN order_items.product_id IS 'Product ordered; an ordered product cannot be deleted (RESTRICT).';
COMMENT ON COLUMN order_items.product_name IS
    'Product name when the line was added (invoices keep showing it after a rename); set by add_order_item().';
COMMENT ON COLUMN order_items.quantity IS 'Units ordered; positive.';
COMMENT ON COLUMN order_items.unit_price IS 'Price of one unit when the order was placed.';
COMMENT ON COLUMN order_items.discount_amount IS 'Discount on this line.';
COMMENT ON COLUMN order_items.line_total IS 'quantity * unit_price - discount_amount (generated).';
COMMENT ON COLUMN order_items.updated_at IS 'When the row last changed; maintained by trigger.';

CREATE TABLE inventory_transactions (
    transaction_id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inventory_id               integer NOT NULL REFERENCES inventory (inventory_id) ON DELETE CASCADE,
    order_id                   integer REFERENCES orders (order_id) ON DELETE SET NULL,
    -- lint SD102 (no index): kept on purpose, the movement log is append-only
    reversal_of_transaction_id integer REFERENCES inventory_transactions (transaction_id) ON DELETE SET NULL,
    transaction_type           inventory_transaction_type NOT NULL,
    quantity_change            integer NOT NULL,
    available_after            integer NOT NULL,
    reserved_after             integer NOT NULL,
    note                       text,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_inventory_transactions_change_not_zero CHECK (quantity_change <> 0),
    CONSTRAINT chk_inventory_transactions_balances CHECK (available_after >= 0 AND reserved_after >= 0)
);
COMMENT ON TABLE inventory_transactions IS
    'Stock movement ledger: one row per reservation, release, fulfilment, restock or adjustment of inventory.';
COMMENT ON COLUMN inventory_transactions.transaction_id IS 'Surrogate key of the movement.';
COMMENT ON COLUMN inventory_transactions.inventory_id IS 'Stock record that moved.';
COMMENT ON COLUMN inventory_transactions.order_id IS 'Order that caused the movement, if any.';
COMMENT ON COLUMN inventory_transactions.reversal_of_transaction_id IS 'Movement this one reverses (e.g. a release undoing a reserve).';
COMMENT ON COLUMN inventory_transactions.transaction_type IS 'Kind of movement.';
COMMENT ON COLUMN inventory_transactions.quantity_change IS 'Units moved; the sign follows the affected pool.';
COMMENT ON COLUMN inventory_transactions.available_after IS 'inventory.quantity_available after the movement.';
COMMENT ON COLUMN inventory_transactions.reserved_after IS 'inventory.quantity_reserved after the movement.';
COMMENT ON COLUMN inventory_transactions.note IS 'Free-text reason.';
COMMENT ON COLUMN inventory_transactions.created_at IS 'When the movement was recorded.';

CREATE TABLE promotions (
    promotion_id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text NOT NULL UNIQUE,
    name             text NOT NULL,
    discount_type    discount_type NOT NULL,
    discount_value   numeric(10, 2) NOT NULL,
    min_order_amount numeric(10, 2) NOT NULL DEFAULT 0,
    category_id      integer REFERENCES product_categories (category_id) ON DELETE SET NULL,
    max_uses         integer,
    times_used       integer NOT NULL DEFAULT 0,
    start_date       date NOT NULL,
    end_date         date NOT NULL,
    is_active        boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_promotions_end_after_start CHECK (end_date > start_date),
    CONSTRAINT chk_promotions_discount_value CHECK (
        discount_value > 0 AND (discount_type <> 'percentage' OR discount_value <= 100)),
    CONSTRAINT chk_promotions_usage CHECK (times_used >= 0 AND (max_uses IS NULL OR times_used <= max_uses)),
    CONSTRAINT chk_promotions_code_format CHECK (code ~ '^[A-Z0-9_]{4,20}$')
);
COMMENT ON TABLE promotions IS 'Marketing campaigns and discount codes with their validity window and usage limits.';
COMMENT ON COLUMN promotions.promotion_id IS 'Surrogate key of the promotion.';
COMMENT ON COLUMN promotions.code IS 'Code the customer enters at checkout (upper case).';
COMMENT ON COLUMN promotions.name IS 'Campaign name.';
COMMENT ON COLUMN promotions.discount_type IS 'Percentage of the subtotal or a fixed amount.';
COMMENT ON COLUMN promotions.discount_value IS 'Percent (at most 100) or currency amount, depending on discount_type.';
COMMENT ON COLUMN promotions.min_order_amount IS 'Smallest order subtotal the promotion applies to.';
COMMENT ON COLUMN promotions.category_id IS 'Category the campaign advertises, if any.';
COMMENT ON COLUMN promotions.max_uses IS 'Maximum number of redemptions; NULL for unlimited.';
COMMENT ON COLUMN promotions.times_used IS 'Redemptions so far.';
COMMENT ON COLUMN promotions.start_date IS 'First day the code is valid.';
COMMENT ON COLUMN promotions.end_date IS 'Day the code stops being valid; after start_date.';
COMMENT ON COLUMN promotions.is_active IS 'Switch to withdraw a campaign early.';
COMMENT ON COLUMN promotions.created_at IS 'When the promotion was created.';
COMMENT ON COLUMN promotions.updated_at IS 'When the row last changed; maintained by trigger.';

-- ---------------------------------------------------------------- junction / relationship layer

CREATE TABLE order_promotions (
    order_id         integer NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    promotion_id     integer NOT NULL REFERENCES promotions (promotion_id) ON DELETE RESTRICT,
    discount_applied numeric(10, 2) NOT NULL,
    applied_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, promotion_id),
    CONSTRAINT chk_order_promotions_discount_positive CHECK (discount_applied > 0)
);
COMMENT ON TABLE order_promotions IS 'Which promotions were redeemed on which order (many-to-many).';
COMMENT ON COLUMN order_promotions.order_id IS 'Order the promotion was applied to; first half of the key.';
COMMENT ON COLUMN order_promotions.promotion_id IS 'Promotion redeemed; second half of the key.';
COMMENT ON COLUMN order_promotions.discount_applied IS 'Discount this promotion gave on the order.';
COMMENT ON COLUMN order_promotions.applied_at IS 'When the code was redeemed.';

CREATE TABLE reviews (
    review_id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id          integer NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    product_id           integer NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
    -- lint SD102 (no index): kept on purpose, reviews are found by product; orders are never deleted in bulk
    order_id             integer REFERENCES orders (order_id) ON DELETE SET NULL,
    rating               smallint NOT NULL,
    title                text,
    body                 text,
    status               review_status NOT NULL DEFAULT 'pending',
    is_verified_purchase boolean NOT NULL DEFAULT false,
    helpful_votes        integer NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_reviews_customer_product UNIQUE (customer_id, product_id),
    CONSTRAINT chk_reviews_rating_range CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT chk_reviews_helpful_votes CHECK (helpful_votes >= 0)
);
COMMENT ON TABLE reviews IS
    'Product reviews: links a customer, the product and (for verified purchases) the order it came from.';
COMMENT ON COLUMN reviews.review_id IS 'Surrogate key of the review.';
COMMENT ON COLUMN reviews.customer_id IS 'Author of the review.';
COMMENT ON COLUMN reviews.product_id IS 'Product reviewed.';
COMMENT ON COLUMN reviews.order_id IS 'Delivered order containing the product; NULL for unverified reviews.';
COMMENT ON COLUMN reviews.rating IS 'Star rating from 1 to 5.';
COMMENT ON COLUMN reviews.title IS 'Headline of the review.';
COMMENT ON COLUMN reviews.body IS 'Review text.';
COMMENT ON COLUMN reviews.status IS 'Moderation state.';
COMMENT ON COLUMN reviews.is_verified_purchase IS 'True when the review is tied to a delivered order of the product.';
COMMENT ON COLUMN reviews.helpful_votes IS 'How many readers marked the review helpful.';
COMMENT ON COLUMN reviews.created_at IS 'When the review was written.';
COMMENT ON COLUMN reviews.updated_at IS 'When the row last changed; maintained by trigger.';

-- ---------------------------------------------------------------- audit and compliance layer

CREATE TABLE audit_log (
    audit_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name     text NOT NULL,
    operation      text NOT NULL,
    record_id      bigint NOT NULL,
    old_data       jsonb,
    new_data       jsonb,
    changed_by     text NOT NULL DEFAULT current_user,
    changed_at     timestamptz NOT NULL DEFAULT now(),
    transaction_id bigint NOT NULL DEFAULT txid_current(),
    CONSTRAINT chk_audit_log_operation CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    CONSTRAINT chk_audit_log_row_images CHECK (
        (operation = 'INSERT' AND old_data IS NULL AND new_data IS NOT NULL)
        OR (operation = 'UPDATE' AND old_data IS NOT NULL AND new_data IS NOT NULL)
        OR (operation = 'DELETE' AND old_data IS NOT NULL AND new_data IS NULL))
);
COMMENT ON TABLE audit_log IS
    'Append-only change history written by triggers: the inserted or deleted row as JSONB, and for an update the old '
    'and new values of the columns that changed. UPDATE, DELETE and TRUNCATE are refused.';
COMMENT ON COLUMN audit_log.audit_id IS 'Sequential key of the audit record.';
COMMENT ON COLUMN audit_log.table_name IS 'Table whose row changed.';
COMMENT ON COLUMN audit_log.operation IS 'INSERT, UPDATE or DELETE.';
COMMENT ON COLUMN audit_log.record_id IS 'Primary key value of the changed row.';
COMMENT ON COLUMN audit_log.old_data IS
    'Before-image as JSONB: the whole deleted row, or for an UPDATE the previous values of the changed columns.';
COMMENT ON COLUMN audit_log.new_data IS
    'After-image as JSONB: the whole inserted row, or for an UPDATE the new values of the changed columns '
    '(its keys name the changed columns).';
COMMENT ON COLUMN audit_log.changed_by IS 'Database role that made the change.';
COMMENT ON COLUMN audit_log.changed_at IS 'When the change was recorded.';
COMMENT ON COLUMN audit_log.transaction_id IS 'Transaction that made the change, to group related records.';
