DROP INDEX IF EXISTS outbox_failed_idx;
DROP INDEX IF EXISTS case_deadlines_breached_idx;
DROP INDEX IF EXISTS case_deadlines_state_due_idx;
DROP INDEX IF EXISTS referrals_status_due_idx;
DROP INDEX IF EXISTS cases_province_status_idx;
DROP INDEX IF EXISTS referrals_agency_due_idx;
