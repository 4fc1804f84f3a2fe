CREATE TABLE orders (order_id integer PRIMARY KEY, customer_id integer REFERENCES customers);
