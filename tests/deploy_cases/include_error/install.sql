CREATE TABLE base (id integer PRIMARY KEY);
\ir parts/broken.sql
CREATE TABLE never (id integer);
