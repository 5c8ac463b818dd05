package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyTables are the tables a copy moves, each parents before children, so
// that every foreign key finds its row, with the columns they are read in
// order of. A table that Open's migrations make but this list lacks fails
// TestCopyTablesAreEveryTable: add it here. (The migrations' own record,
// schema_migrations, is the target's own.)
var copyTables = []struct{ name, order string }{
	{"settings", "key"},
	{"accounts", "id"},
	{"users", "id"},
	{"invites", "token_hash"},
	{"sessions", "id_hash"},
	{"drafts", "id"},
	{"draft_versions", "draft_id, version"},
	{"revisions", "draft_id, number"},
	{"transitions", "id"},
	{"comments", "id"},
	{"throttle", "key"},
	{"turns", "name"},
}

// CopyReport says what a copy moved.
type CopyReport struct {
	Rows      map[string]int64 // per table
	Revisions int              // frozen revisions whose sha256 was checked
}

// Tables lists the tables copied, in the order they were.
func (r CopyReport) Tables() []string {
	names := make([]string, len(copyTables))
	for i, t := range copyTables {
		names[i] = t.name
	}
	return names
}

// ErrTargetNotEmpty: a copy's target already holds data.
var ErrTargetNotEmpty = errors.New("the target database is not empty")

// CopyTo copies everything s holds into to, which must be a PostgreSQL
// database with nothing in it (ErrTargetNotEmpty), in one transaction: the
// rows of every table as they are, ids and times kept, from one snapshot of
// s. Then it checks that every table has as many rows in to as in s, and
// that every frozen revision's document in to has the sha256 recorded when
// it was submitted, the one s has. The tables copied are vacuumed and
// analyzed, ready to serve.
func (s *Store) CopyTo(ctx context.Context, to *Store) (CopyReport, error) {
	if to.eng != postgresEngine {
		return CopyReport{}, errors.New("copy: the target must be a PostgreSQL database")
	}
	if err := to.checkEmpty(ctx); err != nil {
		return CopyReport{}, err
	}
	report := CopyReport{Rows: map[string]int64{}}
	err := s.inReadTx(ctx, func(src *txn) error {
		return to.withPgx(ctx, func(dst pgx.Tx) error {
			for _, t := range copyTables {
				n, err := copyTable(ctx, src, dst, t.name, t.order)
				if err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
				report.Rows[t.name] = n
			}
			return resetIdentities(ctx, dst)
		})
	})
	if err != nil {
		return report, fmt.Errorf("copy: %w", err)
	}
	// Rows loaded at once leave PostgreSQL without statistics, so that it
	// plans the lists badly, and the trigram index with a long pending list,
	// until autovacuum gets to them: see to both now.
	if _, err := to.write.db.ExecContext(ctx, "VACUUM (ANALYZE) "+strings.Join(report.Tables(), ", ")); err != nil {
		return report, fmt.Errorf("copy: vacuum: %w", err)
	}
	if report.Revisions, err = s.verifyCopy(ctx, to, report.Rows); err != nil {
		return report, fmt.Errorf("copy: check: %w", err)
	}
	return report, nil
}

// checkEmpty refuses a database with a row in any table a copy writes.
func (s *Store) checkEmpty(ctx context.Context) error {
	var full []string
	for _, t := range copyTables {
		var has bool
		if err := s.read.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+t.name+")").Scan(&has); err != nil {
			return fmt.Errorf("copy: look into the target: %w", err)
		}
		if has {
			full = append(full, t.name)
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("copy: %w: it has %s; copy into a new, empty database", ErrTargetNotEmpty, strings.Join(full, ", "))
	}
	return nil
}

// withPgx runs fn in a transaction of the pgx connection under one of the
// pool's, for what database/sql does not have: COPY.
func (s *Store) withPgx(ctx context.Context, fn func(pgx.Tx) error) error {
	conn, err := s.write.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		return pgx.BeginFunc(ctx, driverConn.(*stdlib.Conn).Conn(), fn)
	})
}

// copyTable streams a table's rows from src into dst with COPY. The rows
// are written as they are: the triggers that derive rows on insert (a
// draft's first version) are off meanwhile, as what they would write is
// copied too.
func copyTable(ctx context.Context, src *txn, dst pgx.Tx, table, order string) (int64, error) {
	targetTypes, err := columnTypes(ctx, dst, table)
	if err != nil {
		return 0, err
	}
	rows, err := src.QueryContext(ctx, "SELECT * FROM "+table+" ORDER BY "+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	types := make([]string, len(cols))
	for i, c := range cols {
		var ok bool
		if types[i], ok = targetTypes[c]; !ok {
			return 0, fmt.Errorf("column %s is not in the target: are both databases at the same version?", c)
		}
	}
	if len(cols) != len(targetTypes) {
		return 0, fmt.Errorf("the target has %d columns, the source %d: are both databases at the same version?", len(targetTypes), len(cols))
	}
	if _, err := dst.Exec(ctx, "ALTER TABLE "+table+" DISABLE TRIGGER USER"); err != nil {
		return 0, err
	}
	values, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	next := func() ([]any, error) {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range values {
			values[i] = fitValue(v, types[i])
		}
		return values, nil
	}
	n, err := dst.CopyFrom(ctx, pgx.Identifier{table}, cols, &rowSource{rows: rows, next: next})
	if err != nil {
		return n, err
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	_, err = dst.Exec(ctx, "ALTER TABLE "+table+" ENABLE TRIGGER USER")
	return n, err
}

// rowSource is pgx.CopyFromSource over database/sql rows.
type rowSource struct {
	rows *rows
	next func() ([]any, error)
	vals []any
	err  error
}

func (r *rowSource) Next() bool {
	if !r.rows.Next() {
		return false
	}
	r.vals, r.err = r.next()
	return r.err == nil
}

func (r *rowSource) Values() ([]any, error) { return r.vals, r.err }
func (r *rowSource) Err() error             { return r.err }

// columnTypes maps a table's columns to their PostgreSQL types.
func columnTypes(ctx context.Context, tx pgx.Tx, table string) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1`, table)
	if err != nil {
		return nil, err
	}
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		types[name] = typ
	}
	if len(types) == 0 && rows.Err() == nil {
		return nil, fmt.Errorf("no table %s in the target", table)
	}
	return types, rows.Err()
}

// fitValue turns a value as SQLite keeps it into the target column's type:
// SQLite's 0 and 1 for PostgreSQL's booleans, text for bytes and back.
func fitValue(v any, pgType string) any {
	switch x := v.(type) {
	case int64:
		if pgType == "boolean" {
			return x != 0
		}
	case string:
		if pgType == "bytea" {
			return []byte(x)
		}
	case []byte:
		if pgType == "text" {
			return string(x)
		}
	}
	return v
}

// resetIdentities moves each identity column's sequence past the ids
// copied, so that new rows get new ids.
func resetIdentities(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return err
	}
	type column struct{ table, name string }
	var identities []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.table, &c.name); err != nil {
			return err
		}
		identities = append(identities, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range identities {
		id := pgx.Identifier{c.name}.Sanitize()
		_, err := tx.Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max(%s), 1), max(%s) IS NOT NULL) FROM %s`,
			id, id, pgx.Identifier{c.table}.Sanitize()), c.table, c.name)
		if err != nil {
			return fmt.Errorf("identity of %s.%s: %w", c.table, c.name, err)
		}
	}
	return nil
}

// verifyCopy checks a copy from s into to: each table's rows counted in
// both, and each revision's document in to hashed against the sha256 that s
// recorded. It returns how many revisions it checked.
func (s *Store) verifyCopy(ctx context.Context, to *Store, copied map[string]int64) (int, error) {
	for _, t := range copyTables {
		var here, there int64
		if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+t.name).Scan(&here); err != nil {
			return 0, err
		}
		if err := to.read.QueryRowContext(ctx, "SELECT count(*) FROM "+t.name).Scan(&there); err != nil {
			return 0, err
		}
		if here != there || there != copied[t.name] {
			return 0, fmt.Errorf("%s: %d rows in the source, %d copied, %d in the target", t.name, here, copied[t.name], there)
		}
	}
	want, err := revisionDigests(ctx, s, false)
	if err != nil {
		return 0, err
	}
	got, err := revisionDigests(ctx, to, true)
	if err != nil {
		return 0, err
	}
	for key, sum := range want {
		if got[key] != sum {
			return 0, fmt.Errorf("revision %s: sha256 %s in the target, %s recorded", key, got[key], sum)
		}
	}
	if len(got) != len(want) {
		return 0, fmt.Errorf("%d revisions in the target, %d in the source", len(got), len(want))
	}
	return len(want), nil
}

// revisionDigests maps "draft/number" of every revision to its sha256: the
// one recorded, or with hash, that of its document as stored.
func revisionDigests(ctx context.Context, s *Store, hash bool) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT draft_id, number, sha256, document FROM revisions")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sums := map[string]string{}
	for rows.Next() {
		var draft, number int64
		var recorded string
		var doc []byte
		if err := rows.Scan(&draft, &number, &recorded, &doc); err != nil {
			return nil, err
		}
		key := fmt.Sprintf("%d/%d", draft, number)
		sums[key] = recorded
		if hash {
			sum := sha256.Sum256(doc)
			sums[key] = hex.EncodeToString(sum[:])
		}
	}
	return sums, rows.Err()
}
