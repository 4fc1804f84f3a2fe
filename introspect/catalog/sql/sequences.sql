-- Sequences; owned_by from pg_depend: deptype 'a' (serial / OWNED BY) or 'i' (identity column).
SELECT n.nspname AS schema,
       c.relname AS name,
       format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start,
       s.seqincrement AS increment,
       s.seqmin AS min_value,
       s.seqmax AS max_value,
       s.seqcycle AS cycle,
       CASE WHEN own.refobjid IS NOT NULL THEN on_.nspname || '.' || ot.relname || '.' || oa.attname END AS owned_by,
       coalesce(own.deptype = 'i', false) AS is_identity,
       d.description AS comment
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend own
       ON own.classid = 'pg_class'::regclass AND own.objid = c.oid AND own.deptype IN ('a', 'i')
      AND own.refclassid = 'pg_class'::regclass AND own.refobjsubid > 0
LEFT JOIN pg_class ot ON ot.oid = own.refobjid
LEFT JOIN pg_namespace on_ ON on_.oid = ot.relnamespace
LEFT JOIN pg_attribute oa ON oa.attrelid = own.refobjid AND oa.attnum = own.refobjsubid
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(namespaces)s::oid[])
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
