CREATE TABLE codes (code_id integer PRIMARY KEY, code text);
INSERT INTO codes VALUES (1, 'a'), (2, 'a');
-- A concurrent build that fails leaves an invalid index behind; the script expects to go on.
\set ON_ERROR_STOP off
CREATE UNIQUE INDEX CONCURRENTLY codes_code_unique ON codes (code);
\set ON_ERROR_STOP on
COMMENT ON TABLE codes IS 'c';
COMMENT ON COLUMN codes.code_id IS 'k';
COMMENT ON COLUMN codes.code IS 'c';
