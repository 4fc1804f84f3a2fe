CREATE TABLE child (
    id integer REFERENCES base,
    created_at timestamptz DEFAULT no_such_function()
);
