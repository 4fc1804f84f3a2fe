-- Never deployed: a query file, deliberately not valid DDL.
SELECT * FROM table_that_does_not_exist;
