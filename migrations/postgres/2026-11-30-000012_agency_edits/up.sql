-- An administrator may correct an agency's name and mail address in the console; the
-- configuration loaded at start then keeps the correction instead of writing over it.
ALTER TABLE agencies ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE agencies ADD COLUMN edited_by TEXT;
