ALTER TABLE audit_checkpoints DROP COLUMN entries_sealed;
