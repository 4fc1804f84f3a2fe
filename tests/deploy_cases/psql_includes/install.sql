-- An installer: the parts are included, and not run again on their own.
\ir parts/10_tables.sql
\i lib/20_views.sql
CREATE INDEX orders_placed_idx ON orders (placed_at);
