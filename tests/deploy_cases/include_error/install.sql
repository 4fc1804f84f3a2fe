CREATE TABLE base (id integer);
\ir parts/broken.sql
CREATE TABLE never (id integer);
