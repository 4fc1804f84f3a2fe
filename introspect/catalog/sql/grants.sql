-- Explicit privileges (aclexplode of non-default ACLs) on schemas, relations, sequences and
-- routines (procedures are kind 'function'; partitions kind 'table'). The owner's own implicit privileges (grantee and grantor both the owner) are left out.
WITH objects AS (
    SELECT 'schema' AS object_kind, n.nspname::text AS object, n.nspacl AS acl, n.nspowner AS owner
    FROM pg_namespace n
    WHERE n.oid = ANY (%(namespaces)s::oid[]) AND n.nspacl IS NOT NULL
    UNION ALL
    SELECT CASE WHEN c.relkind = 'p' AND NOT c.relispartition THEN 'partitioned_table'
                WHEN c.relkind IN ('r', 'p') THEN 'table'
                WHEN c.relkind = 'v' THEN 'view' WHEN c.relkind = 'm' THEN 'materialized_view'
                ELSE 'sequence' END,
           n.nspname || '.' || c.relname, c.relacl, c.relowner
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND c.relacl IS NOT NULL
      AND NOT EXISTS (SELECT FROM pg_depend x
                      WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
    UNION ALL
    SELECT 'function',
           n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           p.proacl, p.proowner
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.pronamespace = ANY (%(namespaces)s::oid[])
      AND p.prokind IN ('f', 'p')
      AND p.proacl IS NOT NULL
      AND NOT EXISTS (SELECT FROM pg_depend x
                      WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e')
)
SELECT o.object_kind AS object_kind,
       o.object AS object,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
       a.privilege_type AS privilege,
       pg_get_userbyid(a.grantor) AS grantor,
       a.is_grantable AS grantable
FROM objects o
CROSS JOIN LATERAL aclexplode(o.acl) a
WHERE NOT (a.grantee = o.owner AND a.grantor = o.owner)
ORDER BY 1, 2, 3, 4
