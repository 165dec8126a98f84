-- The papers of a case: signed forms, decisions, and what the police, the hospital or the
-- school send back. Each file is sealed under a key of its own (`file_key`, itself sealed
-- under the vault's data key like any field), in chunks, so that no file is ever whole in
-- memory. Erasure destroys the file's key first, then its chunks; the row keeps what was
-- filed and when, not what. The title is sealed (it can name the child).
CREATE TABLE case_documents (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    step TEXT,
    referral_id TEXT REFERENCES referrals (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    dated DATE NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    chunks INTEGER NOT NULL,
    scanned_paper BOOLEAN NOT NULL,
    file_key TEXT,
    added_by TEXT NOT NULL REFERENCES users (id),
    added_at TIMESTAMP NOT NULL,
    erased_at TIMESTAMP
);
CREATE INDEX case_documents_case_idx ON case_documents (case_id, added_at);
CREATE TABLE document_chunks (
    document_id TEXT NOT NULL REFERENCES case_documents (id),
    seq INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (document_id, seq)
);
