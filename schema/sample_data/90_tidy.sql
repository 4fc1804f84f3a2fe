-- Sample data, last step: drop the order plan the loads shared (15_order_plan.sql).
-- (schemadoc adds the deferred indexes and foreign keys after the load and then analyzes every table.)

DROP TABLE sample_plan_lines, sample_plan_orders;
