-- The notifier: an outbox row that kept failing is given up (dead-lettered) and listed to
-- supervisors, who may resend it; each acknowledge link works once.
ALTER TABLE outbox ADD COLUMN failed_at TIMESTAMP;

CREATE TABLE ack_links_used (
    outbox_id TEXT PRIMARY KEY REFERENCES outbox (id),
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    used_at TIMESTAMP NOT NULL
);
