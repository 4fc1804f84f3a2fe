INSERT INTO orders VALUES (1, 1), (2, 2), (3, 2);
