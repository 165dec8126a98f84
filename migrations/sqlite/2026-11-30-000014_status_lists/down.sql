CREATE INDEX cases_province_status_idx ON cases (province_code, status);
CREATE INDEX cases_commune_status_idx ON cases (commune_code, status);
DROP INDEX cases_province_status_received_idx;
DROP INDEX cases_commune_status_received_idx;
