// Package store keeps everything the product remembers in one SQLite file:
// people, accounts, sessions, drafts and reviews. It speaks database/sql to the
// pure-Go modernc.org/sqlite driver, so the binary needs no cgo.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors callers map to user-facing answers.
var (
	// ErrNotFound: no such row, or not one the caller may see.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the row changed since the caller read it.
	ErrConflict = errors.New("changed by someone else")
	// ErrDuplicate: a unique value (email, account id) is already taken.
	ErrDuplicate = errors.New("already exists")
)

// FieldError names the input that was wrong, so the web layer can show the
// message next to that field. Message is written for the person filling in
// the form.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the application's database.
type Store struct {
	// write is the one connection that writes: SQLite takes one writer at a
	// time, so this process's writers queue here, in Go, rather than
	// meeting SQLITE_BUSY from each other in SQLite's busy handler.
	write *pool
	// read holds query-only connections that read beside the writer (WAL).
	read *pool
	// now is the clock for times the callers do not pass in (created_at,
	// updated_at, ...). Tests replace it.
	now func() time.Time
}

// Options tune Open; zero fields take the defaults.
type Options struct {
	// Readers caps the connections that read beside the writer (default 4).
	Readers int
	// BusyTimeout bounds how long a call waits for the database while it is
	// busy: a write for the writer connection and for SQLite's write lock,
	// a read for a lock another process holds. Past it the call fails with
	// ErrBusy (default 5 s).
	BusyTimeout time.Duration
}

// Open opens (creating when absent) the SQLite database at path, with the
// default Options, and applies any migrations it has not seen yet.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, opts Options) (*Store, error) {
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	// Pragmas go in the DSN so that every connection gets them.
	dsn := "file:" + path + fmt.Sprintf("?_pragma=busy_timeout(%d)", opts.BusyTimeout.Milliseconds())
	writer, err := openPool(dsn+"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"+
		"&_pragma=synchronous(NORMAL)&_txlock=immediate", 1)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	writer.wait = opts.BusyTimeout
	s := &Store{write: writer, now: time.Now}
	// Migrate before the readers open, so that they find the database in
	// WAL mode and at its current schema.
	if err := s.migrate(ctx); err != nil {
		writer.db.Close()
		return nil, err
	}
	if s.read, err = openPool(dsn+"&_pragma=query_only(1)", opts.Readers); err != nil {
		writer.db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// openPool opens up to n connections and keeps them all open, so that the
// statements prepared on them stay prepared.
func openPool(dsn string, n int) (*pool, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	return &pool{db: db}, nil
}

// SetClock replaces the clock the store uses for the times callers do not
// pass in (created_at, updated_at, deleted_at, ...), so that tests with a
// fake clock see consistent times. Call it before the store is in use.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close releases the database.
func (s *Store) Close() error {
	return errors.Join(s.read.db.Close(), s.write.db.Close())
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.db.PingContext(ctx) }

// JournalMode reports SQLite's journal mode ("wal" when Open did its job).
func (s *Store) JournalMode(ctx context.Context) (string, error) {
	var mode string
	err := s.read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	return mode, err
}

// migrate applies the embedded migrations in file-name order, each once and
// each in its own transaction, recording what it applied. Migrations are
// scripts of several statements, so they run unprepared.
func (s *Store) migrate(ctx context.Context) error {
	db := s.write.db
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := applyMigration(ctx, db, name); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, name string) error {
	body, err := migrationFiles.ReadFile(name)
	if err != nil {
		return err
	}
	key := strings.TrimSuffix(filepath.Base(name), ".sql")
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", key, err)
	}
	defer tx.Rollback()
	var seen int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE name = ?", key).Scan(&seen); err != nil {
		return err
	}
	if seen > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", key, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(name) VALUES (?)", key); err != nil {
		return fmt.Errorf("migration %s: %w", key, err)
	}
	return tx.Commit()
}

// inTx runs fn in a write transaction on the writer, committing when it
// returns nil. Transactions begin IMMEDIATE (see the DSN), taking SQLite's
// write lock at once, so nothing fails half-way for want of it.
func (s *Store) inTx(ctx context.Context, fn func(*txn) error) error {
	return s.tx(ctx, s.write, nil, fn)
}

// inReadTx runs fn in a read transaction on a reader, so several queries
// see one snapshot while writes go on beside them.
func (s *Store) inReadTx(ctx context.Context, fn func(*txn) error) error {
	return s.tx(ctx, s.read, &sql.TxOptions{ReadOnly: true}, fn)
}

func (s *Store) tx(ctx context.Context, p *pool, opts *sql.TxOptions, fn func(*txn) error) error {
	bounded, cancel := p.bound(ctx)
	defer cancel()
	tx, err := p.db.BeginTx(bounded, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", dbError(bounded, err))
	}
	t := &txn{tx: tx, pool: p, ctx: bounded}
	// Once the connection is back in the pool, prepare what ran unprepared.
	defer func() { p.prepare(ctx, t.unprepared) }()
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(t); err != nil {
		tx.Rollback()
		return dbError(bounded, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", dbError(bounded, err))
	}
	return nil
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// notFound turns sql.ErrNoRows into ErrNotFound and leaves other errors be.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// requireRow turns "the statement changed nothing" into ErrNotFound.
func requireRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Times are stored as UTC text of fixed width (always nine fractional
// digits), which is RFC 3339, readable in the sqlite3 shell, and sorts and
// compares correctly as text. time.RFC3339Nano trims trailing zeros and so
// would not compare correctly.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// dbTime formats t for storage.
func dbTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// timeCol scans a stored time; NULL scans as the zero time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("store: cannot scan %T as a time", src)
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("store: stored time %q: %w", text, err)
	}
	*c.t = t.UTC()
	return nil
}

// nullTimeCol scans a nullable stored time into a pointer, nil for NULL.
type nullTimeCol struct{ t **time.Time }

func (c nullTimeCol) Scan(src any) error {
	if src == nil {
		*c.t = nil
		return nil
	}
	var t time.Time
	if err := (timeCol{&t}).Scan(src); err != nil {
		return err
	}
	*c.t = &t
	return nil
}

// nullID stores 0 as NULL, for optional references (to users, to versions).
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
