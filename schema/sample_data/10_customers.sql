-- Sample data, part 1b: customers and their addresses (loaded at the same time as 10_catalog.sql).
-- Deterministic and set-based like every sample-data file: see 10_catalog.sql.

\ir include/random.sql

-- 10,000 customers; tiers 50 % bronze, 30 % silver, 15 % gold, 5 % platinum; 3 % closed accounts.
INSERT INTO customers (public_id, email, first_name, last_name, phone, tier, referred_by_customer_id, is_active,
                       created_at, updated_at)
SELECT uuid_generate_v5(uuid_ns_url(), 'https://shop.example/customers/' || g),
       lower(first_name || '.' || last_name) || g || '@example.com',
       first_name, last_name,
       CASE WHEN pg_temp.unit(g, 3) < 0.8 THEN '+1 555 ' || lpad((g % 10000000)::text, 7, '0') END,
       CASE WHEN u < 0.50 THEN 'bronze' WHEN u < 0.80 THEN 'silver' WHEN u < 0.95 THEN 'gold' ELSE 'platinum' END::customer_tier,
       CASE WHEN g > 100 AND pg_temp.unit(g, 4) < 0.1 THEN 1 + floor(pg_temp.unit(g, 5) * (g - 1))::integer END,
       pg_temp.unit(g, 6) >= 0.03,
       created, created
FROM (
    SELECT g, pg_temp.unit(g, 2) AS u,
           pg_temp.pick(ARRAY['Alice', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas',
                              'Kira', 'Liam', 'Maya', 'Noah', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara',
                              'Umar', 'Vera', 'Wen', 'Xavier', 'Yara', 'Zane'], g, 0) AS first_name,
           pg_temp.pick(ARRAY['Anders', 'Baker', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Huang', 'Ivanova',
                              'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Quist', 'Rossi',
                              'Silva', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Young', 'Zhang'], g, 1) AS last_name,
           timestamptz '2022-01-01 00:00+00' + (g - 1) * interval '1 hour' * 1.5 AS created
    FROM generate_series(1, 10000) AS g
) c
ORDER BY g;

-- One default address per customer (address_id = customer_id), plus a second shipping address for 40 %.
INSERT INTO addresses (customer_id, address_type, line1, city, region, postal_code, country_code, is_default,
                       created_at, updated_at)
SELECT c.customer_id, 'both', (1 + c.customer_id % 250) || ' ' || pg_temp.pick(ARRAY['Main St', 'High St', 'Oak Ave',
       'Station Rd', 'Park Lane', 'Mill Rd', 'Church St', 'Lake Dr'], c.customer_id, 10),
       place.city, place.region, lpad((c.customer_id * 37 % 99999)::text, 5, '0'), place.country, true,
       c.created_at, c.created_at
FROM customers c
CROSS JOIN LATERAL (
    SELECT (ARRAY['Springfield', 'Toronto', 'London', 'Berlin', 'Paris', 'Madrid', 'Sydney', 'Dublin'])[k] AS city,
           (ARRAY['IL', 'ON', NULL, 'BE', NULL, NULL, 'NSW', NULL])[k] AS region,
           (ARRAY['US', 'CA', 'GB', 'DE', 'FR', 'ES', 'AU', 'IE'])[k] AS country
    FROM (SELECT 1 + floor(pg_temp.unit(c.customer_id, 11) * 8)::integer AS k) pick
) place
ORDER BY c.customer_id;

INSERT INTO addresses (customer_id, address_type, line1, city, postal_code, country_code, is_default,
                       created_at, updated_at)
SELECT a.customer_id, 'shipping', (1 + a.customer_id % 90) || ' Harbour Way', a.city,
       lpad((a.customer_id * 53 % 99999)::text, 5, '0'), a.country_code, false, a.created_at, a.created_at
FROM addresses a
WHERE pg_temp.unit(a.customer_id, 12) < 0.4
ORDER BY a.customer_id;

-- The unique indexes were filled in random key order: rebuilt, they are as compact as a single pass makes them.
REINDEX TABLE customers;
