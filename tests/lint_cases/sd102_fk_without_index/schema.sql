CREATE TABLE parents (parent_id integer PRIMARY KEY);
CREATE TABLE children (child_id integer PRIMARY KEY, parent_id integer REFERENCES parents,
                       other_parent integer CONSTRAINT children_other_fk REFERENCES parents);
-- An index whose leading column is the FK column serves it; one that starts elsewhere does not.
CREATE INDEX children_parent_idx ON children (parent_id, child_id);
CREATE INDEX children_other_late_idx ON children (child_id, other_parent);
COMMENT ON TABLE parents IS 'p';
COMMENT ON COLUMN parents.parent_id IS 'k';
COMMENT ON TABLE children IS 'c';
COMMENT ON COLUMN children.child_id IS 'k';
COMMENT ON COLUMN children.parent_id IS 'p';
COMMENT ON COLUMN children.other_parent IS 'p';
