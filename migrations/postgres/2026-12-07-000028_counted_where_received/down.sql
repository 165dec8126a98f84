DROP TRIGGER case_transfers_figures ON case_transfers;
DROP FUNCTION figure_mark_transfer();
DROP TRIGGER cases_figures ON cases;
CREATE TRIGGER cases_figures AFTER INSERT OR UPDATE OF
    province_code, commune_code, status, received_at, closed_at, abuse_setting, legal_outcome
    ON cases FOR EACH ROW EXECUTE FUNCTION figure_mark_case();
CREATE OR REPLACE FUNCTION figure_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT NEW.province_code, figure_day(NEW.received_at)
        UNION SELECT NEW.province_code, figure_day(NEW.closed_at) WHERE NEW.closed_at IS NOT NULL;
    ELSIF OLD.province_code IS DISTINCT FROM NEW.province_code
        OR OLD.commune_code IS DISTINCT FROM NEW.commune_code
        OR OLD.received_at IS DISTINCT FROM NEW.received_at
        OR (OLD.status = 'duplicate') IS DISTINCT FROM (NEW.status = 'duplicate') THEN
        PERFORM figure_mark_case_days(OLD.province_code, OLD.id, OLD.received_at, OLD.closed_at);
        PERFORM figure_mark_case_days(NEW.province_code, NEW.id, NEW.received_at, NEW.closed_at);
    ELSIF OLD.closed_at IS DISTINCT FROM NEW.closed_at THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT NEW.province_code, figure_day(NEW.received_at)
        UNION SELECT OLD.province_code, figure_day(OLD.closed_at) WHERE OLD.closed_at IS NOT NULL
        UNION SELECT NEW.province_code, figure_day(NEW.closed_at) WHERE NEW.closed_at IS NOT NULL;
    ELSIF OLD.legal_outcome IS DISTINCT FROM NEW.legal_outcome
        OR OLD.abuse_setting IS DISTINCT FROM NEW.abuse_setting THEN
        INSERT INTO figure_dirty (province_code, day)
        VALUES (NEW.province_code, figure_day(NEW.received_at));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_case_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM figure_mark_case_days(OLD.province_code, OLD.id, OLD.received_at, OLD.closed_at);
    RETURN OLD;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_case_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT province_code, figure_day(received_at) FROM cases WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT province_code, figure_day(received_at) FROM cases WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT province_code, figure_day(OLD.due_at) FROM cases WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT province_code, figure_day(NEW.due_at) FROM cases WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

DROP INDEX cases_received_province_idx;
DROP INDEX cases_received_closed_idx;
ALTER TABLE cases DROP COLUMN received_commune_code;
ALTER TABLE cases DROP COLUMN received_province_code;
