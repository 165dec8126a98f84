-- Retention and erasure. A case or a contact whose personal details were erased keeps its
-- codes, dates and counts (the figures) and says when it lost the rest.
ALTER TABLE cases ADD COLUMN erased_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN erased_at TIMESTAMP;

-- What the retention run looks at: ended cases and contacts that opened no case, not yet
-- erased.
CREATE INDEX cases_retention_idx ON cases (closed_at, id)
    WHERE erased_at IS NULL AND status IN ('closed', 'no_action', 'duplicate');
CREATE INDEX reports_retention_idx ON reports (received_at, id)
    WHERE erased_at IS NULL AND case_id IS NULL;

-- A legal hold keeps a case from erasure until it is lifted. One hold in force per case;
-- lifted holds stay as history. The reason is sealed like other free text.
CREATE TABLE case_holds (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    reason TEXT NOT NULL,
    placed_at TIMESTAMP NOT NULL,
    placed_by TEXT NOT NULL REFERENCES users (id),
    lifted_at TIMESTAMP,
    lifted_by TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX case_holds_in_force_idx ON case_holds (case_id) WHERE lifted_at IS NULL;
CREATE INDEX case_holds_case_idx ON case_holds (case_id, placed_at);

-- Every correction of a personal field keeps the value it replaced (sealed) and why.
CREATE TABLE field_versions (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    previous TEXT,
    reason TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX field_versions_case_idx ON field_versions (case_id, changed_at);
