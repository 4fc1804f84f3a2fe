CREATE TABLE notes (note_id integer PRIMARY KEY, body text);
COMMENT ON COLUMN notes.note_id IS 'k';
