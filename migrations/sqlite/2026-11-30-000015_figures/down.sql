DROP INDEX case_deadlines_due_idx;
DROP INDEX referrals_commune_created_idx;
DROP INDEX referrals_province_created_idx;
DROP INDEX reports_commune_received_idx;
DROP INDEX reports_province_received_idx;
ALTER TABLE reports DROP COLUMN caller_age_band;
ALTER TABLE reports DROP COLUMN caller_sex;
ALTER TABLE reports DROP COLUMN caller_type;
