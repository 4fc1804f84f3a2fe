-- This script expects errors to be skipped, as its installer ran it without ON_ERROR_STOP.
\unset ON_ERROR_STOP
DROP TABLE does_not_exist_yet;
CREATE TABLE kept (id integer);
\set ON_ERROR_STOP on
CREATE TABLE also_kept (id integer);
