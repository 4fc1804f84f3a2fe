CREATE TABLE order_lines (order_id integer REFERENCES orders, line_no integer, PRIMARY KEY (order_id, line_no));
