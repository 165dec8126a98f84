-- The case search index: for each case, the keyed hashes of the folded words of its number,
-- places and children's names, and of their beginnings (two letters or more), so that a
-- search is an indexed lookup per word rather than a scan of every case's text.
CREATE TABLE case_search_terms (
    term BLOB NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (term, case_id)
) WITHOUT ROWID;
CREATE INDEX case_search_terms_case_idx ON case_search_terms (case_id);
-- One-off work done at start on data written before a change (e.g. indexing existing cases).
CREATE TABLE store_backfills (
    name TEXT PRIMARY KEY NOT NULL,
    done_at TIMESTAMP NOT NULL
);
