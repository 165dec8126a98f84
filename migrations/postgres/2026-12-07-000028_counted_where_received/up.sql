-- A case counts in the figures once, where it was received: a transfer moves its place and
-- its scope, not the province whose figures counted it. The place of receipt is kept beside
-- the place, and every trigger that marks a day for refolding marks the province of receipt.
ALTER TABLE cases ADD COLUMN received_province_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN received_commune_code INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET received_province_code = province_code, received_commune_code = commune_code;
CREATE INDEX cases_received_province_idx ON cases (received_province_code, received_at);
CREATE INDEX cases_received_closed_idx ON cases (received_province_code, closed_at);

CREATE OR REPLACE FUNCTION figure_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT NEW.received_province_code, figure_day(NEW.received_at)
        UNION SELECT NEW.received_province_code, figure_day(NEW.closed_at) WHERE NEW.closed_at IS NOT NULL;
    ELSIF OLD.received_province_code IS DISTINCT FROM NEW.received_province_code
        OR OLD.received_commune_code IS DISTINCT FROM NEW.received_commune_code
        OR OLD.received_at IS DISTINCT FROM NEW.received_at
        OR (OLD.status = 'duplicate') IS DISTINCT FROM (NEW.status = 'duplicate') THEN
        PERFORM figure_mark_case_days(OLD.received_province_code, OLD.id, OLD.received_at, OLD.closed_at);
        PERFORM figure_mark_case_days(NEW.received_province_code, NEW.id, NEW.received_at, NEW.closed_at);
    ELSIF OLD.closed_at IS DISTINCT FROM NEW.closed_at THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT NEW.received_province_code, figure_day(NEW.received_at)
        UNION SELECT OLD.received_province_code, figure_day(OLD.closed_at) WHERE OLD.closed_at IS NOT NULL
        UNION SELECT NEW.received_province_code, figure_day(NEW.closed_at) WHERE NEW.closed_at IS NOT NULL;
    ELSIF OLD.legal_outcome IS DISTINCT FROM NEW.legal_outcome
        OR OLD.abuse_setting IS DISTINCT FROM NEW.abuse_setting THEN
        INSERT INTO figure_dirty (province_code, day)
        VALUES (NEW.received_province_code, figure_day(NEW.received_at));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_case_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM figure_mark_case_days(OLD.received_province_code, OLD.id, OLD.received_at, OLD.closed_at);
    RETURN OLD;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_case_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT received_province_code, figure_day(received_at) FROM cases WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT received_province_code, figure_day(received_at) FROM cases WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT received_province_code, OLD.provided_on FROM cases WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT received_province_code, NEW.provided_on FROM cases WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION figure_mark_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT received_province_code, figure_day(OLD.due_at) FROM cases WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT received_province_code, figure_day(NEW.due_at) FROM cases WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER cases_figures ON cases;
CREATE TRIGGER cases_figures AFTER INSERT OR UPDATE OF
    received_province_code, received_commune_code, status, received_at, closed_at, abuse_setting, legal_outcome
    ON cases FOR EACH ROW EXECUTE FUNCTION figure_mark_case();

-- Cases moved in and out count on the day the move was accepted, in both provinces.
CREATE FUNCTION figure_mark_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.answered_at IS NOT NULL THEN
        INSERT INTO figure_dirty (province_code, day)
        SELECT NEW.from_province_code, figure_day(NEW.answered_at)
        UNION SELECT NEW.to_province_code, figure_day(NEW.answered_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER case_transfers_figures AFTER INSERT OR UPDATE OF status, answered_at
    ON case_transfers FOR EACH ROW EXECUTE FUNCTION figure_mark_transfer();
