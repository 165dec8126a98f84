DROP TABLE field_versions;
DROP TABLE case_holds;
DROP INDEX reports_retention_idx;
DROP INDEX cases_retention_idx;
ALTER TABLE reports DROP COLUMN erased_at;
ALTER TABLE cases DROP COLUMN erased_at;
