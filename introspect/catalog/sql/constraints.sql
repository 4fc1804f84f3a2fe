-- Table constraints (PK, UNIQUE, FK, CHECK, EXCLUDE), including the clones PostgreSQL makes on
-- partitions (conparentid / conislocal tell the loader which ones were declared).
-- NOT NULL rows (contype 'n', PostgreSQL 18) and constraint triggers ('t') are left out.
SELECT k.oid AS oid,
       k.conrelid AS table_oid,
       k.conname AS name,
       k.contype AS contype,
       ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = k.conrelid AND a.attnum = u.attnum)
             FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             ORDER BY u.ord) AS columns,
       pg_get_constraintdef(k.oid) AS definition,
       rn.nspname AS referenced_schema,
       r.relname AS referenced_name,
       ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = k.confrelid AND a.attnum = u.attnum)
             FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
             ORDER BY u.ord) AS referenced_columns,
       k.confdeltype AS on_delete,
       k.confupdtype AS on_update,
       k.confmatchtype AS match_type,
       k.condeferrable AS deferrable,
       k.condeferred AS initially_deferred,
       k.convalidated AS validated,
       CASE WHEN k.contype IN ('p', 'u', 'x') THEN xn.nspname END AS index_schema,
       CASE WHEN k.contype IN ('p', 'u', 'x') THEN x.relname END AS index_name,
       k.conparentid AS parent_oid,
       k.conislocal AS is_local,
       d.description AS comment
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
LEFT JOIN pg_class r ON r.oid = k.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
LEFT JOIN pg_class x ON x.oid = k.conindid
LEFT JOIN pg_namespace xn ON xn.oid = x.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND c.relkind IN ('r', 'p')
  AND k.contype IN ('p', 'u', 'f', 'c', 'x')
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY k.conrelid, k.conname, k.oid
