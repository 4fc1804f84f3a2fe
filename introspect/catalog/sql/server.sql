-- The server and database the catalog describes (one row).
SELECT current_database() AS database,
       current_setting('server_version') AS server_version,
       current_setting('server_version_num')::int AS server_version_num
ORDER BY 1
