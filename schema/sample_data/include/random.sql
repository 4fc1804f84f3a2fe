-- The sample data's "random" choices, included by each part that makes some (\ir include/random.sql): each
-- psql session needs its own pg_temp functions. Deterministic: unit(row, salt) is a hash of the row number,
-- so each load produces the same rows; pick(options, row, salt) chooses one of the options with it.

CREATE FUNCTION pg_temp.unit(n bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT (hashint8(n * 1000003 + salt) & 2147483647)::double precision / 2147483648.0
$$;

CREATE FUNCTION pg_temp.pick(options text[], n bigint, salt integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT options[1 + floor(pg_temp.unit(n, salt) * cardinality(options))::integer]
$$;
