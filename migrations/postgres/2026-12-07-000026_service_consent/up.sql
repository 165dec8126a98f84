-- A referral to a service (health, psychological support, legal aid, shelter, a non-state
-- provider) records the consent of the caregiver and of the child, or the reason the law
-- gives to act without it: a JSON document, sealed (the reason can name people).
ALTER TABLE referrals ADD COLUMN consent TEXT;
