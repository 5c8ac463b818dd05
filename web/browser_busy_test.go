//go:build browser

package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
)

// TestBrowserAutosaveRetriesWhenBusy: while another process holds the
// database's write lock, an autosave is answered 503; the page says the
// server is busy and saves again by itself once the lock is let go.
func TestBrowserAutosaveRetriesWhenBusy(t *testing.T) {
	srv := startBrowserServerWith(t, store.Options{BusyTimeout: 50 * time.Millisecond})
	page := newBrowser(t)
	editor := customerWithDraft(t, srv, page)
	draftID, err := strconv.ParseInt(editor[strings.LastIndexByte(editor, '/')+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}

	release := storetest.HoldWriteLock(t, srv.DBPath)
	page.typeInto(t, field("/description"), "Saved after a busy moment")
	get(t, page, chromedp.Poll[bool](`document.getElementById("flash").textContent.includes("busy")`))
	release()
	get(t, page, chromedp.Poll[bool](`document.getElementById("flash").textContent === ""`))
	page.settle(t)

	d, err := srv.Store.Draft(context.Background(), "12345678", draftID)
	if err != nil || !strings.Contains(string(d.Document), "Saved after a busy moment") {
		t.Fatalf("draft after the retry: %s, %v", d.Document, err)
	}
	page.assertClean(t)
}
