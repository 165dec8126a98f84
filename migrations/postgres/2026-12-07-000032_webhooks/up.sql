-- Status back to the machine clients that logged reports: a client subscribes an address to
-- events about the cases of its reports. The signing secret is sealed like a personal field
-- (the vault's key, never in clear), since the service must sign with it.
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES api_clients (id),
    url TEXT NOT NULL,
    -- Event codes, space-separated.
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX webhook_subscriptions_client_idx ON webhook_subscriptions (client_id);

-- One delivery of one event to one subscription, written in the event's own transaction:
-- nothing acknowledged is lost. `seq` orders a case's events; a delivery waits while an
-- earlier one of the same case to the same subscription is neither delivered nor given up.
-- The payload holds ids, numbers, codes and times only.
CREATE TABLE webhook_deliveries (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    case_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    delivered_at TIMESTAMP,
    failed_at TIMESTAMP,
    -- An administrator sent a given-up delivery again: its day of retries starts here.
    replayed_at TIMESTAMP,
    -- Why the last attempt failed: an HTTP status or a short reason, never a response body.
    last_error TEXT
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_case_idx ON webhook_deliveries (subscription_id, case_id, seq)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_failed_idx ON webhook_deliveries (failed_at)
    WHERE failed_at IS NOT NULL AND delivered_at IS NULL;
-- Deliveries made are forgotten after a while (they hold nothing anyone needs again).
CREATE INDEX webhook_deliveries_delivered_idx ON webhook_deliveries (delivered_at)
    WHERE delivered_at IS NOT NULL;
