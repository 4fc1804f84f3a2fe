-- Sample data, part 1a: categories, products, promotions (loaded at the same time as 10_customers.sql).
-- Deterministic: every "random" choice is pg_temp.unit(row, salt), a hash of the row number, so each load
-- produces the same rows. Set-based: one INSERT ... SELECT over generate_series per table.

\ir include/random.sql

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
JOIN (
    -- the subcategories numbered 1-50 in key order
    SELECT row_number() OVER (ORDER BY category_id) AS subcategory_number, category_id, parent_category_id
    FROM product_categories
    WHERE parent_category_id IS NOT NULL
) sub ON sub.subcategory_number = p.subcategory_number
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
