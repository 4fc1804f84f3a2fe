CREATE TABLE legacy (legacy_id serial PRIMARY KEY, created timestamp, country char(2), payload json);
COMMENT ON TABLE legacy IS 'l';
COMMENT ON COLUMN legacy.legacy_id IS 'k';
COMMENT ON COLUMN legacy.created IS 'c';
COMMENT ON COLUMN legacy.country IS 'c';
COMMENT ON COLUMN legacy.payload IS 'p';
