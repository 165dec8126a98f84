DROP TRIGGER case_perpetrators_figures_counted ON case_perpetrators;
DROP TRIGGER case_perpetrators_figures ON case_perpetrators;
CREATE TRIGGER case_perpetrators_figures AFTER INSERT OR UPDATE OR DELETE ON case_perpetrators
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
DROP TRIGGER case_children_figures_counted ON case_children;
DROP TRIGGER case_children_figures ON case_children;
CREATE TRIGGER case_children_figures AFTER INSERT OR UPDATE OR DELETE ON case_children
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
CREATE INDEX case_children_folded_idx ON case_children (name_folded, birth_year, id);
DROP INDEX case_children_name_key_idx;
ALTER TABLE case_children DROP COLUMN name_key;
ALTER TABLE case_children DROP COLUMN age_on_receipt;
ALTER TABLE case_children DROP COLUMN birth_date_sealed;
DROP TABLE vault_keys;
