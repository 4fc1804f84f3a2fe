CREATE TABLE readings (sensor text NOT NULL, value numeric, PRIMARY KEY (sensor)) PARTITION BY LIST (sensor);
CREATE TABLE readings_a PARTITION OF readings FOR VALUES IN ('a');
-- Hash partitioning has no default partition to miss.
CREATE TABLE buckets (bucket_id integer PRIMARY KEY) PARTITION BY HASH (bucket_id);
CREATE TABLE buckets_0 PARTITION OF buckets FOR VALUES WITH (MODULUS 1, REMAINDER 0);
COMMENT ON TABLE readings IS 'r';
COMMENT ON COLUMN readings.sensor IS 's';
COMMENT ON COLUMN readings.value IS 'v';
COMMENT ON TABLE buckets IS 'b';
COMMENT ON COLUMN buckets.bucket_id IS 'k';
