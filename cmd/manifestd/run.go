package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// environment is what a command may use of the process: tests give their own.
type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Exit codes shared by every subcommand.
const (
	exitOK      = 0
	exitInvalid = 1 // a manifest has errors, or a file was not rewritten
	exitUsage   = 2 // wrong arguments, or a file could not be read
)

// exitError carries an exit code; its message, if any, has been printed already
// unless msg is set.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// exitCode maps run's error to the process exit code, printing what it says.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "manifestd:", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "manifestd:", err)
	return exitInvalid
}

// run dispatches to a subcommand; serve is the default.
func run(ctx context.Context, args []string, env environment) error {
	if len(args) == 0 {
		return runServe(ctx, nil, env)
	}
	name, rest := args[0], args[1:]
	switch name {
	case "serve":
		return runServe(ctx, rest, env)
	case "validate":
		return runValidate(rest, env)
	case "fmt":
		return runFmt(rest, env)
	case "schema":
		return runSchema(rest, env)
	case "user":
		return runUser(ctx, rest, env)
	case "copy":
		return runCopy(ctx, rest, env)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(env.stdout, usage)
		return nil
	}
	if len(name) > 0 && name[0] == '-' {
		return runServe(ctx, args, env)
	}
	return usageError("unknown command %q; run 'manifestd help'", name)
}

const usage = `manifestd: edit, review and validate LiveEngage app manifests.

Usage:
  manifestd [serve] [flags]                   serve the web app (the default)
  manifestd validate [--format text|json] FILE...
                                              check manifest files ('-' reads stdin)
  manifestd fmt [-w] FILE...                  print (or with -w rewrite) the canonical form
  manifestd schema                            print the manifest's JSON Schema
  manifestd user add --email E --role manager|customer [--account ID] [-db DB]
                                              add a person; the password is read from
                                              the terminal, or the first line of stdin
  manifestd user reset-password --email E [-db DB]
                                              set a new password; their sessions end
  manifestd copy -from FILE.db -to postgres://...
                                              copy a deployment into a new, empty
                                              PostgreSQL database, and check it
  manifestd help                              show this text

Serve flags (each also read from the environment variable shown):
  -addr ADDRESS      listen address (MANIFESTD_ADDR, default localhost:8080)
  -db DB             SQLite database file, or postgres://user@host/dbname URL
                     (MANIFESTD_DB, default data/manifestd.db)
  -log-level LEVEL   debug, info, warn or error (MANIFESTD_LOG_LEVEL, default info)
  -session-idle D    sign out after this long without a request (MANIFESTD_SESSION_IDLE, default 2h)
  -session-max D     sign out this long after signing in (MANIFESTD_SESSION_MAX, default 24h)
  -behind-tls        served over https by a proxy: Secure cookies, https links (MANIFESTD_BEHIND_TLS)
  -memory-limit SIZE soft limit on the Go runtime's memory, such as 512MiB, or off
                     (MANIFESTD_MEMORY_LIMIT, default 40MiB unless GOMEMLIMIT is set)
  MANIFESTD_SESSION_KEY  64 bytes, base64: the session cookie key; made and kept in the
                     database when unset

validate exits 0 when every file is valid (warnings allowed), 1 when any file has
an error, and 2 when a file cannot be read or the arguments are wrong.
`
