package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite, the embedded default: one file, through the pure-Go
// modernc.org/sqlite driver, so the binary needs no cgo.
var sqliteEngine = &engine{
	name: "sqlite",
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`,
	// Each migration's transaction begins IMMEDIATE (see the DSN), taking
	// the write lock before it looks at what was applied.
	lockMigrations: func(context.Context, *sql.Conn) (func() error, error) { return func() error { return nil }, nil },
	// Write transactions begin IMMEDIATE (see the DSN): SQLite's one
	// writer at a time makes them serializable.
	writeTx:        nil,
	readTx:         &sql.TxOptions{ReadOnly: true},
	document:       func(doc []byte) any { return string(doc) },
	accountsByName: "a.name COLLATE NOCASE, a.id",
	titleSearch:    sqliteTitleSearch,
}

// SQLitePath is the file that a SQLite source names: a path, or
// "sqlite:PATH".
func SQLitePath(source string) string { return strings.TrimPrefix(source, "sqlite:") }

// openSQLite opens (creating when absent) the SQLite database at path.
func openSQLite(ctx context.Context, path string, opts Options) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	// Pragmas go in the DSN so that every connection gets them.
	dsn := "file:" + path + fmt.Sprintf("?_pragma=busy_timeout(%d)", opts.BusyTimeout.Milliseconds())
	writer, err := openSQLitePool(dsn+"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"+
		"&_pragma=synchronous(NORMAL)&_txlock=immediate", 1)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	writer.wait = opts.BusyTimeout
	s := &Store{eng: sqliteEngine, write: writer}
	// Migrate before the readers open, so that they find the database in
	// WAL mode and at its current schema.
	if err := sqliteEngine.migrate(ctx, writer.db); err != nil {
		writer.db.Close()
		return nil, err
	}
	if s.read, err = openSQLitePool(dsn+"&_pragma=query_only(1)", opts.Readers); err != nil {
		writer.db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// openSQLitePool opens up to n connections and keeps them all open, so that
// the statements prepared on them stay prepared.
func openSQLitePool(dsn string, n int) (*pool, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	return &pool{db: db, eng: sqliteEngine}, nil
}

// JournalMode reports SQLite's journal mode ("wal" when Open did its job);
// on PostgreSQL, which has none, "".
func (s *Store) JournalMode(ctx context.Context) (string, error) {
	if s.eng != sqliteEngine {
		return "", nil
	}
	var mode string
	err := s.read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	return mode, err
}

// sqliteUnique reports whether err is SQLite's UNIQUE or PRIMARY KEY violation.
func sqliteUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// sqliteBusy reports whether SQLite answered busy or locked.
func sqliteBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}
