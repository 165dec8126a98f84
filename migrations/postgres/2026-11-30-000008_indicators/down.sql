DROP TABLE case_services;
DROP TABLE case_perpetrators;
ALTER TABLE case_children DROP COLUMN birth_date;
ALTER TABLE case_children DROP COLUMN disability;
ALTER TABLE case_children DROP COLUMN ethnicity;
DROP TABLE case_sexual_subtypes;
ALTER TABLE cases DROP COLUMN legal_outcome;
ALTER TABLE cases DROP COLUMN abuse_setting;
