-- Key/value settings the server keeps for itself (session keys, ...).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
