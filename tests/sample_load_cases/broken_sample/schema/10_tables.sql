CREATE TABLE notes (note_id integer PRIMARY KEY, body text);
