-- psql variables: \set, \unset, :name, :'name' and :"name" interpolation
\set app_schema inventory
\set item_table items
\set greeting 'hello, world'
CREATE SCHEMA :"app_schema";
CREATE TABLE :"app_schema".:"item_table" (
    item_id integer PRIMARY KEY,
    label   text NOT NULL DEFAULT :'greeting'
);
\set suffix _archive
CREATE TABLE :app_schema.:item_table:suffix (LIKE :"app_schema".:"item_table");
\unset suffix
-- An unset variable is not interpolated: the colon stays, inside the string.
COMMENT ON TABLE :"app_schema".:"item_table" IS 'stock items (:suffix stays as written)';
