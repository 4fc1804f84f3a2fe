-- 65 characters, cut by PostgreSQL to 63 (with a NOTICE); the primary key's name is made to fit 63 too
CREATE TABLE measurements_of_the_north_atlantic_buoy_network_hourly_since_1990 (reading_id integer PRIMARY KEY);
COMMENT ON TABLE measurements_of_the_north_atlantic_buoy_network_hourly_since_1990 IS 'm';
COMMENT ON COLUMN measurements_of_the_north_atlantic_buoy_network_hourly_since_1990.reading_id IS 'k';
