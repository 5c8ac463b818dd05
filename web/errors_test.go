package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
)

// TestBusyDatabaseAnswers503: while another process holds the database's
// write lock, an autosave answers 503 with Retry-After and says so, with
// htmx and without, and changes nothing; pages that only read still answer;
// once the lock is let go the same save goes through.
func TestBusyDatabaseAnswers503(t *testing.T) {
	ts := newTestServerWith(t, store.Options{BusyTimeout: storetest.RaceSlowdown * 50 * time.Millisecond})
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	path := "/drafts/" + itoa(w.aliceDraft.ID) + "/edit/general"
	save := url.Values{"_version": {"1"}, "/client_name": {"Acme bot renamed"}, "/grant_types": {"client_credentials"},
		"/scope": {"msg.consumer"}, "_changed": {"/client_name"}}

	release := storetest.HoldWriteLock(t, ts.dbPath)
	for _, header := range []map[string]string{{"HX-Request": "true"}, nil} {
		a := alice.send(http.MethodPost, path, save, header)
		if a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" {
			t.Fatalf("save while the database is busy (htmx %v): status %d, Retry-After %q; want 503 and a delay",
				header != nil, a.status, a.header.Get("Retry-After"))
		}
		if !strings.Contains(a.body, "busy just now and nothing was changed") {
			t.Errorf("the busy answer does not say what happened: %s", a.body)
		}
	}
	if a := alice.get("/accounts/111/drafts"); a.status != http.StatusOK || !strings.Contains(a.body, "Acme bot") {
		t.Errorf("drafts page while another process writes: status %d", a.status)
	}
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); d.Version != 1 || d.Title != "Acme bot" {
		t.Errorf("a busy save changed the draft: version %d, title %q", d.Version, d.Title)
	}

	release()
	if a := alice.send(http.MethodPost, path, save, map[string]string{"HX-Request": "true"}); a.status != http.StatusOK {
		t.Fatalf("save once the database is free: status %d", a.status)
	}
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); d.Version != 2 || d.Title != "Acme bot renamed" {
		t.Errorf("the save after the busy answers: version %d, title %q", d.Version, d.Title)
	}
}
