CREATE FUNCTION shop.greeting(who text) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
    result text;
BEGIN
    result := 'hello; ' || who;   -- semicolons inside the body
    RETURN result || $$!$$;
END;
$fn$;

CREATE FUNCTION shop.add_one(n integer) RETURNS integer
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT CASE WHEN n IS NULL THEN 0 ELSE n + 1 END;
END;

CREATE FUNCTION shop.price$with$dollar(p numeric) RETURNS numeric LANGUAGE sql AS 'SELECT p * 2';
