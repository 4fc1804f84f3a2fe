-- User triggers (internal FK triggers left out), including partition clones (tgparentid).
-- tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead of.
-- The WHEN condition mixes OLD and NEW, which pg_get_expr cannot print, so it is read from
-- information_schema.triggers.action_condition.
SELECT t.oid AS oid,
       n.nspname AS table_schema,
       c.relname AS table_name,
       t.tgname AS name,
       t.tgtype AS tgtype,
       fn.nspname || '.' || f.proname || '(' || pg_get_function_identity_arguments(f.oid) || ')' AS function,
       pg_get_triggerdef(t.oid, true) AS definition,
       t.tgenabled AS enabled,
       CASE WHEN t.tgqual IS NOT NULL THEN
            (SELECT it.action_condition::text FROM information_schema.triggers it
             WHERE it.trigger_schema = n.nspname AND it.event_object_table = c.relname
               AND it.trigger_name = t.tgname
             LIMIT 1)
       END AS condition,
       t.tgconstraint <> 0 AS is_constraint_trigger,
       t.tgparentid AS parent_oid,
       d.description AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_trigger'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND NOT t.tgisinternal
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, t.tgname
