-- The audit log: every read and write of a case, logins, administration, configuration.
-- Entries are appended plainly, in the transaction of what they record; a sealer chains
-- them in batches (audit_seals), each seal hashing its entries and the previous seal.

-- The sealer seals only below a transaction horizon, which is sound only if an appending
-- transaction holds its transaction id before its entry takes a seq: the seq default
-- assigns the id first.
CREATE SEQUENCE audit_entries_seq;
CREATE FUNCTION audit_next_seq() RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('audit_entries_seq');
END;
$$;

CREATE TABLE audit_entries (
    seq BIGINT PRIMARY KEY DEFAULT audit_next_seq(),
    at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor TEXT,
    role TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id TEXT,
    -- Where the record lies, so that supervisors see the entries of their jurisdiction.
    province_code INTEGER,
    commune_code INTEGER,
    ip TEXT,
    -- JSON without personal data: ids, codes, counts, keyed hashes of search terms.
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

-- Append-only, enforced by the database: no UPDATE, DELETE or TRUNCATE. Binding for every
-- role that is not the tables' owner or a superuser (see README, "Audit log").
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
