package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/liveengage/manifestd/store"
)

// runCopy moves a deployment from its SQLite file into a new PostgreSQL
// database: every row, checked at the end.
func runCopy(ctx context.Context, args []string, env environment) error {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	from := fs.String("from", "", "the SQLite database file to copy")
	to := fs.String("to", "", "the postgres:// URL of an empty database to copy into")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: exitUsage}
	}
	switch {
	case *from == "" || *to == "":
		return usageError("copy needs -from FILE.db and -to postgres://...")
	case fs.NArg() > 0:
		return usageError("copy takes no arguments, got %q", fs.Args())
	case store.IsPostgres(*from):
		return usageError("-from must be a SQLite file")
	case !store.IsPostgres(*to):
		return usageError("-to must be a postgres:// URL")
	}
	if _, err := os.Stat(store.SQLitePath(*from)); err != nil {
		return usageError("-from: %v", err)
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	report, err := src.CopyTo(ctx, dst)
	if errors.Is(err, store.ErrTargetNotEmpty) {
		return &exitError{code: exitInvalid, msg: err.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "copied %s into %s:\n", *from, store.RedactSource(*to))
	for _, table := range report.Tables() {
		fmt.Fprintf(env.stdout, "  %-15s %d rows\n", table, report.Rows[table])
	}
	fmt.Fprintf(env.stdout, "checked: every table has as many rows in both; the %d frozen revisions have their sha256\n", report.Revisions)
	return nil
}
