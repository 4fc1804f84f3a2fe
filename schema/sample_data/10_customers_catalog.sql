-- Sample data, part 1: categories, customers, addresses, products, promotions.
-- Deterministic: every "random" choice is pg_temp.unit(row, salt), a hash of the row number, so each load
-- produces the same rows. Set-based: one INSERT ... SELECT over generate_series per table.

CREATE FUNCTION pg_temp.unit(n bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT (hashint8(n * 1000003 + salt) & 2147483647)::double precision / 2147483648.0
$$;

CREATE FUNCTION pg_temp.pick(options text[], n bigint, salt integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT options[1 + floor(pg_temp.unit(n, salt) * cardinality(options))::integer]
$$;

-- 10 top-level categories with 5 subcategories each.
INSERT INTO product_categories (name, slug, description, sort_order, created_at, updated_at)
SELECT name, lower(replace(name, ' ', '-')), 'Everything in ' || lower(name) || '.', ordinality,
       timestamptz '2022-01-01 09:00+00', timestamptz '2022-01-01 09:00+00'
FROM unnest(ARRAY['Electronics', 'Books', 'Home', 'Garden', 'Sports', 'Toys', 'Fashion', 'Beauty', 'Grocery',
                  'Automotive']) WITH ORDINALITY AS t (name, ordinality)
ORDER BY ordinality;

INSERT INTO product_categories (parent_category_id, name, slug, description, sort_order, created_at, updated_at)
SELECT parent.category_id, parent.name || ' ' || sub.name,
       parent.slug || '-' || lower(sub.name), sub.name || ' within ' || lower(parent.name) || '.', sub.ordinality,
       timestamptz '2022-01-01 09:00+00', timestamptz '2022-01-01 09:00+00'
FROM product_categories parent
CROSS JOIN unnest(ARRAY['Essentials', 'Premium', 'Accessories', 'Outlet', 'Bundles']) WITH ORDINALITY AS sub (name, ordinality)
WHERE parent.parent_category_id IS NULL
ORDER BY parent.category_id, sub.ordinality;

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

-- 20,000 products spread over the 50 subcategories; prices 5-505, cost 40-80 % of price.
INSERT INTO products (public_id, sku, name, description, category_id, brand, unit_price, cost_price, is_active,
                      created_at, updated_at)
SELECT uuid_generate_v5(uuid_ns_url(), 'https://shop.example/products/' || g),
       upper(left(top.slug, 3)) || '-' || lpad(g::text, 6, '0'),
       adjective || ' ' || noun || ' ' || (100 + g % 900),
       CASE WHEN adjective ~ '^[AEIOU]' THEN 'An ' ELSE 'A ' END || lower(adjective) || ' ' || lower(noun) || ' from ' || brand || ' made of ' || material
           || ', ideal for ' || purpose || '. Ships in recycled packaging.',
       sub.category_id, brand, price, round(price * (0.4 + 0.4 * pg_temp.unit(g, 24))::numeric, 2),
       pg_temp.unit(g, 25) >= 0.05,
       timestamptz '2022-01-01 00:00+00' + (g - 1) * interval '30 minutes',
       timestamptz '2022-01-01 00:00+00' + (g - 1) * interval '30 minutes'
FROM (
    SELECT g,
           pg_temp.pick(ARRAY['Classic', 'Compact', 'Deluxe', 'Eco', 'Ergonomic', 'Portable', 'Rugged', 'Smart',
                              'Vintage', 'Wireless', 'Modular', 'Premium'], g, 20) AS adjective,
           pg_temp.pick(ARRAY['Lamp', 'Backpack', 'Speaker', 'Kettle', 'Jacket', 'Notebook', 'Drone', 'Blender',
                              'Helmet', 'Puzzle', 'Sneaker', 'Camera', 'Chair', 'Watch', 'Tent', 'Guitar'], g, 21) AS noun,
           pg_temp.pick(ARRAY['Acme', 'Borealis', 'Cobalt', 'Driftwood', 'Everest', 'Fjord', 'Granite', 'Helix'], g, 22)
               AS brand,
           pg_temp.pick(ARRAY['bamboo', 'steel', 'recycled plastic', 'organic cotton', 'aluminium', 'oak', 'wool'], g, 23)
               AS material,
           pg_temp.pick(ARRAY['everyday use', 'travel', 'the office', 'outdoor adventures', 'gifting', 'small spaces'],
                        g, 26) AS purpose,
           round((5 + 500 * pg_temp.unit(g, 27) ^ 2)::numeric, 2) AS price,
           1 + floor(pg_temp.unit(g, 28) * 50)::integer AS subcategory_number
    FROM generate_series(1, 20000) AS g
) p
JOIN LATERAL (
    SELECT category_id, parent_category_id FROM product_categories
    WHERE parent_category_id IS NOT NULL ORDER BY category_id OFFSET p.subcategory_number - 1 LIMIT 1
) sub ON true
JOIN product_categories top ON top.category_id = sub.parent_category_id
ORDER BY g;

-- 100 weekly promotions, each valid for 30 days, alternating percentage and fixed-amount discounts.
INSERT INTO promotions (code, name, discount_type, discount_value, min_order_amount, category_id, max_uses,
                        start_date, end_date, is_active, created_at, updated_at)
SELECT 'PROMO' || lpad(p::text, 3, '0'), 'Week ' || p || ' campaign',
       CASE WHEN p % 2 = 0 THEN 'percentage' ELSE 'fixed_amount' END::discount_type,
       CASE WHEN p % 2 = 0 THEN 5 + p % 4 * 5 ELSE 5 + p % 3 * 5 END,
       CASE WHEN p % 2 = 0 THEN 0 ELSE 25 END,
       CASE WHEN p % 5 = 0 THEN 1 + p % 10 END,
       CASE WHEN p % 3 = 0 THEN 5000 END,
       date '2023-01-01' + (p - 1) * 7, date '2023-01-01' + (p - 1) * 7 + 30,
       true, timestamptz '2022-12-15 00:00+00', timestamptz '2022-12-15 00:00+00'
FROM generate_series(1, 100) AS p
ORDER BY p;
