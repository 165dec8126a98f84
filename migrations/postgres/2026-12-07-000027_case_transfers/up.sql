-- A case moves to the commune where the child now lives: the sending side proposes, the
-- receiving side accepts or refuses within the time a referral is given, and the deadline
-- watcher escalates an unanswered proposal once (`escalated_at` is its claim). The reasons
-- are sealed (they can name the family). A case has at most one proposal waiting.
CREATE TABLE case_transfers (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    from_province_code INTEGER NOT NULL,
    from_commune_code INTEGER NOT NULL,
    to_province_code INTEGER NOT NULL,
    to_commune_code INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    proposed_by TEXT NOT NULL REFERENCES users (id),
    proposed_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    answer_reason TEXT,
    answered_by TEXT REFERENCES users (id),
    answered_at TIMESTAMP,
    escalated_at TIMESTAMP
);
CREATE UNIQUE INDEX case_transfers_one_waiting_idx ON case_transfers (case_id) WHERE status = 'proposed';
CREATE INDEX case_transfers_case_idx ON case_transfers (case_id, proposed_at);
-- Each side's list: what comes in, what went out.
CREATE INDEX case_transfers_to_idx ON case_transfers (to_province_code, to_commune_code, status);
CREATE INDEX case_transfers_from_idx ON case_transfers (from_province_code, from_commune_code, status);
-- The watcher's candidates.
CREATE INDEX case_transfers_due_idx ON case_transfers (due_at) WHERE status = 'proposed' AND escalated_at IS NULL;
