-- Accepted exceptions: silenced in the object's comment, or in its table's.
CREATE TABLE staging (line text);
COMMENT ON TABLE staging IS 'Raw import lines, loaded and truncated by the nightly job. schemadoc:ignore SD101';
COMMENT ON COLUMN staging.line IS 'One line';
CREATE TABLE parents (parent_id integer PRIMARY KEY);
CREATE TABLE kids (kid_id integer PRIMARY KEY, parent_id integer CONSTRAINT kids_parent_fk REFERENCES parents);
COMMENT ON CONSTRAINT kids_parent_fk ON kids IS 'Parents are never deleted. schemadoc:ignore SD102';
COMMENT ON TABLE parents IS 'p';
COMMENT ON COLUMN parents.parent_id IS 'k';
COMMENT ON TABLE kids IS 'schemadoc:ignore';
