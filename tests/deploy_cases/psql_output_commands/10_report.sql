-- Output-only commands: accepted, and their output is not part of the deployment
\pset tuples_only on
\pset format unaligned
\timing on
\echo creating the table
\qecho a line for the query output
CREATE TABLE report (id integer);
\dt
\d report
\conninfo
\o
SELECT count(*) FROM report;
\t
\x auto
\timing off
CREATE TABLE after_output (id integer);
