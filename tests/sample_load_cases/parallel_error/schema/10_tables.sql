CREATE TABLE readings (reading_id integer PRIMARY KEY, value numeric NOT NULL);
CREATE TABLE stations (station_id integer PRIMARY KEY, name text NOT NULL);
