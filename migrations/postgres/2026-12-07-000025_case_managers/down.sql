DROP INDEX cases_manager_status_idx;
ALTER TABLE cases DROP COLUMN manager_id;
