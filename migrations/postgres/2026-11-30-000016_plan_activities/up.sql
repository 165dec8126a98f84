-- What the bodies the plan names record against its items (section II): one row per
-- activity, in the place of the agency that did it.
CREATE TABLE plan_activities (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    province_code INTEGER NOT NULL,
    commune_code INTEGER,
    item TEXT NOT NULL,
    kind TEXT NOT NULL,
    held_on DATE NOT NULL,
    title TEXT NOT NULL,
    audience TEXT,
    quantity INTEGER NOT NULL,
    reach INTEGER,
    link TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_activities_province_idx ON plan_activities (province_code, held_on);
CREATE INDEX plan_activities_commune_idx ON plan_activities (commune_code, held_on);
CREATE INDEX plan_activities_agency_idx ON plan_activities (agency_id, held_on);

-- The reminders of a report's due date already queued: one per period, year and agency.
CREATE TABLE report_reminders (
    period_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    queued_at TIMESTAMP NOT NULL,
    PRIMARY KEY (period_code, year, agency_id)
);
