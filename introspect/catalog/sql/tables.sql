-- Ordinary tables, partitioned tables and partitions, with partition key, bound and parent.
SELECT c.oid AS oid,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind AS relkind,
       c.relispartition AS is_partition,
       pg_get_userbyid(c.relowner) AS owner,
       c.relpersistence AS persistence,
       c.relrowsecurity AS row_security,
       d.description AS comment,
       pt.partstrat AS partition_strategy,
       CASE WHEN pt.partrelid IS NOT NULL THEN pg_get_partkeydef(c.oid) END AS partition_key_definition,
       CASE WHEN pt.partrelid IS NOT NULL THEN
            (SELECT array_agg(coalesce(a.attname::text, '') ORDER BY k.ord)
             FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum <> 0)
       END AS partition_key_columns,
       CASE WHEN pt.partexprs IS NOT NULL THEN pg_get_expr(pt.partexprs, c.oid) END AS partition_key_expressions,
       -- a bound holds only values, so it is printed without its table, which PostgreSQL 18 would open
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, 0) END AS partition_bound,
       parent.oid AS parent_oid,
       pn.nspname AS parent_schema,
       parent.relname AS parent_name,
       coalesce(ppt.partdefid = c.oid, false) AS is_default_partition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class parent ON parent.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = parent.relnamespace
LEFT JOIN pg_partitioned_table ppt ON ppt.partrelid = parent.oid
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
