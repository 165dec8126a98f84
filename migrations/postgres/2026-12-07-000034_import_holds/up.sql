-- Rows of a past register that named a commune divided by the 2025 reform: they passed every
-- check but cannot be placed without a person, so they wait here until a department officer
-- of their province says which 2025 commune each belongs to. The row itself (the mapping's
-- columns and the register's values) is sealed in `payload`, and emptied once placed, when
-- the case holds it.
CREATE TABLE import_holds (
    id TEXT PRIMARY KEY NOT NULL,
    source_key TEXT NOT NULL UNIQUE,
    row_number INTEGER NOT NULL,
    province_code INTEGER NOT NULL REFERENCES provinces (code),
    old_code TEXT NOT NULL,
    old_name TEXT NOT NULL,
    old_district TEXT NOT NULL,
    -- The 2025 communes that took a part of the old one, codes separated by commas.
    among TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    payload TEXT NOT NULL,
    held_at TIMESTAMP NOT NULL,
    placed_case_id TEXT REFERENCES cases (id),
    placed_by TEXT REFERENCES users (id),
    placed_at TIMESTAMP
);
CREATE INDEX import_holds_waiting ON import_holds (province_code, placed_at, received_at);
