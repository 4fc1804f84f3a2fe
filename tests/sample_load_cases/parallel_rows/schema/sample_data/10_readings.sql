-- readings of stations that 10_stations.sql creates at the same time: checked once both are in
INSERT INTO readings SELECT g, 1 + g % 20, g / 10.0 FROM generate_series(1, 5000) AS g;
