INSERT INTO stations SELECT g, 'station ' || g FROM generate_series(1, 20) AS g;
