CREATE TABLE figure_dirty_copy (province_code INTEGER NOT NULL, day DATE NOT NULL);
INSERT INTO figure_dirty_copy SELECT DISTINCT province_code, day FROM figure_dirty;
DROP TABLE figure_dirty;
CREATE TABLE figure_dirty (
    id INTEGER PRIMARY KEY,
    province_code INTEGER NOT NULL,
    day DATE NOT NULL,
    UNIQUE (province_code, day)
);
INSERT INTO figure_dirty (province_code, day) SELECT province_code, day FROM figure_dirty_copy;
DROP TABLE figure_dirty_copy;
