DROP TABLE audit_entry_cases;
