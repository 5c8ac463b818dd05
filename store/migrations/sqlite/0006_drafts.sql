-- App manifest drafts, one account each. document is the JSON text exactly
-- as the person has it, valid or not. version counts saves and guards against
-- lost updates. state leaves room for the review workflow to come.
CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    title_search TEXT NOT NULL, -- lower-cased title, for case-insensitive search beyond ASCII
    document     TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    errors       INTEGER NOT NULL DEFAULT 0 CHECK (errors >= 0),
    warnings     INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0),
    state        TEXT NOT NULL DEFAULT 'draft',
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    deleted_by   INTEGER REFERENCES users (id) ON DELETE SET NULL
);

-- The drafts page: an account's live drafts, newest updated first.
CREATE INDEX drafts_live ON drafts (account_id, updated_at DESC, id DESC)
    WHERE deleted_at IS NULL;
-- The trash page and its purge.
CREATE INDEX drafts_trash ON drafts (account_id, deleted_at DESC, id DESC)
    WHERE deleted_at IS NOT NULL;
CREATE INDEX drafts_trash_age ON drafts (deleted_at) WHERE deleted_at IS NOT NULL;
