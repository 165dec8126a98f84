-- The cases each audit entry concerns: the same schema as migrations/postgres (see there).
CREATE TABLE audit_entry_cases (
    case_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TRIGGER audit_entry_cases_no_update BEFORE UPDATE ON audit_entry_cases
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE on audit_entry_cases refused'); END;
CREATE TRIGGER audit_entry_cases_no_delete BEFORE DELETE ON audit_entry_cases
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE on audit_entry_cases refused'); END;

INSERT OR IGNORE INTO audit_entry_cases (case_id, seq)
SELECT case_id, seq FROM (
    SELECT entity_id AS case_id, seq FROM audit_entries WHERE entity = 'case' AND entity_id IS NOT NULL
    UNION SELECT json_extract(detail, '$.case_id'), seq FROM audit_entries
        WHERE json_valid(detail) AND json_type(detail, '$.case_id') = 'text'
    UNION SELECT json_extract(detail, '$.kept_case_id'), seq FROM audit_entries
        WHERE json_valid(detail) AND json_type(detail, '$.kept_case_id') = 'text'
    UNION SELECT j.value, a.seq FROM audit_entries a, json_each(a.detail, '$.ids') j
        WHERE a.action = 'case.list' AND json_valid(a.detail) AND json_type(a.detail, '$.ids') = 'array'
    UNION SELECT j.value, a.seq FROM audit_entries a, json_each(a.detail, '$.case_ids') j
        WHERE json_valid(a.detail) AND json_type(a.detail, '$.case_ids') = 'array'
) WHERE case_id IS NOT NULL;

ALTER TABLE audit_seals ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT 0;
