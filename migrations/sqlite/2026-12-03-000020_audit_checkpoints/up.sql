-- Each verification that found the chain whole records the seal it reached: the next one
-- starts there (the seal must still hold the same hash) instead of hashing the whole log
-- again. The MAC is keyed with the seal key, so a row written without it does not count.
CREATE TABLE audit_checkpoints (
    seal_no BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    sealed_through BIGINT NOT NULL,
    sealed_at TIMESTAMP NOT NULL,
    keyed BOOLEAN NOT NULL,
    unkeyed_seals BIGINT NOT NULL,
    verified_at TIMESTAMP NOT NULL,
    mac TEXT NOT NULL
);

-- A user's day: the entries of one actor in a time range, at any size of the log.
CREATE INDEX audit_entries_actor_at_idx ON audit_entries (actor, at);
