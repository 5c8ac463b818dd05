-- Server-side sessions. The cookie carries a random id; the row is keyed by
-- sha256(id), so a copy of the database cannot be turned into live cookies.
-- user_id mirrors the session's "user_id" value so a person's sessions can be
-- ended at once (sign-out everywhere, disabling, a new password).
CREATE TABLE sessions (
    id_hash      BLOB PRIMARY KEY,
    user_id      INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data         BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_created ON sessions (created_at);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
