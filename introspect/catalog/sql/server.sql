-- The server and database the catalog describes (one row).
SELECT current_database() AS database,
       current_setting('server_version') AS server_version,
       current_setting('server_version_num')::int AS server_version_num,
       pg_database_size(current_database()) AS database_bytes
ORDER BY 1
