-- \if / \elif / \else / \endif, on a variable set by \gset from the server
SELECT current_setting('server_version_num')::integer >= 150000 AS is_pg15_or_later,
       false AS wants_legacy \gset
\if :wants_legacy
CREATE TABLE legacy_only (id integer);
\elif :is_pg15_or_later
CREATE TABLE modern (id integer, note text);
\else
CREATE TABLE fallback (id integer);
\endif
\if :{?undefined_variable}
CREATE TABLE never_created (id integer);
\else
CREATE TABLE defined_check_works (id integer);
\endif
