CREATE TABLE a (id integer);
\connect some_other_database
CREATE TABLE b (id integer);
