INSERT INTO notes VALUES (1, 'fine');
INSERT INTO notes VALUES (2, $$never closed);
