CREATE TABLE orders (order_id integer PRIMARY KEY, placed_at timestamptz NOT NULL);
-- \ir is relative to this file, wherever psql runs
\ir 11_lines.sql
