CREATE TABLE customers (customer_id integer PRIMARY KEY);
