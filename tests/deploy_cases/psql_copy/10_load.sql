CREATE TABLE cities (city_id integer PRIMARY KEY, name text NOT NULL, country char(2) NOT NULL);
-- \copy reads a file beside the script, on the client side
\copy cities FROM 'cities.csv' WITH (FORMAT csv, HEADER true)
COPY cities FROM stdin;
4	Lisbon	PT
\.
