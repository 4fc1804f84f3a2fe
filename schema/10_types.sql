-- Enumerated types: the closed vocabularies of the status fields.

CREATE TYPE customer_tier AS ENUM ('bronze', 'silver', 'gold', 'platinum');
COMMENT ON TYPE customer_tier IS 'Loyalty tier of a customer, lowest to highest; also the list key of customers_partitioned.';

CREATE TYPE address_type AS ENUM ('billing', 'shipping', 'both');
COMMENT ON TYPE address_type IS 'What an address may be used for on an order.';

CREATE TYPE order_status AS ENUM ('pending', 'processing', 'shipped', 'delivered', 'cancelled', 'returned');
COMMENT ON TYPE order_status IS
    'Order life cycle. Legal moves: pending->processing|cancelled, processing->shipped|cancelled, '
    'shipped->delivered|returned, delivered->returned; cancelled and returned are final.';

CREATE TYPE sales_channel AS ENUM ('web', 'mobile_app', 'marketplace', 'phone');
COMMENT ON TYPE sales_channel IS 'Where an order was placed.';

CREATE TYPE payment_status AS ENUM ('pending', 'completed', 'failed', 'refunded');
COMMENT ON TYPE payment_status IS 'Outcome of the payment attached to an order.';

CREATE TYPE discount_type AS ENUM ('percentage', 'fixed_amount');
COMMENT ON TYPE discount_type IS 'How a promotion''s discount_value is interpreted.';

CREATE TYPE review_status AS ENUM ('pending', 'published', 'rejected');
COMMENT ON TYPE review_status IS 'Moderation state of a product review.';

CREATE TYPE inventory_transaction_type AS ENUM ('restock', 'reserve', 'release', 'fulfil', 'adjust');
COMMENT ON TYPE inventory_transaction_type IS
    'Kind of stock movement: restock adds stock, reserve/release move units in and out of the reserved pool, '
    'fulfil removes shipped units from stock, adjust corrects a count.';
