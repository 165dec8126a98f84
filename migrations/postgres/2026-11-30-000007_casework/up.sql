-- Decree 56 case work: the record of each step (forms Mẫu 02–06), every version of it, and
-- the deadlines a case must meet, each pending, met or breached.

-- Each save of a step's record is a new version: who wrote it and when stay. `cycle` counts
-- plan cycles (a review may start a new plan); `plan_state` is a plan's place in approval.
CREATE TABLE case_steps (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    step TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    -- Which review of the cycle (reviews recur); 1 for the other steps.
    round INTEGER NOT NULL,
    version INTEGER NOT NULL,
    -- The record as JSON: free text about the child and family; never in a log or an e-mail.
    body TEXT NOT NULL,
    plan_state TEXT,
    -- Why a plan was returned for changes.
    note TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, step, cycle, round, version)
);

CREATE TABLE case_deadlines (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    -- Which review of the cycle the deadline is for; 1 for the other kinds.
    round INTEGER NOT NULL,
    due_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL,
    met_at TIMESTAMP,
    breached_at TIMESTAMP,
    -- Agency codes the breach was escalated to (JSON).
    escalated_to TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, kind, cycle, round)
);
CREATE INDEX case_deadlines_pending_idx ON case_deadlines (due_at) WHERE state = 'pending';

ALTER TABLE cases ADD COLUMN plan_cycle INTEGER NOT NULL DEFAULT 1;

-- The deadlines of open cases still ahead, as they stood. One already past is not
-- back-filled: whether it was met was never recorded, and a breach mail now would be false.
INSERT INTO case_deadlines (id, case_id, kind, cycle, round, due_at, state, created_at)
SELECT gen_random_uuid()::text, id, 'emergency_action', 1, 1, action_due_at, 'pending', (now() AT TIME ZONE 'UTC')
FROM cases WHERE action_due_at > (now() AT TIME ZONE 'UTC') AND status IN ('new', 'verifying');
INSERT INTO case_deadlines (id, case_id, kind, cycle, round, due_at, state, created_at)
SELECT gen_random_uuid()::text, id, 'plan', 1, 1, plan_due_at, 'pending', (now() AT TIME ZONE 'UTC')
FROM cases WHERE plan_due_at > (now() AT TIME ZONE 'UTC') AND status IN ('verifying', 'assessing', 'planning');
INSERT INTO case_deadlines (id, case_id, kind, cycle, round, due_at, state, created_at)
SELECT gen_random_uuid()::text, id, 'approval', 1, 1, approval_due_at, 'pending', (now() AT TIME ZONE 'UTC')
FROM cases WHERE approval_due_at > (now() AT TIME ZONE 'UTC') AND status IN ('verifying', 'assessing', 'planning');
