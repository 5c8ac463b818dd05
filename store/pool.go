package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrBusy: the database stayed busy for longer than the store waits,
// because another process (a backup, the command line) holds its write lock
// or because writes queue faster than they finish. Nothing was changed;
// trying again shortly is the answer.
var ErrBusy = errors.New("the database is busy")

// pool is a *sql.DB whose statements are prepared once and kept. Every
// query text is a constant of this package (values are bound, never
// spliced in), so the cache is as small as the code. database/sql prepares a
// cached *sql.Stmt on each connection the first time it runs there and
// reuses it after, so a fixed set of connections prepares each statement a
// fixed number of times.
type pool struct {
	db  *sql.DB
	eng *engine // binds the queries and arguments
	// wait bounds each call on the writer: its wait for the one connection
	// (queued behind this process's other writes) and then for SQLite's
	// write lock, which another process may hold. Zero for readers, which
	// wait on busy_timeout alone.
	wait  time.Duration
	stmts sync.Map // query text -> *sql.Stmt
}

// stmt returns the prepared statement for query, preparing it on first use.
// It takes a connection to prepare on, so it must not be called while this
// goroutine holds the pool's only connection (inside a write transaction).
func (p *pool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := p.db.PrepareContext(ctx, p.eng.rebind(query))
	if err != nil {
		return nil, err
	}
	if prior, loaded := p.stmts.LoadOrStore(query, st); loaded {
		st.Close() // another goroutine prepared it first
		return prior.(*sql.Stmt), nil
	}
	return st, nil
}

// cached returns the statement for query if it has been prepared.
func (p *pool) cached(query string) (*sql.Stmt, bool) {
	st, ok := p.stmts.Load(query)
	if !ok {
		return nil, false
	}
	return st.(*sql.Stmt), true
}

// prepare caches the statements of queries that ran unprepared inside a
// transaction. A query that fails to prepare here fails again, with its
// error, where it runs, so the error is not kept.
func (p *pool) prepare(ctx context.Context, queries []string) {
	for _, q := range queries {
		p.stmt(ctx, q)
	}
}

// bound starts a call on the pool: on the writer, the context that ends
// the call's wait with ErrBusy as its cause.
func (p *pool) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.wait <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, p.wait, ErrBusy)
}

// ExecContext runs a statement that returns no rows.
func (p *pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, cancel := p.bound(ctx)
	defer cancel()
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, dbError(ctx, err)
	}
	res, err := st.ExecContext(ctx, p.eng.fitArgs(args)...)
	return res, dbError(ctx, err)
}

// QueryContext runs a query; close the rows when done.
func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*rows, error) {
	ctx, cancel := p.bound(ctx)
	st, err := p.stmt(ctx, query)
	if err != nil {
		cancel()
		return nil, dbError(ctx, err)
	}
	r, err := st.QueryContext(ctx, p.eng.fitArgs(args)...)
	if err != nil {
		cancel()
		return nil, dbError(ctx, err)
	}
	return &rows{Rows: r, ctx: ctx, cancel: cancel}, nil
}

// QueryRowContext runs a query for at most one row; its Scan reports the errors.
func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *row {
	ctx, cancel := p.bound(ctx)
	st, err := p.stmt(ctx, query)
	if err != nil {
		return &row{err: err, ctx: ctx, cancel: cancel}
	}
	return &row{row: st.QueryRowContext(ctx, p.eng.fitArgs(args)...), ctx: ctx, cancel: cancel}
}

// txn is a transaction whose statements come from its pool's cache.
type txn struct {
	tx   *sql.Tx
	pool *pool
	ctx  context.Context // the transaction's, which carries the writer's bound
	// unprepared are queries not yet in the cache: they run unprepared here
	// and are prepared once the transaction has let go of its connection.
	unprepared []string
}

// stmt returns the cached statement for query bound to the transaction, or
// nil when it is not cached yet.
func (t *txn) stmt(ctx context.Context, query string) *sql.Stmt {
	st, ok := t.pool.cached(query)
	if !ok {
		t.unprepared = append(t.unprepared, query)
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// ExecContext runs a statement that returns no rows.
func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	args = t.pool.eng.fitArgs(args)
	var res sql.Result
	var err error
	if st := t.stmt(ctx, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = t.tx.ExecContext(ctx, t.pool.eng.rebind(query), args...)
	}
	return res, dbError(t.ctx, err)
}

// QueryContext runs a query; close the rows when done.
func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*rows, error) {
	args = t.pool.eng.fitArgs(args)
	var r *sql.Rows
	var err error
	if st := t.stmt(ctx, query); st != nil {
		r, err = st.QueryContext(ctx, args...)
	} else {
		r, err = t.tx.QueryContext(ctx, t.pool.eng.rebind(query), args...)
	}
	if err != nil {
		return nil, dbError(t.ctx, err)
	}
	return &rows{Rows: r, ctx: t.ctx, cancel: func() {}}, nil
}

// QueryRowContext runs a query for at most one row; its Scan reports the errors.
func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *row {
	args = t.pool.eng.fitArgs(args)
	var r *sql.Row
	if st := t.stmt(ctx, query); st != nil {
		r = st.QueryRowContext(ctx, args...)
	} else {
		r = t.tx.QueryRowContext(ctx, t.pool.eng.rebind(query), args...)
	}
	return &row{row: r, ctx: t.ctx, cancel: func() {}}
}

// row is a *sql.Row whose Scan reports a busy database as ErrBusy and ends
// the call's bound.
type row struct {
	row    *sql.Row
	err    error // from preparing the statement
	ctx    context.Context
	cancel context.CancelFunc
}

func (r *row) Scan(dest ...any) error {
	defer r.cancel()
	if r.err != nil {
		return dbError(r.ctx, r.err)
	}
	return dbError(r.ctx, r.row.Scan(dest...))
}

// rows is *sql.Rows whose Err reports a busy database as ErrBusy.
type rows struct {
	*sql.Rows
	ctx    context.Context
	cancel context.CancelFunc
}

func (r *rows) Err() error { return dbError(r.ctx, r.Rows.Err()) }

func (r *rows) Close() error {
	defer r.cancel()
	return r.Rows.Close()
}

// querier is what a pool and a transaction have in common, so a read can
// run inside or outside a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *row
}

// dbError reports err as ErrBusy, still wrapping it, when the database
// answered busy (SQLite busy or locked; PostgreSQL without a lock or a
// connection to give) or when ctx, the call's, ended on the writer's bound.
func dbError(ctx context.Context, err error) error {
	if err == nil || errors.Is(err, ErrBusy) {
		return err
	}
	if sqliteBusy(err) || postgresBusy(err) || (ctx.Err() != nil && errors.Is(context.Cause(ctx), ErrBusy)) {
		return fmt.Errorf("%w: %w", ErrBusy, err)
	}
	return err
}
