DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shop_reader') THEN
        CREATE ROLE shop_reader;
    END IF;
    EXECUTE 'GRANT USAGE ON SCHEMA shop TO shop_reader';
END
$$;
