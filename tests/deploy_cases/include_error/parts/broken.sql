CREATE TABLE child (
    id integer REFERENCES base,
    parent_id integer REFERENCES missing_parent
);
