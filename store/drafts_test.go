package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// draftFixture is two accounts, each with a customer, and a manager.
type draftFixture struct {
	s          *Store
	clock      *clock
	manager    User
	alice, bob User // customers of accounts "1" and "2"
}

func newDraftFixture(t testing.TB) *draftFixture {
	return sqliteDB.fixture(t)
}

// fixture is newDraftFixture in a fresh database of db's engine.
func (db testDB) fixture(t testing.TB) *draftFixture {
	t.Helper()
	s, c := db.open(t)
	return newFixtureIn(t, s, c)
}

// newFixtureIn is newDraftFixture in a store of the caller's.
func newFixtureIn(t testing.TB, s *Store, c *clock) *draftFixture {
	t.Helper()
	mustAccount(t, s, "1", "One")
	mustAccount(t, s, "2", "Two")
	return &draftFixture{
		s: s, clock: c,
		manager: mustUser(t, s, User{Email: "m@example.com", Role: RoleManager}),
		alice:   mustUser(t, s, User{Email: "alice@example.com", Role: RoleCustomer, AccountID: "1"}),
		bob:     mustUser(t, s, User{Email: "bob@example.com", Role: RoleCustomer, AccountID: "2"}),
	}
}

func (f *draftFixture) create(t testing.TB, account string, by int64, title string) Draft {
	t.Helper()
	d, err := f.s.CreateDraft(context.Background(), account, by, DraftInput{
		Title: title, Document: []byte(`{"client_name":` + fmt.Sprintf("%q", title) + `}`)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCreateDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		in := DraftInput{Title: "Bot", Document: []byte(`{"client_name": "Bot", "max_retries": "abc"`), Errors: 2, Warnings: 1}
		d, err := f.s.CreateDraft(ctx, "1", f.alice.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		now := f.clock.Now()
		if d.ID == 0 || d.AccountID != "1" || d.Title != "Bot" || !bytes.Equal(d.Document, in.Document) ||
			d.Version != 1 || d.Errors != 2 || d.Warnings != 1 ||
			d.CreatedBy != f.alice.ID || d.UpdatedBy != f.alice.ID ||
			d.CreatedByEmail != "alice@example.com" || d.UpdatedByEmail != "alice@example.com" ||
			!d.CreatedAt.Equal(now) || !d.UpdatedAt.Equal(now) || d.DeletedAt != nil ||
			d.State != StateDraft || d.LatestRevision != 0 || d.Approved {
			t.Fatalf("created %+v", d)
		}
		got, err := f.s.Draft(ctx, "1", d.ID)
		if err != nil || !sameDraft(got, d) {
			t.Fatalf("Draft = %+v, %v; want %+v", got, err, d)
		}

		if _, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Document: make([]byte, MaxDocumentSize+1)}); err == nil {
			t.Fatal("oversized document accepted")
		} else {
			wantFieldError(t, err, "document")
		}
		if _, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Errors: -1}); err == nil {
			t.Fatal("negative count accepted")
		}
		if _, err := f.s.CreateDraft(ctx, "404", f.alice.ID, DraftInput{}); err == nil {
			t.Fatal("draft for a missing account accepted")
		}
	})
}

func sameDraft(a, b Draft) bool {
	return a.ID == b.ID && a.AccountID == b.AccountID && a.Title == b.Title && bytes.Equal(a.Document, b.Document) &&
		a.Version == b.Version && a.Errors == b.Errors && a.Warnings == b.Warnings &&
		a.CreatedBy == b.CreatedBy && a.UpdatedBy == b.UpdatedBy &&
		a.CreatedByEmail == b.CreatedByEmail && a.UpdatedByEmail == b.UpdatedByEmail &&
		a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt) &&
		(a.DeletedAt == nil) == (b.DeletedAt == nil) && (a.DeletedAt == nil || a.DeletedAt.Equal(*b.DeletedAt)) &&
		a.State == b.State && a.LatestRevision == b.LatestRevision && a.Approved == b.Approved
}

func TestDraftTitles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		long := strings.Repeat("ü", MaxTitleLen+5)
		tests := []struct{ in, want string }{
			{"My bot", "My bot"},
			{"  padded \n", "padded"},
			{"", DefaultTitle},
			{"   ", DefaultTitle},
			{long, long[:MaxTitleLen*len("ü")]},
			{"bad \xff byte", "bad \uFFFD byte"},
		}
		for _, tt := range tests {
			t.Run(tt.in, func(t *testing.T) {
				d := f.create(t, "1", f.alice.ID, tt.in)
				if d.Title != tt.want {
					t.Fatalf("title %q, want %q", d.Title, tt.want)
				}
			})
		}
	})
}

func TestSaveDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")

		f.clock.Advance(time.Minute)
		in := DraftInput{Title: "Bot 2", Document: []byte(`{"client_name":"Bot 2"}`), Errors: 0, Warnings: 3}
		saved, err := f.s.SaveDraft(ctx, "1", d.ID, 1, f.manager.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Version != 2 || saved.Title != "Bot 2" || string(saved.Document) != string(in.Document) || saved.Warnings != 3 ||
			saved.UpdatedBy != f.manager.ID || saved.UpdatedByEmail != "m@example.com" || saved.CreatedBy != f.alice.ID ||
			!saved.UpdatedAt.Equal(f.clock.Now()) || !saved.CreatedAt.Equal(d.CreatedAt) {
			t.Fatalf("saved %+v", saved)
		}
		if got, _ := f.s.Draft(ctx, "1", d.ID); !sameDraft(got, saved) {
			t.Fatalf("Draft after save = %+v, want %+v", got, saved)
		}

		// The stale version loses and changes nothing.
		if _, err := f.s.SaveDraft(ctx, "1", d.ID, 1, f.alice.ID, DraftInput{Title: "stale"}); !errors.Is(err, ErrConflict) {
			t.Fatalf("stale save: err = %v, want ErrConflict", err)
		}
		if _, err := f.s.SaveDraft(ctx, "1", d.ID, 3, f.alice.ID, DraftInput{Title: "future"}); !errors.Is(err, ErrConflict) {
			t.Fatalf("future version: err = %v, want ErrConflict", err)
		}
		if got, _ := f.s.Draft(ctx, "1", d.ID); !sameDraft(got, saved) {
			t.Fatalf("a losing save changed the draft: %+v", got)
		}

		if _, err := f.s.SaveDraft(ctx, "1", d.ID+100, 1, f.alice.ID, in); !errors.Is(err, ErrNotFound) {
			t.Fatalf("missing draft: err = %v, want ErrNotFound", err)
		}
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveDraft(ctx, "1", d.ID, 2, f.alice.ID, in); !errors.Is(err, ErrNotFound) {
			t.Fatalf("trashed draft: err = %v, want ErrNotFound", err)
		}
		if _, err := f.s.SaveDraft(ctx, "1", d.ID, 2, f.alice.ID, DraftInput{Document: make([]byte, MaxDocumentSize+1)}); err == nil {
			t.Fatal("oversized document accepted")
		}
	})
}

func TestSaveDraftRace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		const n = 8
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = f.s.SaveDraft(ctx, "1", d.ID, d.Version, f.alice.ID,
					DraftInput{Title: fmt.Sprint("saver ", i), Document: []byte("{}")})
			})
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner == -1:
				winner = i
			case err == nil:
				t.Errorf("savers %d and %d both won", winner, i)
			case !errors.Is(err, ErrConflict):
				t.Errorf("saver %d: err = %v, want ErrConflict", i, err)
			}
		}
		got, _ := f.s.Draft(ctx, "1", d.ID)
		if winner == -1 || got.Version != 2 || got.Title != fmt.Sprint("saver ", winner) {
			t.Fatalf("winner %d, draft %+v; want version 2 with the winner's title", winner, got)
		}
	})
}

// TestDraftsStayInTheirAccount: naming another account's draft is the
// same as naming none, for every operation, and changes nothing.
func TestDraftsStayInTheirAccount(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		theirs := f.create(t, "2", f.bob.ID, "Bob's")
		trashed := f.create(t, "2", f.bob.ID, "Bob's trashed")
		if err := f.s.TrashDraft(ctx, "2", trashed.ID, f.bob.ID); err != nil {
			t.Fatal(err)
		}
		now := f.clock.Now()
		tests := []struct {
			name string
			op   func() error
		}{
			{"Draft", func() error { _, err := f.s.Draft(ctx, "1", theirs.ID); return err }},
			{"SaveDraft", func() error {
				_, err := f.s.SaveDraft(ctx, "1", theirs.ID, theirs.Version, f.alice.ID, DraftInput{Title: "mine now"})
				return err
			}},
			{"DuplicateDraft", func() error { _, err := f.s.DuplicateDraft(ctx, "1", theirs.ID, f.alice.ID, ""); return err }},
			{"TrashDraft", func() error { return f.s.TrashDraft(ctx, "1", theirs.ID, f.alice.ID) }},
			{"RestoreDraft", func() error { _, err := f.s.RestoreDraft(ctx, "1", trashed.ID, f.alice.ID, now); return err }},
			{"Draft of missing account", func() error { _, err := f.s.Draft(ctx, "404", theirs.ID); return err }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.op(); !errors.Is(err, ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
			})
		}
		if got, err := f.s.Draft(ctx, "2", theirs.ID); err != nil || !sameDraft(got, theirs) {
			t.Fatalf("Bob's draft changed: %+v, %v", got, err)
		}
		if trash, _ := f.s.ListTrash(ctx, "2", now); len(trash) != 1 || trash[0].ID != trashed.ID {
			t.Fatalf("Bob's trash changed: %+v", trash)
		}
		for _, account := range []string{"1", "2"} {
			page, _ := f.s.ListDrafts(ctx, account, DraftQuery{})
			want := map[string]int{"1": 0, "2": 1}[account]
			if len(page.Items) != want {
				t.Fatalf("account %s lists %d drafts, want %d", account, len(page.Items), want)
			}
		}
		if trash, _ := f.s.ListTrash(ctx, "1", now); len(trash) != 0 {
			t.Fatalf("account 1 sees trash %+v", trash)
		}
	})
}

func TestListDrafts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		titles := []string{"Alpha bot", "beta BOT", "Gamma", "100% done", "under_score", `back\slash`, "Ärger Bot", "ärgerlich"}
		var ids []int64
		for _, title := range titles {
			ids = append(ids, f.create(t, "1", f.alice.ID, title).ID)
			f.clock.Advance(time.Second)
		}
		f.create(t, "2", f.bob.ID, "Alpha bot of another account")
		trashed := f.create(t, "1", f.alice.ID, "Alpha trashed")
		if err := f.s.TrashDraft(ctx, "1", trashed.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		// Saving the oldest makes it the newest.
		if _, err := f.s.SaveDraft(ctx, "1", ids[0], 1, f.alice.ID, DraftInput{Title: "Alpha bot"}); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name string
			q    DraftQuery
			want []string
		}{
			{name: "all, newest first", q: DraftQuery{},
				want: []string{"Alpha bot", "ärgerlich", "Ärger Bot", `back\slash`, "under_score", "100% done", "Gamma", "beta BOT"}},
			{name: "search any case", q: DraftQuery{Search: "bot"}, want: []string{"Alpha bot", "Ärger Bot", "beta BOT"}},
			{name: "search beyond ASCII", q: DraftQuery{Search: " ÄRGER "}, want: []string{"ärgerlich", "Ärger Bot"}},
			{name: "percent is literal", q: DraftQuery{Search: "%"}, want: []string{"100% done"}},
			{name: "underscore is literal", q: DraftQuery{Search: "_"}, want: []string{"under_score"}},
			{name: "backslash is literal", q: DraftQuery{Search: `\`}, want: []string{`back\slash`}},
			{name: "no match", q: DraftQuery{Search: "zzz"}, want: nil},
			{name: "trashed not found", q: DraftQuery{Search: "trashed"}, want: nil},
			{name: "a page", q: DraftQuery{PageQuery: PageQuery{PerPage: 3}}, want: []string{"Alpha bot", "ärgerlich", "Ärger Bot"}},
			{name: "a page of a search", q: DraftQuery{Search: "bot", PageQuery: PageQuery{PerPage: 2}}, want: []string{"Alpha bot", "Ärger Bot"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := f.s.ListDrafts(ctx, "1", tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if p.Items == nil || p.Prev != "" {
					t.Fatalf("first page: items %v, prev %q", p.Items, p.Prev)
				}
				var got []string
				for _, d := range p.Items {
					got = append(got, d.Title)
					if d.UpdatedByEmail != "alice@example.com" || d.State != StateDraft || d.UpdatedAt.IsZero() {
						t.Fatalf("listed %+v", d)
					}
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Fatalf("got %q, want %q", got, tt.want)
				}
			})
		}
	})
}

// TestListDraftsPages walks the pages forwards and back, with drafts that
// share their updated time across page boundaries: each draft shows once,
// in order, and the pages back are the pages forward.
func TestListDraftsPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		var want []int64 // newest first: later time first, then higher id
		for i := range 23 {
			d := f.create(t, "1", f.alice.ID, fmt.Sprintf("Bot %d", i))
			want = append([]int64{d.ID}, want...)
			if i%5 == 4 {
				f.clock.Advance(time.Millisecond) // runs of five drafts share a time
			}
		}
		for _, search := range []string{"", "bot"} {
			t.Run("search "+search, func(t *testing.T) {
				pages := walkPages(t, 4, func(q PageQuery) (Page[DraftSummary], error) {
					return f.s.ListDrafts(ctx, "1", DraftQuery{Search: search, PageQuery: q})
				}, func(d DraftSummary) int64 { return d.ID }, want)
				if len(pages) != 6 || len(pages[5]) != 3 {
					t.Fatalf("pages %v, want 5 of 4 and one of 3", pages)
				}
			})
		}

		t.Run("a save between pages", func(t *testing.T) {
			first, err := f.s.ListDrafts(ctx, "1", DraftQuery{PageQuery: PageQuery{PerPage: 4}})
			if err != nil {
				t.Fatal(err)
			}
			// The oldest draft is saved and moves to the top; the next page
			// goes on from where the first ended, neither repeating nor skipping.
			oldest := want[len(want)-1]
			f.clock.Advance(time.Second)
			if _, err := f.s.SaveDraft(ctx, "1", oldest, 1, f.alice.ID, DraftInput{Title: "Bot 0"}); err != nil {
				t.Fatal(err)
			}
			second, err := f.s.ListDrafts(ctx, "1", DraftQuery{PageQuery: PageQuery{After: first.Next, PerPage: 4}})
			if err != nil {
				t.Fatal(err)
			}
			if got := draftIDs(second.Items); !slices.Equal(got, want[4:8]) {
				t.Fatalf("second page after a save: %v, want %v", got, want[4:8])
			}
			// Going back shows the four before it, then, with only the saved
			// draft left before those, the first page as it is now.
			back, err := f.s.ListDrafts(ctx, "1", DraftQuery{PageQuery: PageQuery{Before: second.Prev, PerPage: 4}})
			if err != nil {
				t.Fatal(err)
			}
			if got := draftIDs(back.Items); !slices.Equal(got, want[:4]) || back.Prev == "" {
				t.Fatalf("back from the second page: %v (prev %q), want %v", got, back.Prev, want[:4])
			}
			top, err := f.s.ListDrafts(ctx, "1", DraftQuery{PageQuery: PageQuery{Before: back.Prev, PerPage: 4}})
			if err != nil {
				t.Fatal(err)
			}
			if got := draftIDs(top.Items); !slices.Equal(got, append([]int64{oldest}, want[:3]...)) || top.Prev != "" {
				t.Fatalf("back to the top: %v (prev %q), want %v first", got, top.Prev, oldest)
			}
		})

		t.Run("past the end, and made-up cursors", func(t *testing.T) {
			p, err := f.s.ListDrafts(ctx, "1", DraftQuery{PageQuery: PageQuery{After: "2000-01-01T00:00:00.000000000Z_1"}})
			if err != nil || len(p.Items) != 0 || p.Next != "" || p.Prev == "" {
				t.Fatalf("past the end: %+v, %v; want no drafts and a way back", p, err)
			}
			for _, c := range []string{"x", "2025-01-01_1", "2025-03-14T09:26:53.589793238Z_", "_5", "2025-03-14T09:26:53.589793238Z_1 OR 1=1"} {
				if _, err := f.s.ListDrafts(ctx, "1", DraftQuery{PageQuery: PageQuery{After: c}}); !errors.Is(err, ErrNotFound) {
					t.Errorf("cursor %q: err = %v, want ErrNotFound", c, err)
				}
			}
		})
	})
}

// walkPages reads a list a page at a time, forwards by each page's Next,
// then back from the last page by each one's Prev. The pages forward must
// hold the list's ids, want, each once and in order; the pages back must be
// the pages forward. It answers the ids of each page.
func walkPages[T any](t *testing.T, perPage int, list func(PageQuery) (Page[T], error), id func(T) int64, want []int64) [][]int64 {
	t.Helper()
	ids := func(items []T) []int64 {
		out := []int64{}
		for _, item := range items {
			out = append(out, id(item))
		}
		return out
	}
	var forward [][]int64
	var prevs []string
	q := PageQuery{PerPage: perPage}
	for len(forward) <= len(want) {
		p, err := list(q)
		if err != nil {
			t.Fatal(err)
		}
		if (len(forward) == 0) != (p.Prev == "") {
			t.Fatalf("page %d: prev %q", len(forward)+1, p.Prev)
		}
		forward, prevs = append(forward, ids(p.Items)), append(prevs, p.Prev)
		if p.Next == "" {
			break
		}
		q.After = p.Next
	}
	if got := slices.Concat(forward...); !slices.Equal(got, want) {
		t.Fatalf("pages forward %v, want %v", forward, want)
	}
	for i := len(forward) - 1; i > 0; i-- {
		p, err := list(PageQuery{Before: prevs[i], PerPage: perPage})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(p.Items); !slices.Equal(got, forward[i-1]) || p.Next == "" || (i == 1) != (p.Prev == "") {
			t.Fatalf("page %d going back: %v (prev %q, next %q), want %v", i, got, p.Prev, p.Next, forward[i-1])
		}
	}
	return forward
}

func draftIDs(list []DraftSummary) []int64 {
	ids := []int64{}
	for _, d := range list {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestListDraftsTiesByID(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		a := f.create(t, "1", f.alice.ID, "a")
		b := f.create(t, "1", f.alice.ID, "b") // same clock: same updated_at
		p, err := f.s.ListDrafts(context.Background(), "1", DraftQuery{})
		if err != nil || !slices.Equal(draftIDs(p.Items), []int64{b.ID, a.ID}) {
			t.Fatalf("got %+v, %v; want the higher id first", p.Items, err)
		}
	})
}

func TestDuplicateDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		src, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Title: "Bot", Document: []byte(`{"x":1}`), Errors: 4, Warnings: 2})
		if err != nil {
			t.Fatal(err)
		}
		src, err = f.s.SaveDraft(ctx, "1", src.ID, 1, f.alice.ID, DraftInput{Title: "Bot", Document: []byte(`{"x":2}`), Errors: 3, Warnings: 2})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		tests := []struct{ title, want string }{
			{"", "Copy of Bot"},
			{"  ", "Copy of Bot"},
			{"My copy", "My copy"},
		}
		for _, tt := range tests {
			t.Run(tt.want, func(t *testing.T) {
				d, err := f.s.DuplicateDraft(ctx, "1", src.ID, f.manager.ID, tt.title)
				if err != nil {
					t.Fatal(err)
				}
				if d.ID == src.ID || d.Title != tt.want || string(d.Document) != `{"x":2}` || d.Version != 1 ||
					d.Errors != 3 || d.Warnings != 2 || d.CreatedBy != f.manager.ID || d.UpdatedBy != f.manager.ID ||
					!d.CreatedAt.Equal(f.clock.Now()) || d.AccountID != "1" {
					t.Fatalf("duplicate %+v", d)
				}
			})
		}
		if got, _ := f.s.Draft(ctx, "1", src.ID); !sameDraft(got, src) {
			t.Fatal("duplicating changed the original")
		}
		if err := f.s.TrashDraft(ctx, "1", src.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.DuplicateDraft(ctx, "1", src.ID, f.alice.ID, ""); !errors.Is(err, ErrNotFound) {
			t.Fatalf("duplicating a trashed draft: err = %v, want ErrNotFound", err)
		}
	})
}

func TestTrashAndRestore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")

		f.clock.Advance(time.Hour)
		trashedAt := f.clock.Now()
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.manager.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.manager.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("trashing twice: err = %v, want ErrNotFound", err)
		}
		if err := f.s.TrashDraft(ctx, "1", d.ID+100, f.manager.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("trashing a missing draft: err = %v, want ErrNotFound", err)
		}
		if _, err := f.s.Draft(ctx, "1", d.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("trashed draft loads: %v", err)
		}
		if p, _ := f.s.ListDrafts(ctx, "1", DraftQuery{}); len(p.Items) != 0 {
			t.Fatalf("trashed draft listed: %+v", p)
		}
		trash, err := f.s.ListTrash(ctx, "1", f.clock.Now())
		if err != nil || len(trash) != 1 {
			t.Fatalf("ListTrash = %+v, %v", trash, err)
		}
		if got := trash[0]; got.ID != d.ID || got.DeletedAt == nil || !got.DeletedAt.Equal(trashedAt) ||
			got.DeletedBy != f.manager.ID || got.DeletedByEmail != "m@example.com" {
			t.Fatalf("in trash: %+v", got)
		}

		// Restoring works until TrashRetention has passed.
		tests := []struct {
			name  string
			after time.Duration
			ok    bool
		}{
			{"after 31 days", 31 * 24 * time.Hour, false},
			{"just after 30 days", TrashRetention + time.Nanosecond, false},
			{"at 30 days", TrashRetention, true},
			{"a day later", 24 * time.Hour, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				now := trashedAt.Add(tt.after)
				trash, _ := f.s.ListTrash(ctx, "1", now)
				if (len(trash) == 1) != tt.ok {
					t.Fatalf("ListTrash at %v = %+v", tt.after, trash)
				}
				got, err := f.s.RestoreDraft(ctx, "1", d.ID, f.alice.ID, now)
				if !tt.ok {
					if !errors.Is(err, ErrNotFound) {
						t.Fatalf("err = %v, want ErrNotFound", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.DeletedAt != nil || got.Version != d.Version || string(got.Document) != string(d.Document) ||
					got.UpdatedBy != f.alice.ID || !got.UpdatedAt.Equal(now) {
					t.Fatalf("restored %+v", got)
				}
				if err := f.s.TrashDraft(ctx, "1", d.ID, f.manager.ID); err != nil { // for the next case
					t.Fatal(err)
				}
				trashedAt = f.clock.Now()
			})
		}
		if _, err := f.s.RestoreDraft(ctx, "1", f.create(t, "1", f.alice.ID, "live").ID, f.alice.ID, f.clock.Now()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("restoring a live draft: err = %v, want ErrNotFound", err)
		}
	})
}

func TestListTrashOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		var want []int64
		for range 3 {
			d := f.create(t, "1", f.alice.ID, "d")
			if err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID); err != nil {
				t.Fatal(err)
			}
			want = append([]int64{d.ID}, want...)
			f.clock.Advance(time.Minute)
		}
		trash, err := f.s.ListTrash(ctx, "1", f.clock.Now())
		if err != nil || len(trash) != 3 {
			t.Fatalf("ListTrash = %+v, %v", trash, err)
		}
		for i := range want {
			if trash[i].ID != want[i] {
				t.Fatalf("order %v, want newest deleted first %v", trash, want)
			}
		}
	})
}

func TestPurgeTrash(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		old := f.create(t, "1", f.alice.ID, "old")
		f.s.TrashDraft(ctx, "1", old.ID, f.alice.ID)
		otherOld := f.create(t, "2", f.bob.ID, "other old")
		f.s.TrashDraft(ctx, "2", otherOld.ID, f.bob.ID)
		f.clock.Advance(20 * 24 * time.Hour)
		recent := f.create(t, "1", f.alice.ID, "recent")
		f.s.TrashDraft(ctx, "1", recent.ID, f.alice.ID)
		live := f.create(t, "1", f.alice.ID, "live")

		f.clock.Advance(15 * 24 * time.Hour)
		n, err := f.s.PurgeTrash(ctx, f.clock.Now().Add(-TrashRetention))
		if err != nil || n != 2 {
			t.Fatalf("purged %d, %v; want 2", n, err)
		}
		var left []int64
		rows, _ := f.s.read.QueryContext(ctx, "SELECT id FROM drafts ORDER BY id")
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			left = append(left, id)
		}
		rows.Close()
		if fmt.Sprint(left) != fmt.Sprint([]int64{recent.ID, live.ID}) {
			t.Fatalf("left %v, want %v", left, []int64{recent.ID, live.ID})
		}
	})
}

// indexedQueries are the list queries, each with arguments to plan it with
// and the index it must read in order, without sorting, on either engine.
func indexedQueries() []indexedQuery {
	return []indexedQuery{
		{draftsByUpdate.rangeQuery(draftListSelect+liveInAccount, false, false), []any{"1", 21}, "drafts_live"},
		{draftsByUpdate.rangeQuery(draftListSelect+liveInAccount, true, false), []any{"1", "2025", 5, 21}, "drafts_live"},
		{draftsByUpdate.rangeQuery(draftListSelect+liveInAccount, true, true), []any{"1", "2025", 5, 21}, "drafts_live"},
		{reviewQueueOrder.rangeQuery(reviewQueueQuery, true, false), []any{"2025", 5, 21}, "revisions_under_review"},
		{reviewQueueOrder.rangeQuery(reviewQueueQuery, true, true), []any{"2025", 5, 21}, "revisions_under_review"},
		{finalizedOrder.rangeQuery(finalizedQuery, true, false), []any{"2025", 5, 21}, "revisions_approved_at"},
		{finalizedOrder.rangeQuery(finalizedQuery+" AND r.account_id = ?", true, false), []any{"1", "2025", 5, 21}, "revisions_approved_in_account"},
		{finalizedOrder.rangeQuery(finalizedQuery+" AND r.account_id = ?", true, true), []any{"1", "2025", 5, 21}, "revisions_approved_in_account"},
		{draftSelect + "WHERE drafts.account_id = ? AND drafts.deleted_at >= ? ORDER BY drafts.deleted_at DESC, drafts.id DESC",
			[]any{"1", "2025"}, "drafts_trash"},
		{purgeTrashQuery, []any{"2025"}, "drafts_trash_age"},
		{nameTakenQuery, []any{"bot", 1}, "revisions_approved_names"},
		{"SELECT id_hash FROM sessions WHERE user_id = ?", []any{1}, "sessions_by_user"},
		{"SELECT " + userColumns + " FROM users u WHERE u.account_id = ? ORDER BY u.email", []any{"1"}, "users_by_account"},
	}
}

type indexedQuery struct {
	query string
	args  []any
	index string
}

// TestListQueriesUseIndexes guards against a list query scanning the table.
func TestListQueriesUseIndexes(t *testing.T) {
	s, _ := newTestStore(t)
	for _, tt := range indexedQueries() {
		rows, err := s.read.db.Query("EXPLAIN QUERY PLAN "+tt.query, tt.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, tt.index) || strings.Contains(joined, "TEMP B-TREE") {
			t.Errorf("plan for %.60q...:\n%s\nwant index %s and no sort", tt.query, joined, tt.index)
		}
	}
}

func benchDocument() []byte {
	var b strings.Builder
	b.WriteString(`{"client_name":"Benchmark bot","grant_types":["client_credentials"],"scope":"msg.consumer","webhooks":{`)
	for i := 0; b.Len() < 3000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"ms.MessagingEventNotification.Event%d":{"endpoint":"https://hooks.example.com/liveengage/%d","max_retries":3}`, i, i)
	}
	b.WriteString("}}")
	return []byte(b.String())
}

func BenchmarkSaveDraft(b *testing.B) {
	f := newDraftFixture(b)
	ctx := context.Background()
	doc := benchDocument()
	d, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Title: "Benchmark bot", Document: doc})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	version := d.Version
	for b.Loop() {
		saved, err := f.s.SaveDraft(ctx, "1", d.ID, version, f.alice.ID, DraftInput{Title: "Benchmark bot", Document: doc, Warnings: 1})
		if err != nil {
			b.Fatal(err)
		}
		version = saved.Version
	}
}

func BenchmarkDraft(b *testing.B) {
	f := newDraftFixture(b)
	ctx := context.Background()
	doc := benchDocument()
	d, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Title: "Benchmark bot", Document: doc})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := f.s.Draft(ctx, "1", d.ID); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDraftAccountID(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		live := f.create(t, "2", f.bob.ID, "live")
		trashed := f.create(t, "1", f.alice.ID, "trashed")
		if err := f.s.TrashDraft(ctx, "1", trashed.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			id      int64
			want    string
			wantErr error
		}{
			{live.ID, "2", nil},
			{trashed.ID, "1", nil}, // so a manager can restore it
			{trashed.ID + 100, "", ErrNotFound},
		}
		for _, tt := range tests {
			got, err := f.s.DraftAccountID(ctx, tt.id)
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("DraftAccountID(%d) = %q, %v; want %q, %v", tt.id, got, err, tt.want, tt.wantErr)
			}
		}
	})
}
