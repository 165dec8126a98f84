-- How many entries the seals through a checkpoint's seal hold, proven by the verification
-- that wrote it: the next one adds those of the seals it checks and counts only the entries
-- after the last seal, instead of every row of the log. Empty in checkpoints written before.
ALTER TABLE audit_checkpoints ADD COLUMN entries_sealed BIGINT;
