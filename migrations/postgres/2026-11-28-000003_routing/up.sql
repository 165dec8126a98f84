-- Routing: referrals to the agencies that must act, each with its acknowledgement deadline;
-- the case's own statutory deadlines and the explanation of how it was routed; and the
-- outbox the notifier sends from. Referrals, outbox rows and the audit entry commit with the
-- change that causes them.

-- Staff addresses for escalation mail (supervisors of the provincial department).
ALTER TABLE users ADD COLUMN email TEXT;

-- JSON: the rules that matched and why, the triaged risk and where it came from.
ALTER TABLE cases ADD COLUMN routing TEXT;
-- Emergency protection due (12 h from receipt); plan and approval due (working days from
-- the start of verification).
ALTER TABLE cases ADD COLUMN action_due_at TIMESTAMP;
ALTER TABLE cases ADD COLUMN plan_due_at TIMESTAMP;
ALTER TABLE cases ADD COLUMN approval_due_at TIMESTAMP;

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    status TEXT NOT NULL,
    -- Why, in Vietnamese; and the ids of the rules that asked for it (JSON list).
    reason TEXT NOT NULL,
    rules TEXT NOT NULL,
    emergency BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id),
    -- Acknowledgement due.
    due_at TIMESTAMP NOT NULL,
    acknowledged_at TIMESTAMP,
    accepted_at TIMESTAMP,
    declined_at TIMESTAMP,
    decline_reason TEXT,
    completed_at TIMESTAMP,
    outcome TEXT,
    -- The referral that took this one's place when it was reassigned.
    replaced_by TEXT,
    -- Set once, by whichever server's watcher escalated it first.
    escalated_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX referrals_case_idx ON referrals (case_id);
CREATE INDEX referrals_agency_idx ON referrals (agency_id, status);
CREATE INDEX referrals_unescalated_due_idx ON referrals (due_at) WHERE escalated_at IS NULL;
-- An agency holds at most one open referral per case.
CREATE UNIQUE INDEX referrals_open_once_idx ON referrals (case_id, agency_id)
    WHERE status IN ('pending', 'acknowledged', 'accepted', 'overdue');

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    -- referral.created, referral.escalated, referral.declined
    kind TEXT NOT NULL,
    case_id TEXT REFERENCES cases (id),
    referral_id TEXT REFERENCES referrals (id),
    agency_id TEXT REFERENCES agencies (id),
    recipient TEXT NOT NULL,
    -- JSON without personal data: codes, ids, deadlines.
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_unsent_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;
