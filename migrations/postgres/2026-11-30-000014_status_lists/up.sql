-- A list filtered by status, newest first, walks one index in order (and counts from it
-- alone) instead of gathering every case of the status in the place and sorting them.
CREATE INDEX cases_commune_status_received_idx ON cases (commune_code, status, received_at);
CREATE INDEX cases_province_status_received_idx ON cases (province_code, status, received_at);
DROP INDEX cases_commune_status_idx;
DROP INDEX cases_province_status_idx;
