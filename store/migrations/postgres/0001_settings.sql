-- The PostgreSQL schema is the SQLite one (migrations/sqlite), step by step
-- under the same names, in PostgreSQL's types. Two rules keep the engines'
-- answers the same:
--   * text is COLLATE "C", so it compares and sorts byte by byte, as SQLite's
--     BINARY collation does, whatever the database's locale;
--   * times are text in the store's fixed-width UTC format (see timeLayout
--     in store.go), which sorts as text, exactly as in SQLite.

-- Key/value settings the server keeps for itself (session keys, ...).
CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value BYTEA NOT NULL
);
