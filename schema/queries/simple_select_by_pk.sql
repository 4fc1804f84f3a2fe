-- Overview "Query Performance Targets", row "Simple SELECT by PK": target < 1 ms, via the primary key index.
-- One customer profile by its key (customers_pkey).
SELECT customer_id, public_id, email, first_name, last_name, tier, is_active, created_at
FROM customers
WHERE customer_id = 4242;
