-- Online evidence sealed at rest. A URL can name a child's profile and a handle is a
-- perpetrator's detail: the value is sealed like the other personal fields, and a keyed hash
-- of it (under the search index's key) is what duplicates are found by and what keeps one
-- row per value per case. Rows written before have no hash until the server's start gives
-- them one; the background move then seals their values.
ALTER TABLE case_evidence ADD COLUMN value_key TEXT;
DROP INDEX case_evidence_case_value_idx;
DROP INDEX case_evidence_value_idx;
CREATE UNIQUE INDEX case_evidence_case_key_idx ON case_evidence (case_id, kind, value_key);
-- Newest first per value: a lookup reads a bounded number of rows however common the value.
CREATE INDEX case_evidence_key_idx ON case_evidence (kind, value_key, created_at);

-- A report's online details sealed whole; `online` keeps in clear only what the figures
-- count (the platform and whether the content was still up), as an erased report does.
ALTER TABLE reports ADD COLUMN online_sealed TEXT;
