package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store/storetest"
)

// TestConcurrentWritesAllSucceed has many goroutines write at once, as many
// editors autosaving do, with reads beside them: every write succeeds and
// none is lost, within the default busy timeout. On SQLite the writes queue
// for the one writer connection. (When they met in SQLite's busy handler
// instead, a few of them waited out timeouts of a second or less, and
// failed.)
func TestConcurrentWritesAllSucceed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, c := db.openWith(t, Options{BusyTimeout: storetest.RaceSlowdown * 5 * time.Second})
		f := newFixtureIn(t, s, c)
		ctx := context.Background()
		const writers, saves = 200, 10
		drafts := make([]Draft, writers)
		for i := range drafts {
			drafts[i] = f.create(t, "1", f.alice.ID, fmt.Sprintf("Bot %d", i))
		}
		var mu sync.Mutex
		var failed []error
		check := func(err error) {
			if err != nil {
				mu.Lock()
				failed = append(failed, err)
				mu.Unlock()
			}
		}
		var wg sync.WaitGroup
		for i, d := range drafts {
			wg.Go(func() {
				// A session per editor: created, read with its person, touched.
				id := fmt.Sprintf("session-%d", i)
				check(f.s.CreateSession(ctx, SessionRecord{ID: id, UserID: f.alice.ID}))
				for v := d.Version; v < d.Version+saves; v++ {
					_, err := f.s.SaveDraft(ctx, "1", d.ID, v, f.alice.ID, DraftInput{
						Title: d.Title, Document: fmt.Appendf(nil, `{"client_name":%q,"description":"%d"}`, d.Title, v)})
					check(err)
					_, err = f.s.LoadSession(ctx, id)
					check(err)
				}
				check(f.s.TouchSession(ctx, id, nil, f.clock.Now()))
			})
		}
		wg.Go(func() {
			for range saves {
				_, err := f.s.ListDrafts(ctx, "1", DraftQuery{})
				check(err)
			}
		})
		wg.Wait()
		for i, err := range failed {
			if i == 5 {
				t.Errorf("... %d failures in all", len(failed))
				break
			}
			t.Errorf("a write failed: %v", err)
		}
		for _, d := range drafts {
			got, err := f.s.Draft(ctx, "1", d.ID)
			if err != nil || got.Version != d.Version+saves {
				t.Errorf("draft %d: version %d, %v; want %d", d.ID, got.Version, err, d.Version+saves)
			}
		}
	})
}

// TestBusyDatabase: while another connection holds the write lock, writes
// fail with ErrBusy, those queued behind the first too, and change nothing;
// reads go on; once the lock is let go, writes succeed again.
func TestBusyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	s, err := OpenWith(context.Background(), path, Options{BusyTimeout: storetest.RaceSlowdown * 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	mustAccount(t, s, "1", "One")
	d, err := s.CreateDraft(ctx, "1", 0, DraftInput{Title: "Bot", Document: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}

	release := storetest.HoldWriteLock(t, path)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range cap(errs) {
		wg.Go(func() {
			_, err := s.SaveDraft(ctx, "1", d.ID, d.Version, 0, DraftInput{Title: "Changed", Document: []byte(`{}`)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, ErrBusy) {
			t.Errorf("save while another process writes: err = %v, want ErrBusy", err)
		}
	}
	if _, err := s.CreateDraft(ctx, "1", 0, DraftInput{Document: []byte(`{}`)}); !errors.Is(err, ErrBusy) {
		t.Errorf("create (a transaction) while another process writes: err = %v, want ErrBusy", err)
	}
	got, err := s.Draft(ctx, "1", d.ID)
	if err != nil || got.Title != "Bot" || got.Version != d.Version {
		t.Fatalf("read while another process writes: %+v, %v; want it unchanged", got, err)
	}

	release()
	if _, err := s.SaveDraft(ctx, "1", d.ID, d.Version, 0, DraftInput{Title: "Changed", Document: []byte(`{}`)}); err != nil {
		t.Fatalf("save once the lock is let go: %v", err)
	}
}
