DROP TRIGGER case_transfers_figures_insert;
DROP TRIGGER case_transfers_figures_update;
DROP TRIGGER cases_figures_insert;
CREATE TRIGGER cases_figures_insert AFTER INSERT ON cases BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.received_at, '+7 hours');
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.closed_at, '+7 hours') WHERE NEW.closed_at IS NOT NULL;
END;

DROP TRIGGER cases_figures_moved;
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

DROP TRIGGER cases_figures_closed;
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

DROP TRIGGER cases_figures_facts;
CREATE TRIGGER cases_figures_facts AFTER UPDATE OF legal_outcome, abuse_setting ON cases
WHEN OLD.legal_outcome IS NOT NEW.legal_outcome OR OLD.abuse_setting IS NOT NEW.abuse_setting
BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT NEW.province_code, date(NEW.received_at, '+7 hours');
END;

DROP TRIGGER cases_figures_delete;
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

DROP TRIGGER case_children_figures_insert;
CREATE TRIGGER case_children_figures_insert AFTER INSERT ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_children_figures_update;
CREATE TRIGGER case_children_figures_update AFTER UPDATE OF
    case_id, birth_year, age_estimate, sex, ethnicity, disability, birth_date, age_on_receipt
    ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_children_figures_delete;
CREATE TRIGGER case_children_figures_delete AFTER DELETE ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_categories_figures_insert;
CREATE TRIGGER case_categories_figures_insert AFTER INSERT ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_categories_figures_update;
CREATE TRIGGER case_categories_figures_update AFTER UPDATE ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_categories_figures_delete;
CREATE TRIGGER case_categories_figures_delete AFTER DELETE ON case_categories BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_sexual_subtypes_figures_insert;
CREATE TRIGGER case_sexual_subtypes_figures_insert AFTER INSERT ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_sexual_subtypes_figures_update;
CREATE TRIGGER case_sexual_subtypes_figures_update AFTER UPDATE ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_sexual_subtypes_figures_delete;
CREATE TRIGGER case_sexual_subtypes_figures_delete AFTER DELETE ON case_sexual_subtypes BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_perpetrators_figures_insert;
CREATE TRIGGER case_perpetrators_figures_insert AFTER INSERT ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_perpetrators_figures_update;
CREATE TRIGGER case_perpetrators_figures_update AFTER UPDATE OF
    case_id, relation, sex, age_band, adult, known_to_police
    ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_perpetrators_figures_delete;
CREATE TRIGGER case_perpetrators_figures_delete AFTER DELETE ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_services_figures_insert;
CREATE TRIGGER case_services_figures_insert AFTER INSERT ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_services_figures_update;
CREATE TRIGGER case_services_figures_update AFTER UPDATE ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_services_figures_delete;
CREATE TRIGGER case_services_figures_delete AFTER DELETE ON case_services BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
END;

DROP TRIGGER case_deadlines_figures_insert;
CREATE TRIGGER case_deadlines_figures_insert AFTER INSERT ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(NEW.due_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_deadlines_figures_update;
CREATE TRIGGER case_deadlines_figures_update AFTER UPDATE ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(OLD.due_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(NEW.due_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;

DROP TRIGGER case_deadlines_figures_delete;
CREATE TRIGGER case_deadlines_figures_delete AFTER DELETE ON case_deadlines BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(OLD.due_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
END;

DROP INDEX cases_received_province_idx;
DROP INDEX cases_received_closed_idx;
ALTER TABLE cases DROP COLUMN received_commune_code;
ALTER TABLE cases DROP COLUMN received_province_code;
