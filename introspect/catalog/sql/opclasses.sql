-- Operator classes that are not their type's default: an index element using one names it.
SELECT o.oid AS oid,
       o.opcname AS name
FROM pg_opclass o
WHERE NOT o.opcdefault
ORDER BY o.oid
