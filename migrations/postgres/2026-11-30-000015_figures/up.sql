-- Figures: who called (the 111 line's split of callers), kept with or without the
-- informant's consent, since none of it names anyone; and the indexes the figures of a
-- place and period read by.
ALTER TABLE reports ADD COLUMN caller_type TEXT;
ALTER TABLE reports ADD COLUMN caller_sex TEXT;
ALTER TABLE reports ADD COLUMN caller_age_band TEXT;
CREATE INDEX reports_province_received_idx ON reports (province_code, received_at);
CREATE INDEX reports_commune_received_idx ON reports (commune_code, received_at);
CREATE INDEX referrals_province_created_idx ON referrals (case_province_code, created_at);
CREATE INDEX referrals_commune_created_idx ON referrals (case_commune_code, created_at);
CREATE INDEX case_deadlines_due_idx ON case_deadlines (due_at);
