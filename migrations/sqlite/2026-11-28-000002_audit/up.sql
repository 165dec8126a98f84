-- The audit log: the same schema as migrations/postgres (see there).

CREATE TABLE audit_entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor TEXT,
    role TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id TEXT,
    province_code INTEGER,
    commune_code INTEGER,
    ip TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_entries_entity_idx ON audit_entries (entity, entity_id);
CREATE INDEX audit_entries_at_idx ON audit_entries (at);

CREATE TABLE audit_seals (
    seal_no BIGINT PRIMARY KEY,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    entry_count BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    sealed_at TIMESTAMP NOT NULL,
    sealed_by TEXT NOT NULL,
    -- The first 8 bytes (hex) of each entry's digest, in seq order: not a security control
    -- (the hash is), but what lets verify name exactly which entry was changed.
    entry_digests TEXT NOT NULL
);

CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE on audit_entries refused'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE on audit_entries refused'); END;
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE on audit_seals refused'); END;
CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE on audit_seals refused'); END;
