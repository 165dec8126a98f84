DROP TRIGGER case_perpetrators_figures_update;
CREATE TRIGGER case_perpetrators_figures_update AFTER UPDATE ON case_perpetrators BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;
DROP TRIGGER case_children_figures_update;
CREATE TRIGGER case_children_figures_update AFTER UPDATE ON case_children BEGIN
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = OLD.case_id;
    INSERT OR IGNORE INTO figure_dirty (province_code, day)
    SELECT province_code, date(received_at, '+7 hours') FROM cases WHERE id = NEW.case_id;
END;
CREATE INDEX case_children_folded_idx ON case_children (name_folded, birth_year, id);
DROP INDEX case_children_name_key_idx;
ALTER TABLE case_children DROP COLUMN name_key;
ALTER TABLE case_children DROP COLUMN age_on_receipt;
ALTER TABLE case_children DROP COLUMN birth_date_sealed;
DROP TABLE vault_keys;
