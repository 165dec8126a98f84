-- Each search posting carries its case's receipt time, so that a search reads one word's
-- cases newest first, as the list shows them, and stops once the page and its count are
-- full, instead of gathering every case of its commonest word.
CREATE TABLE case_search_postings (
    term BLOB NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    received_at TIMESTAMP NOT NULL,
    PRIMARY KEY (term, case_id)
) WITHOUT ROWID;
INSERT INTO case_search_postings (term, case_id, received_at)
SELECT t.term, t.case_id, c.received_at
FROM case_search_terms t JOIN cases c ON c.id = t.case_id;
DROP TABLE case_search_terms;
ALTER TABLE case_search_postings RENAME TO case_search_terms;
CREATE INDEX case_search_terms_case_idx ON case_search_terms (case_id);
CREATE INDEX case_search_terms_newest_idx
    ON case_search_terms (term, received_at DESC, case_id DESC);
