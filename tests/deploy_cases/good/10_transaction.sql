-- A transaction block in a file is honoured as written.
BEGIN;
CREATE SCHEMA shop;
CREATE TABLE shop.customer (
    customer_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "display;name" text NOT NULL,          -- a quoted identifier with a semicolon in it
    note text DEFAULT E'it\'s; fine'       -- an E'' string with an escaped quote and a semicolon
);
/* a block comment /* nested */ with a ; inside */
COMMENT ON TABLE shop.customer IS 'People who buy; sometimes twice';
COMMIT;
