-- The cases each audit entry concerns, so that a case's whole trail (who saw or touched it:
-- the report that opened it, the lists and searches that returned it, reads, moves of its
-- referrals, exports, e-mail acknowledgements) is one indexed query. An index of the log:
-- each entry's sealed `entity_id` and `detail` carry the same ids.
CREATE TABLE audit_entry_cases (
    case_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TRIGGER audit_entry_cases_append_only BEFORE UPDATE OR DELETE ON audit_entry_cases
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_cases_no_truncate BEFORE TRUNCATE ON audit_entry_cases
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The entries written before: their case ids are in the entity, or in the detail's
-- `case_id`, `kept_case_id`, `ids` (a case list) or `case_ids` (an inbox).
INSERT INTO audit_entry_cases (case_id, seq)
SELECT DISTINCT case_id, seq FROM (
    SELECT entity_id AS case_id, seq FROM audit_entries WHERE entity = 'case' AND entity_id IS NOT NULL
    UNION SELECT detail::jsonb ->> 'case_id', seq FROM audit_entries WHERE detail::jsonb ? 'case_id'
    UNION SELECT detail::jsonb ->> 'kept_case_id', seq FROM audit_entries WHERE detail::jsonb ? 'kept_case_id'
    UNION SELECT jsonb_array_elements_text(detail::jsonb -> 'ids'), seq FROM audit_entries
        WHERE action = 'case.list' AND jsonb_typeof(detail::jsonb -> 'ids') = 'array'
    UNION SELECT jsonb_array_elements_text(detail::jsonb -> 'case_ids'), seq FROM audit_entries
        WHERE jsonb_typeof(detail::jsonb -> 'case_ids') = 'array'
) found WHERE case_id IS NOT NULL;

-- Seals are keyed from now on (HMAC under a key the database never holds); the ones before
-- were plain SHA-256.
ALTER TABLE audit_seals ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT FALSE;
