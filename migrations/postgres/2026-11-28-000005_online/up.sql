-- Online reporting, evidence, duplicates and repeat contacts.

-- A case found to be about the same incident as another points at it; its timeline stays.
ALTER TABLE cases ADD COLUMN duplicate_of TEXT REFERENCES cases (id);

-- Children's names folded (lower case, no diacritics) to find the same child twice; newest
-- first by id (UUIDv7 from now on), so a lookup reads a bounded number of rows.
ALTER TABLE case_children ADD COLUMN name_folded TEXT;
CREATE INDEX case_children_folded_idx ON case_children (name_folded, birth_year, id);

-- The informant's own account on the channel they used (Zalo, Facebook ...): like the
-- phone, kept only with consent.
ALTER TABLE reports ADD COLUMN informant_handle TEXT;

-- Evidence of online abuse in the forms that compare: normalised URLs, SHA-256 of files
-- (never the files), offender handles folded. One row per distinct value per case.
CREATE TABLE case_evidence (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    report_id TEXT NOT NULL REFERENCES reports (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    platform TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX case_evidence_case_value_idx ON case_evidence (case_id, kind, value);
-- Newest first per value: a lookup reads a bounded number of rows however common the value.
CREATE INDEX case_evidence_value_idx ON case_evidence (kind, value, created_at);

-- Keyed hashes (HMAC-SHA256 under a server key) of the phone numbers and handles contacts
-- came from: repeat contacts are recognised without keeping a number nobody consented to.
CREATE TABLE contact_fingerprints (
    report_id TEXT NOT NULL REFERENCES reports (id),
    kind TEXT NOT NULL,
    digest TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, kind, digest)
);
CREATE INDEX contact_fingerprints_digest_idx ON contact_fingerprints (digest, received_at);

-- Reports from the public form, found again by the SHA-256 of their tracking code (the code
-- itself is shown once to the reporter and never stored).
CREATE TABLE public_reports (
    code_sha256 TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id),
    case_id TEXT REFERENCES cases (id),
    created_at TIMESTAMP NOT NULL
);

-- The account public reports are recorded under: no password, never able to log in.
INSERT INTO users (id, username, password_hash, role, agency_id, active, failed_logins, created_at)
VALUES ('00000000-0000-7000-8000-00000000f0a1', 'public-form', '!', 'operator', NULL, FALSE, 0, CURRENT_TIMESTAMP);
