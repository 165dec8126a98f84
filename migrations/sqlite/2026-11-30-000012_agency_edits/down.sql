ALTER TABLE agencies DROP COLUMN edited_by;
ALTER TABLE agencies DROP COLUMN edited_at;
