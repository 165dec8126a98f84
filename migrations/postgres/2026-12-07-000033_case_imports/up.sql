-- Cases imported from a province's past registers: which register and row each came from
-- (`source_key`, `source:key`), so a second import of the same file adds nothing, and the
-- case view says the case was imported rather than logged.
CREATE TABLE case_imports (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
    source_key TEXT NOT NULL UNIQUE,
    imported_by TEXT NOT NULL REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL
);
