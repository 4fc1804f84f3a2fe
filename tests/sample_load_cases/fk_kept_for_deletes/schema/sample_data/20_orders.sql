INSERT INTO orders VALUES (1, 1), (2, 2), (3, 2);
-- the cascade takes orders 2 and 3 with the customer
DELETE FROM customers WHERE customer_id = 2;
