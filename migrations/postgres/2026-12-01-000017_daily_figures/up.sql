-- Daily figures. The report of a year must not read a year of cases: every figure is kept
-- as counts per day, per province (commune_code 0), per commune, and for the nation
-- (province_code 0; reports without a province sit under province -1 and count only
-- there). A day's counts are recomputed whole from the cases; a change to anything they
-- are counted from marks its province and day, in the writer's own transaction, and the
-- marks are folded before the figures are read.
CREATE TABLE figure_counts (
    province_code INTEGER NOT NULL,
    commune_code INTEGER NOT NULL,
    figure TEXT NOT NULL,
    day DATE NOT NULL,
    key TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (province_code, commune_code, figure, day, key)
);

-- A day's counts are replaced together; the nation's are summed from the provinces' of a day.
CREATE INDEX figure_counts_day_idx ON figure_counts (day, province_code);

-- One mark per changed row, never updated: writers never wait on each other for it, and
-- the folder deletes exactly the marks it read before recomputing.
CREATE TABLE figure_dirty (
    id BIGSERIAL PRIMARY KEY,
    province_code INTEGER NOT NULL,
    day DATE NOT NULL
);
CREATE INDEX figure_dirty_day_idx ON figure_dirty (province_code, day);

-- The day in Vietnam (UTC+7 all year) of a stored UTC time.
CREATE FUNCTION figure_day(t TIMESTAMP) RETURNS DATE LANGUAGE sql IMMUTABLE
AS $$ SELECT (t + INTERVAL '7 hours')::date $$;

-- Every day a case's figures are counted on: received, closed, its referrals made, its
-- deadlines due, its services given.
CREATE FUNCTION figure_mark_case_days(p INTEGER, case_id TEXT, received TIMESTAMP, closed TIMESTAMP)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO figure_dirty (province_code, day)
    SELECT $1, figure_day($3)
    UNION SELECT $1, figure_day($4) WHERE $4 IS NOT NULL
    UNION SELECT $1, figure_day(r.created_at) FROM referrals r WHERE r.case_id = $2
    UNION SELECT $1, figure_day(d.due_at) FROM case_deadlines d WHERE d.case_id = $2
    UNION SELECT $1, s.provided_on FROM case_services s WHERE s.case_id = $2
$$;

-- A case counts on the day it was received (its own facts, its children and types) and the
-- day it was closed; its referrals, deadlines and services on their own days, which a case
-- merged as a duplicate leaves. So: a case moved, or merged or unmerged, marks every one of
-- its days; its closing the days of receipt and closing; its outcome or setting the day of
-- receipt; any other change of status none (the figures do not count by status).
CREATE FUNCTION figure_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- After insert and update; before delete, while the case's referrals and deadlines are
-- still there to say which days they were counted on.
CREATE TRIGGER cases_figures AFTER INSERT OR UPDATE OF
    province_code, commune_code, status, received_at, closed_at, abuse_setting, legal_outcome
    ON cases FOR EACH ROW EXECUTE FUNCTION figure_mark_case();
CREATE FUNCTION figure_mark_case_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM figure_mark_case_days(OLD.province_code, OLD.id, OLD.received_at, OLD.closed_at);
    RETURN OLD;
END $$;
CREATE TRIGGER cases_figures_deleted BEFORE DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_deleted();

-- Rows counted on their case's day of receipt: children, types, perpetrators.
CREATE FUNCTION figure_mark_case_row() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER case_children_figures AFTER INSERT OR UPDATE OR DELETE ON case_children
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
CREATE TRIGGER case_categories_figures AFTER INSERT OR UPDATE OR DELETE ON case_categories
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
CREATE TRIGGER case_sexual_subtypes_figures AFTER INSERT OR UPDATE OR DELETE ON case_sexual_subtypes
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();
CREATE TRIGGER case_perpetrators_figures AFTER INSERT OR UPDATE OR DELETE ON case_perpetrators
    FOR EACH ROW EXECUTE FUNCTION figure_mark_case_row();

CREATE FUNCTION figure_mark_service() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER case_services_figures AFTER INSERT OR UPDATE OR DELETE ON case_services
    FOR EACH ROW EXECUTE FUNCTION figure_mark_service();

CREATE FUNCTION figure_mark_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER case_deadlines_figures AFTER INSERT OR UPDATE OR DELETE ON case_deadlines
    FOR EACH ROW EXECUTE FUNCTION figure_mark_deadline();

CREATE FUNCTION figure_mark_referral() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        VALUES (OLD.case_province_code, figure_day(OLD.created_at));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        VALUES (NEW.case_province_code, figure_day(NEW.created_at));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER referrals_figures AFTER INSERT OR UPDATE OR DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION figure_mark_referral();

CREATE FUNCTION figure_mark_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO figure_dirty (province_code, day)
        VALUES (COALESCE(OLD.province_code, -1), figure_day(OLD.received_at));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO figure_dirty (province_code, day)
        VALUES (COALESCE(NEW.province_code, -1), figure_day(NEW.received_at));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER reports_figures AFTER INSERT OR UPDATE OF
    province_code, commune_code, received_at, contact_type, channel, caller_type, caller_sex,
    caller_age_band, online
    OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION figure_mark_report();

-- Cases closed on a day, for the open cases at a period's end; referrals not yet due, read
-- live since "missed" depends on the hour.
CREATE INDEX cases_province_closed_idx ON cases (province_code, closed_at);
CREATE INDEX referrals_due_idx ON referrals (due_at);
-- Services by the day given.
CREATE INDEX case_services_provided_idx ON case_services (provided_on);

-- Everything already stored is counted once, by the first fold.
INSERT INTO figure_dirty (province_code, day)
SELECT DISTINCT COALESCE(province_code, -1), figure_day(received_at) FROM reports
UNION SELECT province_code, figure_day(received_at) FROM cases
UNION SELECT province_code, figure_day(closed_at) FROM cases WHERE closed_at IS NOT NULL
UNION SELECT case_province_code, figure_day(created_at) FROM referrals
UNION SELECT c.province_code, figure_day(d.due_at) FROM case_deadlines d JOIN cases c ON c.id = d.case_id
UNION SELECT c.province_code, s.provided_on FROM case_services s JOIN cases c ON c.id = s.case_id;
