-- A case has one named manager: a worker of its commune's child-protection group, assigned by
-- the commune's chair (or the department for the cases it holds). Every change of manager is
-- an event on the case's timeline (kind `manager`: `from_status` and `to_status` hold the
-- previous and the new manager's user ids) and an entry in the audit log.
ALTER TABLE cases ADD COLUMN manager_id TEXT REFERENCES users (id);
-- A worker's open cases, for a handover.
CREATE INDEX cases_manager_status_idx ON cases (manager_id, status);
-- Caseloads and the cases waiting for a manager are read from the indexes the lists already
-- walk (place, status, received), made to carry the manager: a commune's per worker, a
-- province's per commune, without reading the cases. (A separate index led by the manager
-- drew SQLite's planner, once it has statistics, away from these for the task lists.)
DROP INDEX cases_commune_status_received_idx;
CREATE INDEX cases_commune_status_received_idx ON cases (commune_code, status, received_at, manager_id, id);
DROP INDEX cases_province_status_received_idx;
CREATE INDEX cases_province_status_received_idx ON cases (province_code, status, received_at, commune_code, manager_id);
-- Overdue deadlines per worker or commune: the owed deadlines, then their case's place,
-- status and manager, without reading either table's rows.
CREATE INDEX case_deadlines_owed_idx ON case_deadlines (state, due_at, met_at, kind, case_id);
CREATE INDEX cases_id_place_manager_idx ON cases (id, commune_code, province_code, status, manager_id);
