-- The referral inbox reads an agency's referrals by deadline, a page at a time.
CREATE INDEX IF NOT EXISTS referrals_agency_due_idx ON referrals (agency_id, due_at, id);
-- The supervisor's dashboard: open cases by status in a province, referrals and deadlines
-- past due, breaches since a date, and mails given up, each found by index, not by a scan
-- of every case of the province.
CREATE INDEX IF NOT EXISTS cases_province_status_idx ON cases (province_code, status);
CREATE INDEX IF NOT EXISTS referrals_status_due_idx ON referrals (status, due_at);
CREATE INDEX IF NOT EXISTS case_deadlines_state_due_idx ON case_deadlines (state, due_at);
CREATE INDEX IF NOT EXISTS case_deadlines_breached_idx ON case_deadlines (breached_at);
CREATE INDEX IF NOT EXISTS outbox_failed_idx ON outbox (failed_at) WHERE failed_at IS NOT NULL;
