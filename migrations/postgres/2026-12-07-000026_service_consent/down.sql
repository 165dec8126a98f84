ALTER TABLE referrals DROP COLUMN consent;
