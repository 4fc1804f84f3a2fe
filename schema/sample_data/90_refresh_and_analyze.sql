-- Sample data, last step: populate the analytics materialized views and refresh the planner statistics
-- (VACUUM also sets the visibility map that index-only scans on the covering index rely on).

SELECT refresh_all_materialized_views(false);

-- The recent orders were updated several times while replaying their life; compact them.
VACUUM (FULL) orders;
-- Indexes filled one row at a time (GIN above all) are much larger than ones built in a single pass.
REINDEX SCHEMA public;

VACUUM (ANALYZE);
