-- Roles that own selected objects or appear in their ACLs, plus every role those are members of
-- (transitively). Predefined pg_* roles and the bootstrap superuser (oid 10) are left out.
WITH RECURSIVE mentioned AS (
    SELECT n.nspowner AS role_oid FROM pg_namespace n WHERE n.oid = ANY (%(namespaces)s::oid[])
    UNION SELECT c.relowner FROM pg_class c
          WHERE c.relnamespace = ANY (%(namespaces)s::oid[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION SELECT p.proowner FROM pg_proc p WHERE p.pronamespace = ANY (%(namespaces)s::oid[])
    UNION SELECT t.typowner FROM pg_type t WHERE t.typnamespace = ANY (%(namespaces)s::oid[])
    UNION SELECT a.grantee FROM pg_namespace n, aclexplode(n.nspacl) a
          WHERE n.oid = ANY (%(namespaces)s::oid[])
    UNION SELECT a.grantor FROM pg_namespace n, aclexplode(n.nspacl) a
          WHERE n.oid = ANY (%(namespaces)s::oid[])
    UNION SELECT a.grantee FROM pg_class c, aclexplode(c.relacl) a
          WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
    UNION SELECT a.grantor FROM pg_class c, aclexplode(c.relacl) a
          WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
    UNION SELECT a.grantee FROM pg_proc p, aclexplode(p.proacl) a
          WHERE p.pronamespace = ANY (%(namespaces)s::oid[])
    UNION SELECT a.grantor FROM pg_proc p, aclexplode(p.proacl) a
          WHERE p.pronamespace = ANY (%(namespaces)s::oid[])
),
closure AS (
    SELECT role_oid FROM mentioned
    UNION
    SELECT m.roleid FROM pg_auth_members m JOIN closure cl ON cl.role_oid = m.member
)
SELECT r.rolname AS name,
       r.rolcanlogin AS can_login,
       r.rolsuper AS superuser,
       r.rolinherit AS inherit,
       (SELECT array_agg(DISTINCT g.rolname::text)
        FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
        WHERE m.member = r.oid AND g.rolname !~ '^pg_' AND g.oid <> 10) AS member_of,
       d.description AS comment
FROM pg_roles r
JOIN closure cl ON cl.role_oid = r.oid
LEFT JOIN pg_shdescription d ON d.classoid = 'pg_authid'::regclass AND d.objoid = r.oid
WHERE r.rolname !~ '^pg_' AND r.oid <> 10
ORDER BY r.rolname
