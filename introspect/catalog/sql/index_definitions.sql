-- pg_get_indexdef of the declared indexes whose definition the loader cannot write itself
-- (see index_definition.py): asked for after the other queries, in the same snapshot.
SELECT d.oid AS oid,
       pg_get_indexdef(d.oid) AS definition
FROM unnest(%(index_oids)s::oid[]) AS d(oid)
ORDER BY d.oid
