-- LiveEngage accounts. The id is LiveEngage's numeric account id, kept as
-- text so leading zeros and ids beyond int64 survive.
CREATE TABLE accounts (
    id         TEXT COLLATE "C" PRIMARY KEY CHECK (id ~ '^[0-9]{1,20}$'),
    name       TEXT COLLATE "C" NOT NULL CHECK (name <> ''),
    created_at TEXT COLLATE "C" NOT NULL
);

-- lower() under "C" folds ASCII only, as SQLite's NOCASE does.
CREATE INDEX accounts_by_name ON accounts (lower(name), id);
