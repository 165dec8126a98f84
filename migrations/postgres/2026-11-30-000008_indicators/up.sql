-- What the statistics of child protection ask of a case (Circular 13/2021/TT-BLĐTBXH,
-- indicator 0101, and the 111 line's breakdowns): every column optional at intake and
-- completed during case work.
ALTER TABLE cases ADD COLUMN abuse_setting TEXT;
ALTER TABLE cases ADD COLUMN legal_outcome TEXT;

CREATE TABLE case_sexual_subtypes (
    case_id TEXT NOT NULL REFERENCES cases (id),
    subtype TEXT NOT NULL,
    PRIMARY KEY (case_id, subtype)
);

ALTER TABLE case_children ADD COLUMN ethnicity TEXT;
ALTER TABLE case_children ADD COLUMN disability BOOLEAN;
ALTER TABLE case_children ADD COLUMN birth_date DATE;

-- Who abused the child, as the figures count them. `description` is free text that may
-- identify a person: it is shown to those who read the case, never mailed or logged.
CREATE TABLE case_perpetrators (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    position INTEGER NOT NULL,
    relation TEXT NOT NULL,
    sex TEXT,
    age_band TEXT,
    adult BOOLEAN,
    known_to_police BOOLEAN,
    description TEXT,
    recorded_by TEXT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_perpetrators_case_idx ON case_perpetrators (case_id);

-- The services a child was given.
CREATE TABLE case_services (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    position INTEGER NOT NULL,
    child_id TEXT REFERENCES case_children (id),
    service TEXT NOT NULL,
    provided_on DATE NOT NULL,
    provider TEXT,
    recorded_by TEXT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_services_case_idx ON case_services (case_id);
