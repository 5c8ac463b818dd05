package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	neturl "net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgreSQL, for more than one machine: any number of instances share one
// database through github.com/jackc/pgx/v5. Reads and writes share one pool
// of connections; write transactions are SERIALIZABLE, so that what SQLite
// gets from its one writer at a time (a transaction's checks stay true until
// it commits) holds here too, and the store runs again a transaction that
// PostgreSQL refused for a concurrent one (see Store.inTx).
var postgresEngine = &engine{
	name: "postgres",
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT COLLATE "C" PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	lockMigrations: lockPostgresMigrations,
	bind:           bindPostgres,
	args:           postgresArgs,
	writeTx:        &sql.TxOptions{Isolation: sql.LevelSerializable},
	readTx:         &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
	document:       func(doc []byte) any { return nonNil(doc) },
	// lower() under COLLATE "C" folds ASCII only, as SQLite's NOCASE does.
	accountsByName: "lower(a.name), a.id",
	// The trigram index drafts_title_search answers the LIKE, and the
	// planner weighs it against reading the drafts in the list's order.
	titleSearch: func(_ context.Context, _ querier, text string) (titleFilter, error) { return likeTitle(text), nil },
}

// IsPostgres tells a PostgreSQL connection URL from a SQLite file, among
// the sources Open takes.
func IsPostgres(source string) bool {
	return strings.HasPrefix(source, "postgres://") || strings.HasPrefix(source, "postgresql://")
}

// openPostgres connects to the PostgreSQL database at url and migrates it.
func openPostgres(ctx context.Context, url string, opts Options) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", RedactSource(url), err)
	}
	n := postgresConns(opts)
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	if err := postgresEngine.migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", RedactSource(url), err)
	}
	// A call waits at most BusyTimeout for a connection and for the locks
	// its statements need.
	p := &pool{db: db, eng: postgresEngine, wait: opts.BusyTimeout}
	return &Store{eng: postgresEngine, write: p, read: p}, nil
}

// postgresConns is the size of the pool: the readers and as many writers.
func postgresConns(opts Options) int { return 2 * opts.Readers }

// migrationLockKey names the advisory lock that instances starting at the
// same moment migrate under, one after the other.
const migrationLockKey = 0x6d616e6966657374 // "manifest"

func lockPostgresMigrations(ctx context.Context, conn *sql.Conn) (func() error, error) {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLockKey)); err != nil {
		return nil, err
	}
	return sync.OnceValue(func() error {
		_, err := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLockKey))
		return err
	}), nil
}

// bindPostgres numbers the ? placeholders of query ($1, $2, ...), leaving
// alone those inside quotes and comments.
func bindPostgres(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				end = len(query) - i - 1
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
			continue
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			b.WriteString(query[i : i+end])
			i += end - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// postgresArgs fits text arguments to PostgreSQL's text, which holds valid
// UTF-8 without NUL, where SQLite's holds any bytes: what a person typed
// that it cannot hold becomes U+FFFD, as ToValidUTF8 does. (Documents are
// bound as bytes and kept exactly.)
func postgresArgs(args []any) []any {
	copied := false
	for i, a := range args {
		if s, ok := a.(string); ok && (!utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0) {
			if !copied {
				args, copied = append([]any(nil), args...), true
			}
			args[i] = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
		}
	}
	return args
}

// PostgreSQL's error codes that the store acts on.
const (
	pgUniqueViolation      = "23505"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
	pgLockNotAvailable     = "55P03"
	pgTooManyConnections   = "53300"
)

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// postgresUnique reports whether err is PostgreSQL's unique violation.
func postgresUnique(err error) bool { return pgCode(err) == pgUniqueViolation }

// postgresBusy reports whether PostgreSQL could not take a lock or a
// connection in time.
func postgresBusy(err error) bool {
	code := pgCode(err)
	return code == pgLockNotAvailable || code == pgTooManyConnections
}

// postgresRetry reports whether PostgreSQL refused a transaction for the
// sake of a concurrent one, which succeeds when run again.
func postgresRetry(err error) bool {
	code := pgCode(err)
	return code == pgSerializationFailure || code == pgDeadlockDetected
}

// RedactSource is source fit for a log: a URL's password hidden.
func RedactSource(source string) string {
	if !IsPostgres(source) {
		return source
	}
	u, err := neturl.Parse(source)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	return u.Redacted()
}
