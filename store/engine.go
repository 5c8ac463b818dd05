package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// engine is what the store does differently on each database it runs on:
// how it opens, migrates, binds arguments and isolates transactions, and the
// few statements that differ. Each engine is written down in one file
// (sql_sqlite.go, sql_postgres.go), side by side; every other query is
// written once, in SQL that both understand.
type engine struct {
	// name is the engine's, and the folder of its migrations.
	name string
	// migrationsTable creates the table of applied migrations.
	migrationsTable string
	// lockMigrations keeps other processes from migrating the database
	// while conn does, until unlock.
	lockMigrations func(ctx context.Context, conn *sql.Conn) (unlock func() error, err error)
	// bind turns a query's ? placeholders into the driver's; nil keeps them.
	bind func(query string) string
	// args makes arguments fit the database's types; nil keeps them.
	args func(args []any) []any
	// writeTx and readTx are the options of write and read transactions.
	writeTx, readTx *sql.TxOptions
	// document is how a draft's document, any bytes, is bound.
	document func(doc []byte) any
	// accountsByName orders accounts a by name, ASCII case folded, then id.
	accountsByName string
	// titleSearch narrows the drafts page to the drafts whose title
	// contains text, in any case, reading with read what it needs to choose.
	titleSearch func(ctx context.Context, read querier, text string) (titleFilter, error)
}

// The migrations of each engine are in migrations/<engine name>, under the
// same names: the same steps, each in the engine's own SQL.
//
//go:embed migrations
var migrationFiles embed.FS

// migrationNames lists an engine's migrations in the order they apply.
func (e *engine) migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFiles, path.Join("migrations", e.name, "*.sql"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// migrate applies the engine's migrations in file-name order, each once and
// each in its own transaction, recording what it applied, while holding the
// engine's migration lock. Migrations are scripts of several statements, so
// they run unprepared.
func (e *engine) migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := e.lockMigrations(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate: take the migration lock: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, e.migrationsTable); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := e.migrationNames()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := e.applyMigration(ctx, conn, name); err != nil {
			return err
		}
	}
	return unlock()
}

func (e *engine) applyMigration(ctx context.Context, conn *sql.Conn, name string) error {
	body, err := migrationFiles.ReadFile(name)
	if err != nil {
		return err
	}
	key := strings.TrimSuffix(path.Base(name), ".sql")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", key, err)
	}
	defer tx.Rollback()
	var seen int
	if err := tx.QueryRowContext(ctx, e.rebind("SELECT count(*) FROM schema_migrations WHERE name = ?"), key).Scan(&seen); err != nil {
		return err
	}
	if seen > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", key, err)
	}
	if _, err := tx.ExecContext(ctx, e.rebind("INSERT INTO schema_migrations(name) VALUES (?)"), key); err != nil {
		return fmt.Errorf("migration %s: %w", key, err)
	}
	return tx.Commit()
}

// rebind is the query with the driver's placeholders.
func (e *engine) rebind(query string) string {
	if e.bind == nil {
		return query
	}
	return e.bind(query)
}

// fitArgs is args fitted to the database's types.
func (e *engine) fitArgs(args []any) []any {
	if e.args == nil {
		return args
	}
	return e.args(args)
}
