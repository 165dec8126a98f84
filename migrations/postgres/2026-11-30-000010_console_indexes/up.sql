-- The referral inbox reads an agency's referrals by deadline, a page at a time.
CREATE INDEX referrals_agency_due_idx ON referrals (agency_id, due_at, id);
