DROP TABLE audit_entry_cases;
ALTER TABLE audit_seals DROP COLUMN keyed;
