package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestCopyCommand: a deployment's SQLite file copied into PostgreSQL with
// `manifestd copy`, which says what it moved and checked; the same people
// then sign in from PostgreSQL; a second copy into it is refused.
func TestCopyCommand(t *testing.T) {
	target := storetest.Postgres(t)
	from := filepath.Join(t.TempDir(), "deployment.db")
	const password = "a long enough passphrase"
	if r := runCommand(t, password+"\n", map[string]string{"MANIFESTD_DB": from}, "user", "add", "--email", "boss@example.com", "--role", "manager"); r.code != 0 {
		t.Fatalf("user add: %d %s", r.code, r.stderr)
	}
	ctx := context.Background()
	src, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateAccount(ctx, "42", "Acme"); err != nil {
		t.Fatal(err)
	}
	d, err := src.CreateDraft(ctx, "42", 0, store.DraftInput{Title: "Acme bot", Document: []byte(`{"client_name": "Acme bot"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Submit(ctx, "42", d.ID, d.Version, 0, []byte(`{"client_name":"Acme bot"}`), "Acme bot"); err != nil {
		t.Fatal(err)
	}
	src.Close()

	r := runCommand(t, "", nil, "copy", "-from", from, "-to", target)
	if r.code != 0 || !strings.Contains(r.stdout, "drafts          1 rows") || !strings.Contains(r.stdout, "the 1 frozen revisions have their sha256") {
		t.Fatalf("copy: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	dst, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if u, err := dst.UserByEmail(ctx, "boss@example.com"); err != nil || u.PasswordHash == nil {
		t.Errorf("the manager copied as %+v, %v", u, err)
	}
	if revs, err := dst.Revisions(ctx, "42", d.ID); err != nil || len(revs) != 1 || revs[0].ClientName != "Acme bot" {
		t.Errorf("revisions copied as %+v, %v", revs, err)
	}

	refused := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"into a database that is not empty", []string{"copy", "-from", from, "-to", target}, 1, "not empty"},
		{"without a target", []string{"copy", "-from", from}, 2, "-to"},
		{"into a file", []string{"copy", "-from", from, "-to", "other.db"}, 2, "postgres://"},
		{"from PostgreSQL", []string{"copy", "-from", target, "-to", target}, 2, "SQLite file"},
		{"from a file that is not there", []string{"copy", "-from", filepath.Join(t.TempDir(), "none.db"), "-to", target}, 2, "-from"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			r := runCommand(t, "", nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tt.code, r.stderr, tt.says)
			}
		})
	}
}
