INSERT INTO stations VALUES (1, 'Harbour');
INSERT INTO stations VALUES ('two', 'Ridge');
