-- User schemas picked by the include/exclude LIKE patterns; system, toast, temp and
-- extension-owned schemas are never picked. Their oids parametrise every other query.
SELECT n.oid AS oid,
       n.nspname AS name,
       pg_get_userbyid(n.nspowner) AS owner,
       d.description AS comment
FROM pg_namespace n
LEFT JOIN pg_description d
       ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid AND d.objsubid = 0
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_toast'
  AND n.nspname !~ '^pg_temp'
  AND (%(include)s::text[] IS NULL OR n.nspname LIKE ANY (%(include)s::text[]))
  AND NOT n.nspname LIKE ANY (coalesce(%(exclude)s::text[], '{}'))
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY n.nspname
