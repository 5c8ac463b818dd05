package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

func TestUserAddAndResetPassword(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "people.db")
	env := map[string]string{"MANIFESTD_DB": dbPath}
	const password = "a long enough passphrase"

	r := runCommand(t, password+"\n", env, "user", "add", "--email", "Boss@Example.com", "--role", "manager")
	if r.code != 0 || !strings.Contains(r.stdout, "added manager boss@example.com") {
		t.Fatalf("add manager: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, password) {
		t.Error("the password was echoed")
	}

	refused := []struct {
		name  string
		stdin string
		args  []string
		code  int
		says  string
	}{
		{"short password", "short\n", []string{"user", "add", "--email", "x@example.com", "--role", "manager"}, 1, "12 characters"},
		{"customer without account", password, []string{"user", "add", "--email", "c@example.com", "--role", "customer"}, 2, "--account"},
		{"customer of a missing account", password, []string{"user", "add", "--email", "c@example.com", "--role", "customer", "--account", "42"}, 1, "account"},
		{"manager with account", password, []string{"user", "add", "--email", "m@example.com", "--role", "manager", "--account", "42"}, 2, "no account"},
		{"bad role", password, []string{"user", "add", "--email", "m@example.com", "--role", "admin"}, 2, "manager or customer"},
		{"same email again", password, []string{"user", "add", "--email", "boss@example.com", "--role", "manager"}, 1, "exists already"},
		{"reset unknown person", password, []string{"user", "reset-password", "--email", "nobody@example.com"}, 1, "nobody has the email"},
		{"unknown user command", "", []string{"user", "remove"}, 2, "unknown user command"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			r := runCommand(t, tt.stdin, env, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tt.code, r.stderr, tt.says)
			}
		})
	}

	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateAccount(context.Background(), "42", "Acme"); err != nil {
		t.Fatal(err)
	}
	if r := runCommand(t, password, env, "user", "add", "--email", "c@example.com", "--role", "customer", "--account", "42"); r.code != 0 {
		t.Fatalf("add customer: %d %s", r.code, r.stderr)
	}

	const newPassword = "another long passphrase"
	if r := runCommand(t, newPassword+"\r\n", env, "user", "reset-password", "--email", "c@example.com"); r.code != 0 {
		t.Fatalf("reset: %d %s", r.code, r.stderr)
	}
	u, err := db.UserByEmail(context.Background(), "c@example.com")
	if err != nil || u.Role != store.RoleCustomer || u.AccountID != "42" {
		t.Fatalf("customer: %+v %v", u, err)
	}
	if bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(newPassword)) != nil {
		t.Error("reset password does not match what was typed (CRLF kept?)")
	}
}
