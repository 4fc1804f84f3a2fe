-- Views and materialized views; dependencies are the relations their _RETURN rule references.
SELECT c.oid AS oid,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind AS relkind,
       pg_get_userbyid(c.relowner) AS owner,
       pg_get_viewdef(c.oid, true) AS definition,
       CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated,
       (SELECT array_agg(DISTINCT dn.nspname || '.' || dc.relname)
        FROM pg_rewrite rw
        JOIN pg_depend dep
          ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = rw.oid
         AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid <> c.oid
        JOIN pg_class dc ON dc.oid = dep.refobjid
        JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        WHERE rw.ev_class = c.oid) AS depends_on,
       d.description AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND c.relkind IN ('v', 'm')
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
