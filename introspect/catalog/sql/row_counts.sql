-- The text of ONE statement that counts the rows of every selected heap table and populated
-- materialized view exactly (a UNION ALL of count(*) per relation); NULL when there are none.
-- Built here, run by the loader next: a constant two statements however many tables there are.
SELECT string_agg(format('SELECT %%s::oid AS oid, count(*) AS n FROM %%I.%%I', c.oid, n.nspname, c.relname),
                  E'\nUNION ALL ' ORDER BY n.nspname, c.relname) AS query
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY 1
