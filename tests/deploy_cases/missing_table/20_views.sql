-- two statements on one line, the second refers to a table that does not exist
CREATE VIEW v_orders AS SELECT id FROM orders; CREATE VIEW v_lines AS
    SELECT id
    FROM order_lines;
