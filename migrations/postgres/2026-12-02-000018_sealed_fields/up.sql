-- Personal fields sealed at rest. The keys they are sealed under are stored here, each
-- wrapped (encrypted) by a master key that is never stored in the database: data keys
-- (purpose 'data', the newest seals new values) and the key of the search index's and the
-- duplicate check's keyed hashes (purpose 'index', id 0).
CREATE TABLE vault_keys (
    id INTEGER PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('data', 'index')),
    wrapped TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A child's date of birth is sealed text; its age on the day the case was received stays in
-- clear for the figures. The folded name gives way to a keyed hash of it, which finds the
-- same child in another case without the table holding a name.
ALTER TABLE case_children ADD COLUMN birth_date_sealed TEXT;
ALTER TABLE case_children ADD COLUMN age_on_receipt INTEGER;
ALTER TABLE case_children ADD COLUMN name_key TEXT;
CREATE INDEX case_children_name_key_idx ON case_children (name_key, birth_year, id);
DROP INDEX case_children_folded_idx;

-- Sealing a row's personal fields changes nothing the figures count: children and
-- perpetrators mark their day only when a counted column changes.
DROP TRIGGER case_children_figures ON case_children;
CREATE TRIGGER case_children_figures AFTER INSERT OR DELETE ON case_children
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
CREATE TRIGGER case_children_figures_counted AFTER UPDATE OF
    case_id, birth_year, age_estimate, sex, ethnicity, disability, birth_date, age_on_receipt
    ON case_children FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
DROP TRIGGER case_perpetrators_figures ON case_perpetrators;
CREATE TRIGGER case_perpetrators_figures AFTER INSERT OR DELETE ON case_perpetrators
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
CREATE TRIGGER case_perpetrators_figures_counted AFTER UPDATE OF
    case_id, relation, sex, age_band, adult, known_to_police
    ON case_perpetrators FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
