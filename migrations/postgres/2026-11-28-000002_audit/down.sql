DROP TABLE audit_seals;
DROP TABLE audit_entries;
DROP FUNCTION audit_refuse_change();
