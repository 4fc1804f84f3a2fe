-- Operator classes: an index element names its class when it is not the default for the column's
-- type, and the loader writes an index's definition itself only where it can tell that exactly.
SELECT o.oid AS oid,
       o.opcname AS name,
       o.opcdefault AS is_default,
       o.opcintype AS input_type_oid
FROM pg_opclass o
ORDER BY o.oid
