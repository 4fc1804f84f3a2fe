-- Overview "Query Performance Targets", row "Product search": target < 100 ms, via the GIN full-text index
-- idx_products_fulltext (the WHERE clause repeats the index expression so the planner can use it).
SELECT product_id, sku, name, unit_price,
       ts_rank(to_tsvector('english', name || ' ' || coalesce(description, '')), query) AS relevance
FROM products, websearch_to_tsquery('english', 'wireless speaker bamboo') AS query
WHERE to_tsvector('english', name || ' ' || coalesce(description, '')) @@ query
  AND is_active
ORDER BY relevance DESC, product_id
LIMIT 20;
