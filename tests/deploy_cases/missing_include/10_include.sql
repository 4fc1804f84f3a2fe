CREATE TABLE a (id integer);
\i other_file.sql
