INSERT INTO shop.customer ("display;name") VALUES ('Ada'), ('Grace');
