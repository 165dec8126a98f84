-- Machines that call the API on their own (the national 111 line's call software): each
-- acts through an account of its own (`user_id`: an operator of its hotline's agency whose
-- password nobody knows), with only the permissions listed, and gets short-lived tokens by
-- the OAuth 2.0 client-credentials grant. A secret is kept only as its SHA-256 (it is 256
-- random bits, shown once); two may be live at once, so that one replaces the other without
-- a gap. Disabling a client deactivates its account: its tokens are refused at once.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL UNIQUE REFERENCES users (id),
    permissions TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    disabled_at TIMESTAMP
);
CREATE TABLE api_client_secrets (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES api_clients (id),
    hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_client_secrets_client_idx ON api_client_secrets (client_id);
