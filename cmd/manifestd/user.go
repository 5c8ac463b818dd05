package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/term"
)

// runUser runs the operators' people commands: user add, user reset-password.
func runUser(ctx context.Context, args []string, env environment) error {
	if len(args) == 0 {
		return usageError("user needs a command: add or reset-password")
	}
	switch args[0] {
	case "add":
		return runUserAdd(ctx, args[1:], env)
	case "reset-password":
		return runResetPassword(ctx, args[1:], env)
	}
	return usageError("unknown user command %q: use add or reset-password", args[0])
}

func runUserAdd(ctx context.Context, args []string, env environment) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	email := fs.String("email", "", "the person's email")
	role := fs.String("role", "", "manager or customer")
	account := fs.String("account", "", "the customer's LiveEngage account id")
	dbPath := dbFlag(fs, env)
	if err := fs.Parse(args); err != nil {
		return &exitError{code: exitUsage}
	}
	switch {
	case *email == "":
		return usageError("user add needs --email")
	case *role != string(store.RoleManager) && *role != string(store.RoleCustomer):
		return usageError("--role must be manager or customer")
	case *role == string(store.RoleCustomer) && *account == "":
		return usageError("a customer needs --account, the id of an existing account")
	case *role == string(store.RoleManager) && *account != "":
		return usageError("a manager belongs to no account: drop --account")
	}
	hash, err := readNewPassword(env)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, store.User{Email: *email, Role: store.Role(*role), AccountID: *account, PasswordHash: hash})
	if err != nil {
		return describeStoreError(err, *email)
	}
	fmt.Fprintf(env.stdout, "added %s %s\n", u.Role, u.Email)
	return nil
}

func runResetPassword(ctx context.Context, args []string, env environment) error {
	fs := flag.NewFlagSet("user reset-password", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	email := fs.String("email", "", "the person's email")
	dbPath := dbFlag(fs, env)
	if err := fs.Parse(args); err != nil {
		return &exitError{code: exitUsage}
	}
	if *email == "" {
		return usageError("user reset-password needs --email")
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, *email)
	if err != nil {
		return describeStoreError(err, *email)
	}
	hash, err := readNewPassword(env)
	if err != nil {
		return err
	}
	if err := db.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "password of %s reset; their sessions have ended\n", u.Email)
	return nil
}

func dbFlag(fs *flag.FlagSet, env environment) *string {
	return fs.String("db", envOr(env, "MANIFESTD_DB", "data/manifestd.db"), "SQLite database file, or postgres:// URL")
}

func describeStoreError(err error, email string) error {
	var fe *store.FieldError
	switch {
	case errors.As(err, &fe):
		return &exitError{code: exitInvalid, msg: fe.Field + ": " + fe.Message}
	case errors.Is(err, store.ErrDuplicate):
		return &exitError{code: exitInvalid, msg: email + " exists already"}
	case errors.Is(err, store.ErrNotFound):
		return &exitError{code: exitInvalid, msg: "nobody has the email " + email}
	}
	return err
}

// readNewPassword reads a password, never from the arguments: from the
// terminal (twice, not echoed) or the first line of stdin. It returns the hash.
func readNewPassword(env environment) ([]byte, error) {
	password, err := promptPassword(env)
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(password) < 12 {
		return nil, &exitError{code: exitInvalid, msg: "the password needs at least 12 characters"}
	}
	if len(password) > 72 {
		return nil, &exitError{code: exitInvalid, msg: "the password may have at most 72 bytes"}
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

func promptPassword(env environment) (string, error) {
	if f, ok := env.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		first, err := readHidden(f, env.stderr, "Password: ")
		if err != nil {
			return "", err
		}
		again, err := readHidden(f, env.stderr, "Password again: ")
		if err != nil {
			return "", err
		}
		if first != again {
			return "", &exitError{code: exitInvalid, msg: "the two passwords differ"}
		}
		return first, nil
	}
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func readHidden(f *os.File, prompt io.Writer, label string) (string, error) {
	fmt.Fprint(prompt, label)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(prompt)
	return string(b), err
}
