CREATE VIEW named AS SELECT name FROM things;
