INSERT INTO summary SELECT station_id, count(*), sum(value) FROM readings GROUP BY station_id;
