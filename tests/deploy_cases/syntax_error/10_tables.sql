CREATE TABLE fine (id integer);

CREATE TABLE broken (
    id integer,
    name text NOT NULL
    created_at timestamptz
);
