-- Installed extensions except plpgsql (always present, never chosen by the schema author).
SELECT x.extname AS name,
       x.extversion AS version,
       n.nspname AS schema,
       d.description AS comment
FROM pg_extension x
JOIN pg_namespace n ON n.oid = x.extnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_extension'::regclass AND d.objoid = x.oid AND d.objsubid = 0
WHERE x.extname <> 'plpgsql'
ORDER BY x.extname
