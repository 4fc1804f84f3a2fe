CREATE TABLE readings (reading_id integer PRIMARY KEY, station_id integer NOT NULL, value numeric NOT NULL);
CREATE TABLE stations (station_id integer PRIMARY KEY, name text NOT NULL);
ALTER TABLE readings ADD FOREIGN KEY (station_id) REFERENCES stations;
CREATE INDEX readings_value ON readings (value);
CREATE TABLE summary (station_id integer PRIMARY KEY REFERENCES stations, readings bigint, total numeric);
