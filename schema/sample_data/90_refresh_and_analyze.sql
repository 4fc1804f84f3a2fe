-- Sample data, last step: populate the analytics materialized views and refresh the planner statistics
-- (VACUUM also sets the visibility map that index-only scans on the covering index rely on).

SELECT refresh_all_materialized_views(false);

-- The recent orders were updated several times while replaying their life; compact them.
VACUUM (FULL) orders;
-- The audit GIN indexes grew one insert at a time; rebuilt in one pass they are about half the size.
REINDEX TABLE audit_log;

VACUUM (ANALYZE);
