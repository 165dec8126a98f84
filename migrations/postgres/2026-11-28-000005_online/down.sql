DELETE FROM users WHERE id = '00000000-0000-7000-8000-00000000f0a1';
DROP TABLE public_reports;
DROP TABLE contact_fingerprints;
DROP TABLE case_evidence;
ALTER TABLE reports DROP COLUMN informant_handle;
DROP INDEX case_children_folded_idx;
ALTER TABLE case_children DROP COLUMN name_folded;
ALTER TABLE cases DROP COLUMN duplicate_of;
