DROP TABLE outbox;
DROP TABLE referrals;
ALTER TABLE cases DROP COLUMN approval_due_at;
ALTER TABLE cases DROP COLUMN plan_due_at;
ALTER TABLE cases DROP COLUMN action_due_at;
ALTER TABLE cases DROP COLUMN routing;
ALTER TABLE users DROP COLUMN email;
