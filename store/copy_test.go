package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

// seedForCopy puts a bit of everything into a store: people, sessions, a
// setting, drafts in every state with their history, revisions, comments
// and transitions, one in the trash, throttles and a turn.
func seedForCopy(t *testing.T, f *draftFixture) []Draft {
	t.Helper()
	ctx := context.Background()
	approved := f.create(t, "1", f.alice.ID, "Approved bot")
	f.submit(t, approved)
	f.approve(t, approved)
	changes := f.edit(t, f.create(t, "1", f.alice.ID, "Bot"), "Bot with changes")
	f.submit(t, changes)
	if _, err := f.s.AddComment(ctx, "1", changes.ID, 1, "/client_name", "A better name, please.", f.manager.ID); err != nil {
		t.Fatal(err)
	}
	f.requestChanges(t, changes)
	submitted := f.create(t, "2", f.bob.ID, "Waiting bot")
	f.submit(t, submitted)
	trashed := f.create(t, "2", f.bob.ID, "Old bot")
	if err := f.s.TrashDraft(ctx, "2", trashed.ID, f.bob.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.CreateSession(ctx, SessionRecord{ID: "alice's session", UserID: f.alice.ID, Data: []byte("values")}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetSetting(ctx, "session_key", []byte{0, 1, 2, 255}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ThrottleFailed(ctx, "email alice@example.com", ThrottleRule{Burst: 5, Refill: time.Minute}, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.TakeTurn(ctx, "housekeeping", f.clock.Now().Truncate(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetDisabled(ctx, f.bob.ID, true); err != nil {
		t.Fatal(err)
	}
	return []Draft{approved, changes, submitted, trashed}
}

// TestCopyToPostgres: a seeded SQLite database copied into PostgreSQL reads
// the same there, down to the bytes of documents and revisions; the copy
// then refuses to go again into the database it filled.
func TestCopyToPostgres(t *testing.T) {
	from := sqliteDB.fixture(t)
	drafts := seedForCopy(t, from)
	to, _ := postgresDB.open(t)
	to.SetClock(from.clock.Now)
	ctx := context.Background()

	report, err := from.s.CopyTo(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	if report.Revisions != 3 || report.Rows["drafts"] != 4 || report.Rows["users"] != 3 || report.Rows["comments"] != 2 {
		t.Errorf("report %+v: want 3 revisions checked, 4 drafts, 3 people, 2 comments", report)
	}
	copied := &draftFixture{s: to, clock: from.clock}
	for _, d := range drafts {
		if got, want := copied.snapshot(t, d.AccountID, d.ID), from.snapshot(t, d.AccountID, d.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("draft %d copied as\n%+v\nwant\n%+v", d.ID, got, want)
		}
		if d.DeletedAt == nil {
			if got, want := copied.history(t, d.AccountID, d.ID), from.history(t, d.AccountID, d.ID); !slices.Equal(got, want) {
				t.Errorf("history of draft %d copied as %+v, want %+v", d.ID, got, want)
			}
		}
	}
	for _, account := range []string{"", "1", "2"} {
		got, err1 := to.ListUsers(ctx, account)
		want, err2 := from.s.ListUsers(ctx, account)
		if err := errors.Join(err1, err2); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("people of account %q copied as %+v, want %+v (%v)", account, got, want, err)
		}
	}
	if rec, err := to.LoadSession(ctx, "alice's session"); err != nil || rec.User.ID != from.alice.ID || string(rec.Data) != "values" {
		t.Errorf("session copied as %+v, %v", rec, err)
	}
	if key, err := to.Setting(ctx, "session_key"); err != nil || !slices.Equal(key, []byte{0, 1, 2, 255}) {
		t.Errorf("session key copied as %v, %v", key, err)
	}
	if w, err := to.ThrottleWait(ctx, "email alice@example.com", ThrottleRule{Burst: 1, Refill: time.Minute}, from.clock.Now()); err != nil || w != time.Minute {
		t.Errorf("throttle copied as a wait of %v, %v", w, err)
	}
	// The tables are ready to serve: vacuumed and analyzed.
	var ready bool
	if err := to.read.QueryRowContext(ctx, `SELECT bool_and(last_vacuum IS NOT NULL AND last_analyze IS NOT NULL)
		FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname <> 'schema_migrations'`).Scan(&ready); err != nil || !ready {
		t.Errorf("copied tables vacuumed and analyzed: %v, %v", ready, err)
	}
	// New rows get ids after the copied ones.
	fresh, err := to.CreateDraft(ctx, "1", from.alice.ID, DraftInput{Document: []byte(`{}`)})
	if err != nil || fresh.ID <= drafts[len(drafts)-1].ID {
		t.Errorf("a draft made after the copy: id %d, %v; want one past %d", fresh.ID, err, drafts[len(drafts)-1].ID)
	}

	if _, err := from.s.CopyTo(ctx, to); !errors.Is(err, ErrTargetNotEmpty) {
		t.Errorf("a second copy into the same database: %v, want ErrTargetNotEmpty", err)
	}
}

// TestCopyTablesAreEveryTable: the copy moves every table the migrations
// make.
func TestCopyTablesAreEveryTable(t *testing.T) {
	s, _ := postgresDB.open(t)
	rows, err := s.read.QueryContext(context.Background(),
		"SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	copied := slices.Sorted(slices.Values(CopyReport{}.Tables()))
	if !slices.Equal(tables, copied) {
		t.Errorf("tables %v, copied %v: add new tables to copyTables", tables, copied)
	}
}
