-- Functions and procedures (aggregates and window functions are left out).
SELECT n.nspname AS schema,
       p.proname AS name,
       p.prokind AS prokind,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS result,
       l.lanname AS language,
       p.provolatile AS volatility,
       p.prosecdef AS security_definer,
       p.proisstrict AS strict,
       pg_get_userbyid(p.proowner) AS owner,
       p.prosrc AS source,
       d.description AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
       ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(namespaces)s::oid[])
  AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY n.nspname, p.proname, 4
