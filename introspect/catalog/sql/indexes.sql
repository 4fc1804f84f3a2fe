-- Indexes of tables, partitions and materialized views. Each index element comes from pg_index:
-- indkey (0 = expression; element_texts holds the column name or the expression text),
-- indoption bits (1 = DESC, 2 = NULLS FIRST), indclass (named through opclasses.sql when not a
-- default operator class), indnkeyatts separating key columns from INCLUDE columns.
-- definition is pg_get_indexdef only where the loader could not write the same text from these
-- columns (index_definition.py): expressions, storage parameters, operator class options, and
-- unique indexes that are not primary keys (NULLS NOT DISTINCT, PostgreSQL 15+, is not in the
-- columns read here on every version). It is NULL otherwise: pg_get_indexdef was over half of
-- this query's time, most of it finding each column's default operator class.
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
       CASE WHEN i.indexprs IS NOT NULL OR ic.reloptions IS NOT NULL OR (i.indisunique AND NOT i.indisprimary)
                 OR ic.oid IN (SELECT o.attrelid FROM pg_attribute o WHERE o.attoptions IS NOT NULL)
            THEN pg_get_indexdef(ic.oid) END AS definition,
       ic.relkind = 'I' AS is_partitioned,
       i.indrelid AS table_oid,
       ic.relispartition AS is_partition,
       parent.inhparent AS parent_oid,
       CASE WHEN k.oid IS NOT NULL THEN tn.nspname || '.' || t.relname || '.' || k.conname END AS constraint_key,
       i.indkey::int2[] AS attnums,
       i.indoption::int2[] AS options,
       i.indclass::oid[] AS opclass_oids,
       i.indcollation::oid[] AS collation_oids,
       ARRAY(SELECT CASE WHEN e.attnum = 0 THEN pg_get_indexdef(ic.oid, e.ord::int, true)
                         ELSE (SELECT a.attname FROM pg_attribute a
                               WHERE a.attrelid = i.indrelid AND a.attnum = e.attnum) END
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS e(attnum, ord)
             ORDER BY e.ord) AS element_texts,
       d.description AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_inherits parent ON ic.relispartition AND parent.inhrelid = ic.oid
-- a PK, UNIQUE or EXCLUDE constraint owns exactly one index, so this join adds no rows
LEFT JOIN pg_constraint k ON k.conrelid = i.indrelid AND k.conindid = ic.oid AND k.contype IN ('p', 'u', 'x')
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = ic.oid AND d.objsubid = 0
WHERE t.relnamespace = ANY (%(namespaces)s::oid[])
  AND t.relkind IN ('r', 'p', 'm')
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, ic.relname
