-- A referral keeps its case's place (a case's place never changes): a commune group sees the
-- cases of its commune and those referred to it, and "referred to it from elsewhere" is then
-- an index range, not a look at every case referred to it; the dashboard counts a place's
-- overdue referrals from an index alone.
ALTER TABLE referrals ADD COLUMN case_province_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN case_commune_code INTEGER NOT NULL DEFAULT 0;
UPDATE referrals SET case_province_code = cases.province_code, case_commune_code = cases.commune_code
  FROM cases WHERE cases.id = referrals.case_id;
ALTER TABLE referrals ALTER COLUMN case_province_code DROP DEFAULT;
ALTER TABLE referrals ALTER COLUMN case_commune_code DROP DEFAULT;
CREATE INDEX referrals_agency_commune_idx ON referrals (agency_id, case_commune_code);
CREATE INDEX referrals_province_waiting_idx ON referrals (case_province_code, status, due_at, agency_id);
CREATE INDEX referrals_commune_waiting_idx ON referrals (case_commune_code, status, due_at, agency_id);
-- A commune's cases newest first, and counted by status, from the index alone.
CREATE INDEX cases_commune_received_idx ON cases (commune_code, received_at);
CREATE INDEX cases_commune_status_idx ON cases (commune_code, status);
DROP INDEX cases_commune_idx;
