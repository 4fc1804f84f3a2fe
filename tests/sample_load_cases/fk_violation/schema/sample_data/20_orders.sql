SELECT count(*) FROM customers;
INSERT INTO orders VALUES (1, 1), (2, 2);

-- a customer nobody created
INSERT INTO orders VALUES (3, 99);
