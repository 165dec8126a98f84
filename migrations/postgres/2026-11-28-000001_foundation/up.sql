-- Foundation: places, agencies, users, reports, cases and their timeline.
-- Portable column types, decided once: ids are UUID text, times are UTC TIMESTAMP,
-- lists and documents are JSON text. migrations/sqlite holds the same schema.

CREATE TABLE provinces (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    valid_from TEXT NOT NULL
);

CREATE TABLE communes (
    code INTEGER PRIMARY KEY,
    province_code INTEGER NOT NULL REFERENCES provinces (code),
    name TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    valid_from TEXT NOT NULL
);
CREATE INDEX communes_province_idx ON communes (province_code);

CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    province_code INTEGER REFERENCES provinces (code),
    commune_code INTEGER REFERENCES communes (code),
    email TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id TEXT REFERENCES agencies (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE case_number_sequences (
    province_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (province_code, year)
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    province_code INTEGER NOT NULL REFERENCES provinces (code),
    commune_code INTEGER NOT NULL REFERENCES communes (code),
    place_detail TEXT,
    status TEXT NOT NULL,
    risk_level TEXT,
    emergency BOOLEAN NOT NULL,
    received_at TIMESTAMP NOT NULL,
    opened_by TEXT NOT NULL REFERENCES users (id),
    opened_by_agency TEXT NOT NULL REFERENCES agencies (id),
    -- Folded (lower case, no diacritics) case number, children's names and place text.
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX cases_province_received_idx ON cases (province_code, received_at);
CREATE INDEX cases_commune_idx ON cases (commune_code);
CREATE INDEX cases_status_idx ON cases (status);

CREATE TABLE case_categories (
    case_id TEXT NOT NULL REFERENCES cases (id),
    category TEXT NOT NULL,
    PRIMARY KEY (case_id, category)
);
CREATE INDEX case_categories_category_idx ON case_categories (category);

CREATE TABLE case_children (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    position INTEGER NOT NULL,
    name TEXT,
    birth_year INTEGER,
    age_estimate INTEGER,
    sex TEXT,
    current_location TEXT
);
CREATE INDEX case_children_case_idx ON case_children (case_id);

CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    case_id TEXT REFERENCES cases (id),
    channel TEXT NOT NULL,
    contact_type TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT REFERENCES users (id),
    agency_id TEXT REFERENCES agencies (id),
    province_code INTEGER REFERENCES provinces (code),
    commune_code INTEGER REFERENCES communes (code),
    place_detail TEXT,
    categories TEXT NOT NULL,
    emergency BOOLEAN NOT NULL,
    risk_level TEXT,
    informant_consent BOOLEAN NOT NULL,
    informant_name TEXT,
    informant_phone TEXT,
    informant_relation TEXT,
    narrative TEXT,
    online TEXT
);
CREATE INDEX reports_case_idx ON reports (case_id);
CREATE INDEX reports_agency_idx ON reports (agency_id);
CREATE INDEX reports_received_idx ON reports (received_at);

CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES users (id),
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    body TEXT
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at);

CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
