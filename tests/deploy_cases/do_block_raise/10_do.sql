CREATE TABLE t (id integer);

DO $$
DECLARE
    n integer;
BEGIN
    SELECT count(*) INTO n FROM t;
    PERFORM 1 / n;
END
$$;
