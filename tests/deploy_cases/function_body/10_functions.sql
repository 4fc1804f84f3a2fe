CREATE FUNCTION check_setup() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'setup check failed: % rows', 0
        USING HINT = 'load the reference data first';
END;
$$;

SELECT check_setup();
