-- One-time invitation links. Only sha256(token) is kept, so a copy of the
-- database does not hold working links.
CREATE TABLE invites (
    token_hash BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL,
    used_at    TEXT COLLATE "C"
);

-- At most one open (unused) invite per person: a new one replaces the old.
CREATE UNIQUE INDEX invites_open_per_user ON invites (user_id) WHERE used_at IS NULL;
