-- Daily figures. The report of a year must not read a year of cases: every figure is kept
-- as counts per day, per province (commune_code 0), per commune, and for the nation
-- (province_code 0; reports without a province sit under province -1 and count only
-- there). A day's counts are recomputed whole from the cases; a change to anything they
-- are counted from marks its province and day, in the writer's own transaction, and the
-- marks are folded before the figures are read. The day is Vietnam's (UTC+7 all year).
CREATE TABLE figure_counts (
    province_code INTEGER NOT NULL,
    commune_code INTEGER NOT NULL,
    figure TEXT NOT NULL,
    day DATE NOT NULL,
    key TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (province_code, commune_code, figure, day, key)
) WITHOUT ROWID;

-- A day's counts are replaced together; the nation's are summed from the provinces' of a day.
CREATE INDEX figure_counts_day_idx ON figure_counts (day, province_code);

-- One mark per province and day: SQLite has one writer at a time, and the folder holds the
-- write lock from reading the marks to deleting them.
CREATE TABLE figure_dirty (
    id INTEGER PRIMARY KEY,
    province_code INTEGER NOT NULL,
    day DATE NOT NULL,
    UNIQUE (province_code, day)
);

-- A case counts on the day it was received (its own facts, its children and types) and the
-- day it was closed; its referrals, deadlines and services on their own days, which a case
-- merged as a duplicate leaves. So: a case moved, or merged or unmerged, marks every one of
-- its days; its closing the days of receipt and closing; its outcome or setting the day of
-- receipt; any other change of status none (the figures do not count by status).
CREATE TRIGGER cases_figures_insert AFTER INSERT ON cases BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
END;

CREATE TRIGGER cases_figures_moved AFTER UPDATE OF province_code, commune_code, received_at, status ON cases
WHEN OLD.province_code IS NOT NEW.province_code OR OLD.commune_code IS NOT NEW.commune_code
    OR OLD.received_at IS NOT NEW.received_at
    OR (OLD.status = 'duplicate') IS NOT (NEW.status = 'duplicate')
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(OLD.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(OLD.closed_at, '+7 hours') WHERE OLD.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(r.created_at, '+7 hours') FROM referrals r WHERE r.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(d.due_at, '+7 hours') FROM case_deadlines d WHERE d.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, s.provided_on FROM case_services s WHERE s.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(r.created_at, '+7 hours') FROM referrals r WHERE r.case_id = NEW.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(d.due_at, '+7 hours') FROM case_deadlines d WHERE d.case_id = NEW.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, s.provided_on FROM case_services s WHERE s.case_id = NEW.id;
END;

CREATE TRIGGER cases_figures_closed AFTER UPDATE OF closed_at ON cases
WHEN OLD.closed_at IS NOT NEW.closed_at
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(OLD.closed_at, '+7 hours') WHERE OLD.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
END;

CREATE TRIGGER cases_figures_facts AFTER UPDATE OF legal_outcome, abuse_setting ON cases
WHEN OLD.legal_outcome IS NOT NEW.legal_outcome OR OLD.abuse_setting IS NOT NEW.abuse_setting
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.received_at, '+7 hours');
END;

-- Before delete, while the case's referrals and deadlines are still there to say which days
-- they were counted on.
CREATE TRIGGER cases_figures_delete BEFORE DELETE ON cases BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(OLD.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(OLD.closed_at, '+7 hours') WHERE OLD.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(r.created_at, '+7 hours') FROM referrals r WHERE r.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, date(d.due_at, '+7 hours') FROM case_deadlines d WHERE d.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.province_code, s.provided_on FROM case_services s WHERE s.case_id = OLD.id;
END;

-- Rows counted on their case's day of receipt: children, types, perpetrators.
CREATE TRIGGER case_children_figures_insert AFTER INSERT ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_children_figures_update AFTER UPDATE ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_children_figures_delete AFTER DELETE ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

CREATE TRIGGER case_categories_figures_insert AFTER INSERT ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_categories_figures_update AFTER UPDATE ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_categories_figures_delete AFTER DELETE ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

CREATE TRIGGER case_sexual_subtypes_figures_insert AFTER INSERT ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_sexual_subtypes_figures_update AFTER UPDATE ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_sexual_subtypes_figures_delete AFTER DELETE ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

CREATE TRIGGER case_perpetrators_figures_insert AFTER INSERT ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_perpetrators_figures_update AFTER UPDATE ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_perpetrators_figures_delete AFTER DELETE ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

CREATE TRIGGER case_services_figures_insert AFTER INSERT ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_services_figures_update AFTER UPDATE ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_services_figures_delete AFTER DELETE ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
END;

CREATE TRIGGER case_deadlines_figures_insert AFTER INSERT ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(NEW.due_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_deadlines_figures_update AFTER UPDATE ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(OLD.due_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(NEW.due_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_deadlines_figures_delete AFTER DELETE ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(OLD.due_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

CREATE TRIGGER referrals_figures_insert AFTER INSERT ON referrals BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.case_province_code, date(NEW.created_at, '+7 hours');
END;

CREATE TRIGGER referrals_figures_update AFTER UPDATE ON referrals BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.case_province_code, date(OLD.created_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.case_province_code, date(NEW.created_at, '+7 hours');
END;

CREATE TRIGGER referrals_figures_delete AFTER DELETE ON referrals BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.case_province_code, date(OLD.created_at, '+7 hours');
END;

CREATE TRIGGER reports_figures_insert AFTER INSERT ON reports BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT COALESCE(NEW.province_code, -1), date(NEW.received_at, '+7 hours');
END;

CREATE TRIGGER reports_figures_update AFTER UPDATE OF province_code, commune_code, received_at, contact_type, channel, caller_type, caller_sex, caller_age_band, online ON reports BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT COALESCE(OLD.province_code, -1), date(OLD.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT COALESCE(NEW.province_code, -1), date(NEW.received_at, '+7 hours');
END;

CREATE TRIGGER reports_figures_delete AFTER DELETE ON reports BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT COALESCE(OLD.province_code, -1), date(OLD.received_at, '+7 hours');
END;

-- Cases closed on a day, for the open cases at a period's end; referrals not yet due, read
-- live since "missed" depends on the hour.
CREATE INDEX cases_province_closed_idx ON cases (province_code, closed_at);
CREATE INDEX referrals_due_idx ON referrals (due_at);
-- Services by the day given.
CREATE INDEX case_services_provided_idx ON case_services (provided_on);

-- Everything already stored is counted once, by the first fold.
INSERT OR IGNORE INTO figure_dirty (province_code, day)
SELECT COALESCE(province_code, -1), date(received_at, '+7 hours') FROM reports
UNION SELECT province_code, date(received_at, '+7 hours') FROM cases
UNION SELECT province_code, date(closed_at, '+7 hours') FROM cases WHERE closed_at IS NOT NULL
UNION SELECT case_province_code, date(created_at, '+7 hours') FROM referrals
UNION SELECT c.province_code, date(d.due_at, '+7 hours') FROM case_deadlines d JOIN cases c ON c.id = d.case_id
UNION SELECT c.province_code, s.provided_on FROM case_services s JOIN cases c ON c.id = s.case_id;
