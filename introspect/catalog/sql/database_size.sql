-- Size of the whole database on disk (one row).
SELECT pg_database_size(current_database()) AS database_bytes
ORDER BY 1
