-- PostgreSQL already keeps a mark per change (SQLite's table is made the same by this
-- migration): nothing to do here.
SELECT 1;
