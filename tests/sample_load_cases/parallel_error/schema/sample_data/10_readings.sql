INSERT INTO readings SELECT g, g / 10.0 FROM generate_series(1, 5000) AS g;
