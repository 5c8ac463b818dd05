package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store/storetest"
)

func TestBindPostgres(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"WHERE a = ? AND b = ?", "WHERE a = $1 AND b = $2"},
		{`WHERE t LIKE ? ESCAPE '\' AND u = ?`, `WHERE t LIKE $1 ESCAPE '\' AND u = $2`},
		{"WHERE t = '?' AND u = ?", "WHERE t = '?' AND u = $1"},
		{`SELECT "a?" FROM x WHERE y = ?`, `SELECT "a?" FROM x WHERE y = $1`},
		{"SELECT ? -- why?\nFROM x WHERE y = ?", "SELECT $1 -- why?\nFROM x WHERE y = $2"},
	}
	for _, tt := range tests {
		if got := bindPostgres(tt.in); got != tt.want {
			t.Errorf("bindPostgres(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactSource(t *testing.T) {
	tests := []struct{ in, want string }{
		{"data/manifestd.db", "data/manifestd.db"},
		{"postgres://app:secret@db.internal/manifestd?sslmode=require", "postgres://app:xxxxx@db.internal/manifestd?sslmode=require"},
		{"postgres://app@db.internal/manifestd", "postgres://app@db.internal/manifestd"},
	}
	for _, tt := range tests {
		if got := RedactSource(tt.in); got != tt.want {
			t.Errorf("RedactSource(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDocumentsKeptExactly: a draft's document comes back byte for byte,
// also when it is not UTF-8 or holds NUL, which PostgreSQL's text cannot.
func TestDocumentsKeptExactly(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		doc := []byte("{\"client_name\": \"Bot \xff\x00\"}")
		d, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Title: "Bot \x00", Document: doc})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Draft(ctx, "1", d.ID)
		if err != nil || !bytes.Equal(got.Document, doc) {
			t.Fatalf("document read back %q, %v; want %q", got.Document, err, doc)
		}
		saved, err := f.s.SaveDraft(ctx, "1", d.ID, d.Version, f.alice.ID, DraftInput{Title: "Bot", Document: doc[:10]})
		if err != nil || !bytes.Equal(saved.Document, doc[:10]) {
			t.Fatalf("saved %q, %v; want %q", saved.Document, err, doc[:10])
		}
	})
}

// TestListQueriesUseIndexesOnPostgres: each list query can be answered by
// reading its index in order, on PostgreSQL too. (With sequential and
// bitmap scans off, as tables of no rows would otherwise be read whole.)
func TestListQueriesUseIndexesOnPostgres(t *testing.T) {
	s, _ := postgresDB.open(t)
	ctx := context.Background()
	for _, tt := range indexedQueries() {
		if tt.query == nameTakenQuery {
			continue // over no rows, each index of approved revisions costs the same
		}
		plan, err := postgresPlan(ctx, s, tt.query, tt.args)
		if err != nil {
			t.Fatalf("plan for %.60q...: %v", tt.query, err)
		}
		if !strings.Contains(plan, tt.index) || strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "Sort") {
			t.Errorf("plan for %.60q...:\n%s\nwant index %s, in order", tt.query, plan, tt.index)
		}
	}
}

func postgresPlan(ctx context.Context, s *Store, query string, args []any) (string, error) {
	tx, err := s.write.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off"); err != nil {
		return "", err
	}
	rows, err := tx.QueryContext(ctx, "EXPLAIN (COSTS OFF) "+bindPostgres(query), args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n"), rows.Err()
}

// TestBusyRowOnPostgres: while another connection holds a draft's row (a
// long transaction, an operator's UPDATE), saves of it wait BusyTimeout and
// fail with ErrBusy, changing nothing; reads go on; once it lets go, saves
// succeed again.
func TestBusyRowOnPostgres(t *testing.T) {
	s, _ := postgresDB.openWith(t, Options{BusyTimeout: storetest.RaceSlowdown * 50 * time.Millisecond})
	ctx := context.Background()
	mustAccount(t, s, "1", "One")
	d, err := s.CreateDraft(ctx, "1", 0, DraftInput{Title: "Bot", Document: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	holder, err := s.write.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.ExecContext(ctx, "SELECT 1 FROM drafts WHERE id = $1 FOR UPDATE", d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, "1", d.ID, d.Version, 0, DraftInput{Title: "Changed", Document: []byte(`{}`)}); !errors.Is(err, ErrBusy) {
		t.Errorf("save of a row another holds: err = %v, want ErrBusy", err)
	}
	if got, err := s.Draft(ctx, "1", d.ID); err != nil || got.Title != "Bot" {
		t.Fatalf("read while another holds the row: %+v, %v; want it unchanged", got, err)
	}
	holder.Rollback()
	if _, err := s.SaveDraft(ctx, "1", d.ID, d.Version, 0, DraftInput{Title: "Changed", Document: []byte(`{}`)}); err != nil {
		t.Fatalf("save once the row is let go: %v", err)
	}
}

// TestConcurrentApprovalsOfOneName: two drafts of one client_name approved
// at the same moment, through two instances: one is approved, the other
// refused with ErrNameTaken. (SQLite takes one writer at a time; on
// PostgreSQL, SERIALIZABLE makes the second approval see the first.)
func TestConcurrentApprovalsOfOneName(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		a, b, c := db.twoInstances(t)
		f := newFixtureIn(t, a, c)
		ctx := context.Background()
		for round := range 5 {
			name := fmt.Sprintf("Same bot %d", round)
			first, second := f.create(t, "1", f.alice.ID, name), f.create(t, "2", f.bob.ID, name)
			f.submit(t, first)
			f.submit(t, second)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, job := range []struct {
				s *Store
				d Draft
			}{{a, first}, {b, second}} {
				wg.Go(func() { _, errs[i] = job.s.Approve(ctx, job.d.ID, 1, f.manager.ID) })
			}
			wg.Wait()
			approved, taken := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					approved++
				case errors.Is(err, ErrNameTaken):
					taken++
				default:
					t.Fatalf("round %d: approve: %v", round, err)
				}
			}
			if approved != 1 || taken != 1 {
				t.Fatalf("round %d: %d approved and %d refused as taken, want one of each (%v)", round, approved, taken, errs)
			}
		}
	})
}
