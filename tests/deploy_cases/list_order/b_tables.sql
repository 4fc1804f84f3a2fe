CREATE TABLE things (id integer, name text);
