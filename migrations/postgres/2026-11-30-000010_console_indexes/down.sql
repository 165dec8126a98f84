DROP INDEX referrals_agency_due_idx;
