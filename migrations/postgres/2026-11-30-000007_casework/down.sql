ALTER TABLE cases DROP COLUMN plan_cycle;
DROP TABLE case_deadlines;
DROP TABLE case_steps;
