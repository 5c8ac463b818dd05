package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store/storetest"
)

// clock is a settable time source for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestMain(m *testing.M) { storetest.Main(m) }

// testDB makes fresh databases of one engine for tests.
type testDB struct {
	engine string
	// source names a new, empty database for the test.
	source func(t testing.TB) string
}

// testDBs are the engines that the store's tests run on, one suite for all.
var testDBs = []testDB{
	{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "test.db") }},
	{"postgres", storetest.Postgres},
}

// forEachEngine runs test once per database engine, as a subtest named
// after the engine.
func forEachEngine(t *testing.T, test func(t *testing.T, db testDB)) {
	for _, db := range testDBs {
		t.Run(db.engine, func(t *testing.T) { test(t, db) })
	}
}

// open opens a fresh database, with its clock under the test's control.
func (db testDB) open(t testing.TB) (*Store, *clock) {
	t.Helper()
	return db.openWith(t, Options{})
}

// openWith is open with options.
func (db testDB) openWith(t testing.TB, opts Options) (*Store, *clock) {
	t.Helper()
	s, err := OpenWith(context.Background(), db.source(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := newClock()
	s.SetClock(c.Now)
	return s, c
}

// sqliteDB is the SQLite engine's, for the tests and benchmarks of what
// only SQLite has (pragmas, another process's write lock).
var sqliteDB = testDBs[0]

// postgresDB is the PostgreSQL engine's, for what only instances sharing a
// database do.
var postgresDB = testDBs[1]

// newTestStore opens a fresh SQLite database in a temporary directory, with
// its clock under the test's control.
func newTestStore(t testing.TB) (*Store, *clock) {
	t.Helper()
	return sqliteDB.open(t)
}

func mustAccount(t testing.TB, s *Store, id, name string) Account {
	t.Helper()
	a, err := s.CreateAccount(context.Background(), id, name)
	if err != nil {
		t.Fatalf("CreateAccount(%q, %q): %v", id, name, err)
	}
	return a
}

func mustUser(t testing.TB, s *Store, u User) User {
	t.Helper()
	got, err := s.CreateUser(context.Background(), u)
	if err != nil {
		t.Fatalf("CreateUser(%+v): %v", u, err)
	}
	return got
}

func wantFieldError(t *testing.T, err error, field string) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FieldError for %q", err, field)
	}
	if fe.Field != field || fe.Message == "" {
		t.Fatalf("FieldError = %+v, want field %q with a message", fe, field)
	}
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		source := db.source(t)
		if db.engine == "sqlite" {
			source = filepath.Join(t.TempDir(), "sub", "dir", "app.db")
		}
		s, err := Open(ctx, source)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAccount(ctx, "123", "Acme"); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		// Opening again must not re-run any migration (it would fail on
		// CREATE TABLE) and must keep the data.
		s, err = Open(ctx, source)
		if err != nil {
			t.Fatalf("second Open: %v", err)
		}
		defer s.Close()
		if _, err := s.Account(ctx, "123"); err != nil {
			t.Fatalf("account after reopening: %v", err)
		}
		if applied, want := appliedMigrations(t, s), migrationKeys(t, s.eng); !slices.Equal(applied, want) {
			t.Fatalf("applied %v, want %v", applied, want)
		}
	})
}

// TestInstancesStartingTogether: instances that open one PostgreSQL
// database at the same moment, the first time, migrate it once between them.
// (SQLite serves one instance: the file is on its machine.)
func TestInstancesStartingTogether(t *testing.T) {
	source := postgresDB.source(t)
	const instances = 4
	errs := make(chan error, instances)
	var wg sync.WaitGroup
	for range instances {
		wg.Go(func() {
			s, err := Open(context.Background(), source)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Open beside other instances: %v", err)
		}
	}
	s, err := Open(context.Background(), source)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if applied, want := appliedMigrations(t, s), migrationKeys(t, s.eng); !slices.Equal(applied, want) {
		t.Fatalf("applied %v, want each of %v once", applied, want)
	}
}

// TestEnginesHaveTheSameMigrations: every migration is written for each
// engine, under the same name, and none lies outside an engine's folder,
// where it would not be applied.
func TestEnginesHaveTheSameMigrations(t *testing.T) {
	sqlite, postgres := migrationKeys(t, sqliteEngine), migrationKeys(t, postgresEngine)
	if len(sqlite) == 0 || !slices.Equal(sqlite, postgres) {
		t.Errorf("SQLite's migrations %v, PostgreSQL's %v: write each step for both engines", sqlite, postgres)
	}
	stray, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(stray) > 0 {
		t.Errorf("migrations outside an engine's folder, never applied: %v %v", stray, err)
	}
}

func migrationKeys(t *testing.T, e *engine) []string {
	t.Helper()
	names, err := e.migrationNames()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, name := range names {
		keys = append(keys, strings.TrimSuffix(filepath.Base(name), ".sql"))
	}
	return keys
}

func appliedMigrations(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.read.QueryContext(context.Background(), "SELECT name FROM schema_migrations ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var applied []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		applied = append(applied, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return applied
}

func TestPragmas(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	mode, err := s.JournalMode(ctx)
	if err != nil || mode != "wal" {
		t.Fatalf("JournalMode = %q, %v; want wal", mode, err)
	}
	// Pragmas are per connection: check the writer and several readers at once.
	tests := []struct {
		name            string
		pool            *pool
		conns           int
		fk, queryOnly   int
		maxOpen, busyMS int
	}{
		{"writer", s.write, 1, 1, 0, 1, 5000},
		{"readers", s.read, 3, 0, 1, 4, 5000},
	}
	for _, tt := range tests {
		if got := tt.pool.db.Stats().MaxOpenConnections; got != tt.maxOpen {
			t.Errorf("%s: at most %d connections, want %d", tt.name, got, tt.maxOpen)
		}
		var conns []*sql.Conn
		for range tt.conns {
			c, err := tt.pool.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var fk, busy, queryOnly int
			for pragma, dest := range map[string]*int{"foreign_keys": &fk, "busy_timeout": &busy, "query_only": &queryOnly} {
				if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(dest); err != nil {
					t.Fatal(err)
				}
			}
			if fk != tt.fk || busy != tt.busyMS || queryOnly != tt.queryOnly {
				t.Errorf("%s: foreign_keys = %d, busy_timeout = %d, query_only = %d; want %d, %d, %d",
					tt.name, fk, busy, queryOnly, tt.fk, tt.busyMS, tt.queryOnly)
			}
		}
		for _, c := range conns {
			c.Close()
		}
	}
}

func TestForeignKeysEnforced(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		_, err := s.CreateDraft(context.Background(), "999", 0, DraftInput{Document: []byte("{}")})
		if err == nil {
			t.Fatal("draft for a missing account was stored; foreign keys are off")
		}
	})
}

func TestStoredTimesSortAsText(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(500 * time.Millisecond), base.Add(time.Second), base.Add(time.Nanosecond)}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := 1; i < len(times); i++ {
		if a, b := dbTime(times[i-1]), dbTime(times[i]); a >= b {
			t.Errorf("dbTime(%v) = %q does not sort before %q", times[i-1], a, b)
		}
	}
	var back time.Time
	in := time.Date(2025, 6, 1, 12, 0, 0, 123, time.FixedZone("X", 3600))
	if err := (timeCol{&back}).Scan(dbTime(in)); err != nil || !back.Equal(in) || back.Location() != time.UTC {
		t.Errorf("round trip of %v = %v, %v", in, back, err)
	}
}
