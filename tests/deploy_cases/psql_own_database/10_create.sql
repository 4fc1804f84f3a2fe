-- A script that makes its own database and moves into it
CREATE DATABASE psql_case_own_shop;
\c psql_case_own_shop
CREATE TABLE products (product_id integer PRIMARY KEY, name text);
