-- People who sign in. Managers belong to no account; customers to exactly one.
-- password_hash is NULL until an invited person chooses a password.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL COLLATE NOCASE UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('manager', 'customer')),
    account_id      TEXT REFERENCES accounts (id) ON DELETE RESTRICT,
    password_hash   BLOB,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL,
    password_set_at TEXT,
    CHECK ((role = 'manager' AND account_id IS NULL)
        OR (role = 'customer' AND account_id IS NOT NULL))
);

CREATE INDEX users_by_account ON users (account_id, email);
