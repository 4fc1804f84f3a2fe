-- The text of ONE statement that counts the rows of every selected heap table and populated
-- materialized view exactly (a UNION ALL of count(*) per relation); NULL when there are none.
-- Built here, run by the loader next: a constant two statements however many tables there are.
-- Only the relations the loader names (countable_oids: those whose main fork has a block, per
-- statistics.sql) are counted; a relation without any block holds no row.
SELECT string_agg(format('SELECT %%s::oid AS oid, count(*) AS n FROM %%I.%%I', c.oid, n.nspname, c.relname),
                  E'\nUNION ALL ' ORDER BY n.nspname, c.relname) AS query
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = ANY (%(countable_oids)s::oid[])
ORDER BY 1
