-- LiveEngage accounts. The id is LiveEngage's numeric account id, kept as
-- text so leading zeros and ids beyond int64 survive.
CREATE TABLE accounts (
    id         TEXT PRIMARY KEY
               CHECK (id <> '' AND length(id) <= 20 AND id NOT GLOB '*[^0-9]*'),
    name       TEXT NOT NULL CHECK (name <> ''),
    created_at TEXT NOT NULL
);

CREATE INDEX accounts_by_name ON accounts (name COLLATE NOCASE, id);
