CREATE TABLE case_search_postings (
    term BLOB NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (term, case_id)
) WITHOUT ROWID;
INSERT INTO case_search_postings (term, case_id) SELECT term, case_id FROM case_search_terms;
DROP TABLE case_search_terms;
ALTER TABLE case_search_postings RENAME TO case_search_terms;
CREATE INDEX case_search_terms_case_idx ON case_search_terms (case_id);
