-- Sample data, part 3c: 30,000 reviews of delivered purchases (one per customer and product).

\ir include/random.sql

INSERT INTO reviews (customer_id, product_id, order_id, rating, title, body, status, is_verified_purchase,
                     helpful_votes, created_at, updated_at)
SELECT customer_id, product_id, order_id, rating,
       (ARRAY['Terrible', 'Disappointing', 'It is fine', 'Very good', 'Excellent'])[rating],
       (ARRAY['Broke after a week and support did not answer.',
              'Works, but the quality is below what the price suggests.',
              'Does what it says. Nothing more, nothing less.',
              'Solid build and quick delivery; would buy again.',
              'Exactly as described, beautifully made, and it arrived early.'])[rating]
       || ' ' || (ARRAY['The packaging was mostly cardboard and easy to recycle.',
                        'I compared it with two similar products before deciding on this one.',
                        'Setting it up took about ten minutes without reading the manual.',
                        'My partner uses it every day now, which says a lot.',
                        'The colour is slightly darker than in the photos on the product page.',
                        'Customer service answered my question about the warranty within a day.'])[1 + (order_id + line_number) % 6]
       || ' ' || (ARRAY['After a month of use it still looks new.',
                        'The instructions could be clearer about cleaning.',
                        'Good value compared with the big brands.',
                        'I would like a version with a longer cable.',
                        'It is lighter than I expected, which is great for travelling.'])[1 + order_id % 5],
       CASE WHEN roll < 0.85 THEN 'published' WHEN roll < 0.95 THEN 'pending' ELSE 'rejected' END::review_status,
       true, floor(pg_temp.unit(order_id * 8 + line_number, 62) ^ 3 * 40)::integer,
       reviewed_at, reviewed_at
FROM (
  SELECT * FROM (
    SELECT DISTINCT ON (o.customer_id, oi.product_id)
           o.customer_id, oi.product_id, o.order_id, oi.line_number,
           CASE
               WHEN pg_temp.unit(o.order_id * 8 + oi.line_number, 60) < 0.07 THEN 1
               WHEN pg_temp.unit(o.order_id * 8 + oi.line_number, 60) < 0.15 THEN 2
               WHEN pg_temp.unit(o.order_id * 8 + oi.line_number, 60) < 0.30 THEN 3
               WHEN pg_temp.unit(o.order_id * 8 + oi.line_number, 60) < 0.60 THEN 4
               ELSE 5
           END AS rating,
           pg_temp.unit(o.order_id * 8 + oi.line_number, 61) AS roll,
           o.delivered_date + (2 + o.order_id % 20) * interval '1 day' + interval '19 hours' AS reviewed_at,
           pg_temp.unit(o.order_id * 8 + oi.line_number, 63) AS draw
    FROM orders o
    JOIN order_items oi ON oi.order_id = o.order_id
    WHERE o.status = 'delivered'
    -- an order can name a product on two lines: the first line decides, whatever plan the server picks
    ORDER BY o.customer_id, oi.product_id, o.order_id, oi.line_number
  ) purchases
  ORDER BY draw, customer_id, product_id
  LIMIT 30000
) chosen
-- in key order, so that the unique index on (customer_id, product_id) is filled compactly
ORDER BY customer_id, product_id;
