-- Sizes and estimated row counts (reltuples; -1 = never analysed) of tables, partitions,
-- materialized views and indexes. Exact counts come from row_counts.sql when asked for.
-- Partitioned tables and indexes have no storage: the loader sums their partitions.
-- all_forks_bytes is pg_table_size (every fork, TOAST included); the loader adds a table's indexes'
-- to it for the total, as pg_total_relation_size would, without opening each index a second time.
SELECT n.nspname AS schema,
       c.relname AS name,
       c.relkind AS relkind,
       c.relispartition AS is_partition,
       c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated) AS countable,
       c.reltuples::bigint AS rows,
       pg_relation_size(c.oid) AS heap_bytes,
       CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) ELSE 0 END AS toast_bytes,
       pg_table_size(c.oid) AS all_forks_bytes,
       ix.indrelid AS index_table_oid,
       CASE WHEN c.relkind IN ('i', 'I') THEN pg_stat_get_numscans(c.oid) END AS index_scans,
       parent.inhparent AS parent_oid,
       c.oid AS oid
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits parent ON c.relispartition AND parent.inhrelid = c.oid
LEFT JOIN pg_index ix ON ix.indexrelid = c.oid
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND c.relkind IN ('r', 'p', 'm', 'i', 'I')
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname
