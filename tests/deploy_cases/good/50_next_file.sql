-- Unqualified: only works if the previous file's empty search_path did not leak into this one.
CREATE TABLE after_search_path (id integer);
INSERT INTO after_search_path VALUES (shop.add_one(41));
