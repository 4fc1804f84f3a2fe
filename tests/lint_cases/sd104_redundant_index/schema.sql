CREATE TABLE visits (visit_id integer PRIMARY KEY, site text, day date, hits integer);
CREATE INDEX visits_site ON visits (site);
CREATE INDEX visits_site_day ON visits (site, day);
-- A unique, a partial and a covering index do something the longer one cannot.
CREATE UNIQUE INDEX visits_site_unique_day ON visits (day, site);
CREATE INDEX visits_day_partial ON visits (day) WHERE hits > 0;
CREATE INDEX visits_day_covering ON visits (day) INCLUDE (hits);
-- Partial indexes: redundant beside a longer one with the very same predicate.
CREATE INDEX visits_busy_site ON visits (site) WHERE hits > 0;
CREATE INDEX visits_busy_site_day ON visits (site, day) WHERE hits > 0;
COMMENT ON TABLE visits IS 'v';
COMMENT ON COLUMN visits.visit_id IS 'k';
COMMENT ON COLUMN visits.site IS 's';
COMMENT ON COLUMN visits.day IS 'd';
COMMENT ON COLUMN visits.hits IS 'h';
