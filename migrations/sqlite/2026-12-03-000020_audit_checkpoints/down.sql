DROP INDEX audit_entries_actor_at_idx;
DROP TABLE audit_checkpoints;
