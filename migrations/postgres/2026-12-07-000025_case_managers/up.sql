-- A case has one named manager: a worker of its commune's child-protection group, assigned by
-- the commune's chair (or the department for the cases it holds). Every change of manager is
-- an event on the case's timeline (kind `manager`: `from_status` and `to_status` hold the
-- previous and the new manager's user ids) and an entry in the audit log.
ALTER TABLE cases ADD COLUMN manager_id TEXT REFERENCES users (id);
-- A worker's caseload and the reassignment of a leaver's cases read a manager's open cases.
CREATE INDEX cases_manager_status_idx ON cases (manager_id, status);
