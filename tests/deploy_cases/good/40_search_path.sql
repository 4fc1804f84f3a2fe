-- pg_dump style: an empty search_path for the rest of this file only.
SELECT pg_catalog.set_config('search_path', '', false);
\restrict abc123
CREATE TABLE shop.order_line (line_id integer PRIMARY KEY, amount numeric NOT NULL);
COPY shop.order_line (line_id, amount) FROM stdin;
1	10.50
2	3.25
\.
\unrestrict abc123
