// Package store keeps everything the product remembers: people, accounts,
// sessions, drafts and reviews. It speaks database/sql to one of two
// engines: an embedded SQLite file (the pure-Go modernc.org/sqlite driver, so
// the binary needs no cgo), or a PostgreSQL database (jackc/pgx) that any
// number of instances share. What differs between them is in engine.go and
// the sql_<engine>.go files; the rest is written once.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
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

// Store is the application's database.
type Store struct {
	// eng is the database engine: SQLite or PostgreSQL.
	eng *engine
	// write is where writes go. On SQLite it is the one connection that
	// writes: SQLite takes one writer at a time, so this process's writers
	// queue here, in Go, rather than meeting SQLITE_BUSY from each other in
	// SQLite's busy handler. On PostgreSQL it is the one pool of
	// connections, read too.
	write *pool
	// read holds the connections that read beside the writer (WAL).
	read *pool
	// now is the clock for times the callers do not pass in (created_at,
	// updated_at, ...). Tests replace it.
	now func() time.Time
}

// Options tune Open; zero fields take the defaults.
type Options struct {
	// Readers caps the connections that read beside the writer (default
	// 4). On PostgreSQL, reads and writes share a pool of twice as many.
	Readers int
	// BusyTimeout bounds how long a call waits for the database while it is
	// busy: on SQLite, a write for the writer connection and for SQLite's
	// write lock, a read for a lock another process holds; on PostgreSQL, a
	// call for a connection and for the locks it needs. Past it the call
	// fails with ErrBusy (default 5 s).
	BusyTimeout time.Duration
}

// Open opens the database that source names, with the default Options,
// and applies any migrations it has not seen yet. A postgres:// or
// postgresql:// URL is a PostgreSQL database; anything else is the path of a
// SQLite file, created when absent, optionally written "sqlite:PATH".
func Open(ctx context.Context, source string) (*Store, error) {
	return OpenWith(ctx, source, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, source string, opts Options) (*Store, error) {
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	var s *Store
	var err error
	if IsPostgres(source) {
		s, err = openPostgres(ctx, source, opts)
	} else {
		s, err = openSQLite(ctx, SQLitePath(source), opts)
	}
	if err != nil {
		return nil, err
	}
	s.now = time.Now
	return s, nil
}

// SetClock replaces the clock the store uses for the times callers do not
// pass in (created_at, updated_at, deleted_at, ...), so that tests with a
// fake clock see consistent times. Call it before the store is in use.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close releases the database.
func (s *Store) Close() error {
	if s.read == s.write {
		return s.write.db.Close()
	}
	return errors.Join(s.read.db.Close(), s.write.db.Close())
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.db.PingContext(ctx) }

// inTx runs fn in a write transaction on the writer, committing when it
// returns nil. On SQLite, transactions begin IMMEDIATE (see the DSN), taking
// the write lock at once, so nothing fails half-way for want of it. On
// PostgreSQL they are SERIALIZABLE, and one that PostgreSQL refuses for the
// sake of a concurrent one runs again, from the start: fn must not keep
// anything from a try that failed but what it sets afresh on the next.
func (s *Store) inTx(ctx context.Context, fn func(*txn) error) error {
	var err error
	for try := 1; ; try++ {
		err = s.tx(ctx, s.write, s.eng.writeTx, fn)
		if !postgresRetry(err) || try == maxTries {
			return err
		}
	}
}

// maxTries bounds how often a write transaction is tried. Each retry
// follows a transaction that committed, so several in a row are rare.
const maxTries = 10

// inReadTx runs fn in a read transaction on a reader, so several queries
// see one snapshot while writes go on beside them.
func (s *Store) inReadTx(ctx context.Context, fn func(*txn) error) error {
	return s.tx(ctx, s.read, s.eng.readTx, fn)
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
func isUnique(err error) bool { return sqliteUnique(err) || postgresUnique(err) }

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
