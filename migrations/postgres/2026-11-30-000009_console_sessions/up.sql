-- Sessions of the web console. The cookie holds a random value; only its SHA-256 is stored,
-- so a copy of this table signs nobody in. A session ends when signed out, after 30 minutes
-- without a request, 12 hours after it began, or at once when its user is deactivated.
CREATE TABLE console_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    -- The token every form of the session carries (CSRF).
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    client_ip TEXT
);
CREATE INDEX console_sessions_user_idx ON console_sessions (user_id);
