DROP INDEX case_search_terms_newest_idx;
ALTER TABLE case_search_terms DROP COLUMN received_at;
