-- Indexes of tables, partitions and materialized views. Each index element comes from pg_index:
-- indkey (0 = expression), indoption bits (1 = DESC, 2 = NULLS FIRST), indclass against the
-- default operator class, indnkeyatts separating key columns from INCLUDE columns.
SELECT ic.oid AS oid,
       n.nspname AS schema,
       ic.relname AS name,
       tn.nspname AS table_schema,
       t.relname AS table_name,
       am.amname AS method,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary,
       i.indisvalid AS is_valid,
       i.indnkeyatts AS key_count,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_get_indexdef(ic.oid) AS definition,
       ic.relispartition AS is_partition,
       parent.inhparent AS parent_oid,
       (SELECT kn.nspname || '.' || kt.relname || '.' || k.conname
        FROM pg_constraint k
        JOIN pg_class kt ON kt.oid = k.conrelid
        JOIN pg_namespace kn ON kn.oid = kt.relnamespace
        WHERE k.conindid = ic.oid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
        ORDER BY k.conname LIMIT 1) AS constraint_key,
       (SELECT json_agg(json_build_object(
                   'column', a.attname,
                   'expression', CASE WHEN e.attnum = 0 THEN pg_get_indexdef(ic.oid, e.ord::int, true) END,
                   'descending', e.ord <= i.indnkeyatts AND (i.indoption[e.ord - 1] & 1) <> 0,
                   'nulls_first', e.ord <= i.indnkeyatts AND (i.indoption[e.ord - 1] & 2) <> 0,
                   'opclass', CASE WHEN e.ord <= i.indnkeyatts AND NOT opc.opcdefault THEN opc.opcname END,
                   'is_key', e.ord <= i.indnkeyatts)
                ORDER BY e.ord)
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS e(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = e.attnum AND e.attnum <> 0
        LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[e.ord - 1]) AS elements,
       d.description AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_inherits parent ON ic.relispartition AND parent.inhrelid = ic.oid
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = ic.oid AND d.objsubid = 0
WHERE t.relnamespace = ANY (%(namespaces)s::oid[])
  AND t.relkind IN ('r', 'p', 'm')
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, ic.relname
