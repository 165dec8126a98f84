ALTER TABLE reports DROP COLUMN online_sealed;
DROP INDEX case_evidence_key_idx;
DROP INDEX case_evidence_case_key_idx;
CREATE UNIQUE INDEX case_evidence_case_value_idx ON case_evidence (case_id, kind, value);
CREATE INDEX case_evidence_value_idx ON case_evidence (kind, value, created_at);
ALTER TABLE case_evidence DROP COLUMN value_key;
