DROP TABLE audit_seals;
DROP TABLE audit_entries;
DROP FUNCTION audit_refuse_change();
DROP FUNCTION audit_next_seq();
DROP SEQUENCE audit_entries_seq;
