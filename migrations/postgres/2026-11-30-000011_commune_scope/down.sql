CREATE INDEX cases_commune_idx ON cases (commune_code);
DROP INDEX cases_commune_status_idx;
DROP INDEX cases_commune_received_idx;
DROP INDEX referrals_commune_waiting_idx;
DROP INDEX referrals_province_waiting_idx;
DROP INDEX referrals_agency_commune_idx;
ALTER TABLE referrals DROP COLUMN case_commune_code;
ALTER TABLE referrals DROP COLUMN case_province_code;
