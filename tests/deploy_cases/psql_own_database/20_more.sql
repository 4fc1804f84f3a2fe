-- The next file goes on in the database the previous one moved to.
CREATE TABLE prices (product_id integer REFERENCES products, amount numeric(10, 2));
