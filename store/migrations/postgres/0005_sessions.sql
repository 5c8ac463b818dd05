-- Server-side sessions. The cookie carries a random id; the row is keyed by
-- sha256(id), so a copy of the database cannot be turned into live cookies.
-- user_id mirrors the session's "user_id" value so a person's sessions can be
-- ended at once (sign-out everywhere, disabling, a new password).
CREATE TABLE sessions (
    id_hash      BYTEA PRIMARY KEY,
    user_id      BIGINT REFERENCES users (id) ON DELETE CASCADE,
    data         BYTEA NOT NULL,
    created_at   TEXT COLLATE "C" NOT NULL,
    last_seen_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_created ON sessions (created_at);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
