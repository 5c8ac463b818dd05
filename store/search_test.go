package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// searchTitles is the titles a search of account 1 finds, newest first.
func (f *draftFixture) searchTitles(t *testing.T, search string) []string {
	t.Helper()
	p, err := f.s.ListDrafts(context.Background(), "1", DraftQuery{Search: search, PageQuery: PageQuery{PerPage: maxPerPage}})
	if err != nil {
		t.Fatalf("search %q: %v", search, err)
	}
	titles := []string{}
	for _, d := range p.Items {
		titles = append(titles, d.Title)
	}
	return titles
}

// TestSearchFindsSubstrings: a search finds every title that contains it,
// in any case, wherever in the title; what people type that FTS5 would read
// as syntax is searched for as it is.
func TestSearchFindsSubstrings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		for _, title := range []string{
			"Acme support bot", "ACME Billing", "Übersetzer für Ärzte", `Say "hello" bot`, "C*star", "NEAR the edge",
			"one-two-three", "Rock AND roll", "Bots (beta)", "日本語のボット", "emoji 🤖 bot", "Ab",
		} {
			f.create(t, "1", f.alice.ID, title)
		}
		f.create(t, "2", f.bob.ID, "Acme of another account")
		tests := []struct {
			search string
			want   []string // newest first
		}{
			{"acme", []string{"ACME Billing", "Acme support bot"}},
			{"ppor", []string{"Acme support bot"}},
			{"  BILL ", []string{"ACME Billing"}},
			{"ärzte", []string{"Übersetzer für Ärzte"}},
			{"ÜBER", []string{"Übersetzer für Ärzte"}},
			{"für Ä", []string{"Übersetzer für Ärzte"}},
			{`"hello"`, []string{`Say "hello" bot`}},
			{`"hel`, []string{`Say "hello" bot`}},
			{`lo" b`, []string{`Say "hello" bot`}},
			{`"`, []string{`Say "hello" bot`}},
			{`""`, []string{}},
			{"*st", []string{"C*star"}},
			{"C*", []string{"C*star"}},
			{"sta*", []string{}},
			{"NEAR", []string{"NEAR the edge"}},
			{"NEAR(edge)", []string{}},
			{"near the", []string{"NEAR the edge"}},
			{"-two", []string{"one-two-three"}},
			{"-", []string{"one-two-three"}},
			{"two -three", []string{}},
			{"AND", []string{"Rock AND roll"}},
			{"rock AND roll", []string{"Rock AND roll"}},
			{"rock OR jazz", []string{}},
			{"s (b", []string{"Bots (beta)"}},
			{"^bo", []string{}},
			{"ボット", []string{"日本語のボット"}},
			{"本語", []string{"日本語のボット"}},
			{"🤖 b", []string{"emoji 🤖 bot"}},
			{"🤖", []string{"emoji 🤖 bot"}},
			{"ab", []string{"Ab"}},
			{"zzz", []string{}},
		}
		for _, tt := range tests {
			if got := f.searchTitles(t, tt.search); !slices.Equal(got, tt.want) {
				t.Errorf("search %q: %q, want %q", tt.search, got, tt.want)
			}
		}
	})
}

// TestSearchFollowsTheTitle: the index follows what a draft is called now:
// renamed, duplicated, trashed, restored and purged.
func TestSearchFollowsTheTitle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Original name")
		if _, err := f.s.SaveDraft(ctx, "1", d.ID, d.Version, f.alice.ID, DraftInput{Title: "Renamed bot", Document: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		if got := f.searchTitles(t, "original"); len(got) != 0 {
			t.Errorf("the old title is still found: %q", got)
		}
		if got := f.searchTitles(t, "renamed"); !slices.Equal(got, []string{"Renamed bot"}) {
			t.Errorf("the new title: %q", got)
		}
		if _, err := f.s.DuplicateDraft(ctx, "1", d.ID, f.alice.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got := f.searchTitles(t, "renamed"); !slices.Equal(got, []string{"Copy of Renamed bot", "Renamed bot"}) {
			t.Errorf("after duplicating: %q", got)
		}
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.searchTitles(t, "renamed"); !slices.Equal(got, []string{"Copy of Renamed bot"}) {
			t.Errorf("after trashing the original: %q", got)
		}
		if _, err := f.s.RestoreDraft(ctx, "1", d.ID, f.alice.ID, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if got := f.searchTitles(t, "renamed"); len(got) != 2 {
			t.Errorf("after restoring: %q", got)
		}
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(TrashRetention + 1)
		if _, err := f.s.PurgeTrash(ctx, f.clock.Now().Add(-TrashRetention)); err != nil {
			t.Fatal(err)
		}
		if db.engine != "sqlite" {
			return // PostgreSQL's index is of the drafts table itself
		}
		var indexed int
		if err := f.s.read.QueryRowContext(ctx, `SELECT count(*) FROM drafts_search WHERE drafts_search MATCH '"renamed"'`).Scan(&indexed); err != nil {
			t.Fatal(err)
		}
		if indexed != 1 {
			t.Errorf("after purging, SQLite's index holds %d drafts named so, want 1", indexed)
		}
	})
}

// TestSearchIndexOfExistingDrafts: SQLite's migration that adds the index
// fills it with the drafts already there.
func TestSearchIndexOfExistingDrafts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustAccount(t, s, "1", "One")
	if _, err := s.CreateDraft(ctx, "1", 0, DraftInput{Title: "Made before search", Document: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	// Back to the database as it was before the migration.
	for _, undo := range []string{"DROP TABLE drafts_search", "DROP TRIGGER drafts_search_insert", "DROP TRIGGER drafts_search_delete",
		"DROP TRIGGER drafts_search_update", "DELETE FROM schema_migrations WHERE name = '0009_draft_search'"} {
		if _, err := s.write.ExecContext(ctx, undo); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.ListDrafts(ctx, "1", DraftQuery{Search: "before"})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("search after the migration: %+v, %v; want the draft made before it", p.Items, err)
	}
}

// TestSearchWithManyMatches: a search that matches more titles than the
// index counts pages through all of them, and no others.
func TestSearchWithManyMatches(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		var want []int64
		for i := range fewMatches + 10 {
			d := f.create(t, "1", f.alice.ID, fmt.Sprintf("Many bots %d", i))
			want = append([]int64{d.ID}, want...)
			f.create(t, "1", f.alice.ID, fmt.Sprintf("Other %d", i))
		}
		walkPages(t, maxPerPage, func(q PageQuery) (Page[DraftSummary], error) {
			return f.s.ListDrafts(context.Background(), "1", DraftQuery{Search: "MANY BOT", PageQuery: q})
		}, func(d DraftSummary) int64 { return d.ID }, want)
	})
}
