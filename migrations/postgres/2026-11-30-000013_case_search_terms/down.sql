DROP TABLE store_backfills;
DROP TABLE case_search_terms;
