-- Each search posting carries its case's receipt time, so that a search reads one word's
-- cases newest first, as the list shows them, and stops once the page and its count are
-- full, instead of gathering every case of its commonest word.
ALTER TABLE case_search_terms ADD COLUMN received_at TIMESTAMP;
UPDATE case_search_terms t SET received_at = c.received_at FROM cases c WHERE c.id = t.case_id;
ALTER TABLE case_search_terms ALTER COLUMN received_at SET NOT NULL;
CREATE INDEX case_search_terms_newest_idx
    ON case_search_terms (term, received_at DESC, case_id DESC);
