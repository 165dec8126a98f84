DROP TABLE ack_links_used;
ALTER TABLE outbox DROP COLUMN failed_at;
