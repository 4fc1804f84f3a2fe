CREATE INDEX CONCURRENTLY customer_name_idx ON shop.customer ("display;name");
