CREATE TABLE log_lines (line text);
COMMENT ON TABLE log_lines IS 'Free text';
COMMENT ON COLUMN log_lines.line IS 'One line';
