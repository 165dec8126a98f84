-- A case counts in the figures once, where it was received: a transfer moves its place and
-- its scope, not the province whose figures counted it. The place of receipt is kept beside
-- the place, and every trigger that marks a day for refolding marks the province of receipt.
ALTER TABLE cases ADD COLUMN received_province_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN received_commune_code INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET received_province_code = province_code, received_commune_code = commune_code;
CREATE INDEX cases_received_province_idx ON cases (received_province_code, received_at);
CREATE INDEX cases_received_closed_idx ON cases (received_province_code, closed_at);

DROP TRIGGER cases_figures_insert;
CREATE TRIGGER cases_figures_insert AFTER INSERT ON cases BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
END;

DROP TRIGGER cases_figures_moved;
CREATE TRIGGER cases_figures_moved AFTER UPDATE OF received_province_code, received_commune_code, received_at, status ON cases
WHEN OLD.received_province_code IS NOT NEW.received_province_code OR OLD.received_commune_code IS NOT NEW.received_commune_code
    OR OLD.received_at IS NOT NEW.received_at
    OR (OLD.status = 'duplicate') IS NOT (NEW.status = 'duplicate')
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(OLD.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(OLD.closed_at, '+7 hours') WHERE OLD.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(r.created_at, '+7 hours') FROM referrals r WHERE r.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(d.due_at, '+7 hours') FROM case_deadlines d WHERE d.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, s.provided_on FROM case_services s WHERE s.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(r.created_at, '+7 hours') FROM referrals r WHERE r.case_id = NEW.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(d.due_at, '+7 hours') FROM case_deadlines d WHERE d.case_id = NEW.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, s.provided_on FROM case_services s WHERE s.case_id = NEW.id;
END;

DROP TRIGGER cases_figures_closed;
CREATE TRIGGER cases_figures_closed AFTER UPDATE OF closed_at ON cases
WHEN OLD.closed_at IS NOT NEW.closed_at
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(OLD.closed_at, '+7 hours') WHERE OLD.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
END;

DROP TRIGGER cases_figures_facts;
CREATE TRIGGER cases_figures_facts AFTER UPDATE OF legal_outcome, abuse_setting ON cases
WHEN OLD.legal_outcome IS NOT NEW.legal_outcome OR OLD.abuse_setting IS NOT NEW.abuse_setting
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.received_province_code, date(NEW.received_at, '+7 hours');
END;

DROP TRIGGER cases_figures_delete;
CREATE TRIGGER cases_figures_delete BEFORE DELETE ON cases BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(OLD.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(OLD.closed_at, '+7 hours') WHERE OLD.closed_at IS NOT NULL;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(r.created_at, '+7 hours') FROM referrals r WHERE r.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, date(d.due_at, '+7 hours') FROM case_deadlines d WHERE d.case_id = OLD.id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT OLD.received_province_code, s.provided_on FROM case_services s WHERE s.case_id = OLD.id;
END;

DROP TRIGGER case_children_figures_insert;
CREATE TRIGGER case_children_figures_insert AFTER INSERT ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_children_figures_update;
CREATE TRIGGER case_children_figures_update AFTER UPDATE OF
    case_id, birth_year, age_estimate, sex, ethnicity, disability, birth_date, age_on_receipt
    ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_children_figures_delete;
CREATE TRIGGER case_children_figures_delete AFTER DELETE ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_categories_figures_insert;
CREATE TRIGGER case_categories_figures_insert AFTER INSERT ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_categories_figures_update;
CREATE TRIGGER case_categories_figures_update AFTER UPDATE ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_categories_figures_delete;
CREATE TRIGGER case_categories_figures_delete AFTER DELETE ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_sexual_subtypes_figures_insert;
CREATE TRIGGER case_sexual_subtypes_figures_insert AFTER INSERT ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_sexual_subtypes_figures_update;
CREATE TRIGGER case_sexual_subtypes_figures_update AFTER UPDATE ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_sexual_subtypes_figures_delete;
CREATE TRIGGER case_sexual_subtypes_figures_delete AFTER DELETE ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_perpetrators_figures_insert;
CREATE TRIGGER case_perpetrators_figures_insert AFTER INSERT ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_perpetrators_figures_update;
CREATE TRIGGER case_perpetrators_figures_update AFTER UPDATE OF
    case_id, relation, sex, age_band, adult, known_to_police
    ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_perpetrators_figures_delete;
CREATE TRIGGER case_perpetrators_figures_delete AFTER DELETE ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_services_figures_insert;
CREATE TRIGGER case_services_figures_insert AFTER INSERT ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_services_figures_update;
CREATE TRIGGER case_services_figures_update AFTER UPDATE ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_services_figures_delete;
CREATE TRIGGER case_services_figures_delete AFTER DELETE ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_deadlines_figures_insert;
CREATE TRIGGER case_deadlines_figures_insert AFTER INSERT ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(NEW.due_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_deadlines_figures_update;
CREATE TRIGGER case_deadlines_figures_update AFTER UPDATE ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(OLD.due_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(NEW.due_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_deadlines_figures_delete;
CREATE TRIGGER case_deadlines_figures_delete AFTER DELETE ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT received_province_code, date(OLD.due_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

-- Cases moved in and out count on the day the move was accepted, in both provinces.
CREATE TRIGGER case_transfers_figures_insert AFTER INSERT ON case_transfers
WHEN NEW.answered_at IS NOT NULL BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.from_province_code, date(NEW.answered_at, '+7 hours')
    UNION SELECT NEW.to_province_code, date(NEW.answered_at, '+7 hours');
END;

CREATE TRIGGER case_transfers_figures_update AFTER UPDATE OF status, answered_at ON case_transfers
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.from_province_code, date(NEW.answered_at, '+7 hours') WHERE NEW.answered_at IS NOT NULL
    UNION SELECT NEW.to_province_code, date(NEW.answered_at, '+7 hours') WHERE NEW.answered_at IS NOT NULL;
END;
