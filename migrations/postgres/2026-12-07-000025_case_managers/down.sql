DROP INDEX cases_id_place_manager_idx;
DROP INDEX case_deadlines_owed_idx;
DROP INDEX cases_province_status_received_idx;
CREATE INDEX cases_province_status_received_idx ON cases (province_code, status, received_at);
DROP INDEX cases_commune_status_received_idx;
CREATE INDEX cases_commune_status_received_idx ON cases (commune_code, status, received_at);
DROP INDEX cases_manager_status_idx;
ALTER TABLE cases DROP COLUMN manager_id;
