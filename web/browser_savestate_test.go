//go:build browser

package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
)

// call runs one DevTools command on the tab.
func call[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, cmd, params)
		return err
	})
}

// saveState is what the page says of saving, beside the draft's name.
func (p *browserPage) saveState(t *testing.T) string { return p.text(t, "#saved-stamp .save-state") }

// waitForState waits until the page says it is in the state (a prefix of its words).
func (p *browserPage) waitForState(t *testing.T, state string) {
	t.Helper()
	get(t, p, chromedp.Poll[bool](`document.querySelector("#saved-stamp .save-state").textContent.startsWith(`+"`"+state+"`"+`)`))
}

// TestBrowserTheSaveStateIsHonest: while a save is on its way the page says
// "Saving...", while the database is busy or the server out of reach it says
// "Not saved yet, retrying" and saves again by itself, and then "Saved" with
// the time in the viewer's own time zone; leaving asks first while anything
// is unsaved.
func TestBrowserTheSaveStateIsHonest(t *testing.T) {
	srv := startBrowserServerWith(t, store.Options{BusyTimeout: 3 * time.Second})
	pg := newBrowser(t)
	pg.run(t, call(emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Kolkata"}),
		call(emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "en_GB"}))
	customerWithDraft(t, srv, pg)
	saved := func(when string) {
		t.Helper()
		pg.waitForState(t, "Saved ")
		at, err := time.Parse(time.RFC3339, get(t, pg, chromedp.Evaluate[string](`document.querySelector("#saved-stamp time").getAttribute("datetime")`)))
		if err != nil {
			t.Fatal(err)
		}
		kolkata, _ := time.LoadLocation("Asia/Kolkata")
		if got, want := pg.saveState(t), "Saved "+at.In(kolkata).Format("15:04"); got != want {
			t.Errorf("%s: the page says %q, want %q (the viewer's own time)", when, got, want)
		}
	}
	saved("a new draft")

	// The database busy: the save waits, is answered 503, and goes again.
	release := storetest.HoldWriteLock(t, srv.DBPath)
	pg.typeInto(t, field("/description"), "Saved after a busy moment")
	get(t, pg, chromedp.Poll[bool](`!!document.querySelector("#section-form.htmx-request") && document.querySelector("#saved-stamp .save-state").textContent === "Saving…"`))
	pg.viewportShot(t, "editor-saving")
	pg.waitForState(t, "Not saved yet, retrying")
	if !pg.leaveAndStay(t, `.editor-nav a[href$="/history"]`) {
		t.Error("leaving while a save is failing did not ask first")
	}
	pg.fitsAPhone(t, "editor-save-retrying")
	release()
	saved("after the database was busy")
	if d, err := srv.Store.Draft(context.Background(), "12345678", draftIDOf(t, pg)); err != nil || !strings.Contains(string(d.Document), "Saved after a busy moment") {
		t.Errorf("draft after the retry: %s, %v", d.Document, err)
	}
	pg.fitsAPhone(t, "editor-saved")

	pg.assertClean(t)

	// The server out of reach: the save fails to go, and goes again. (htmx
	// logs the failed request as an error, rightly: this test looks no more.)
	blocked := []*network.BlockPattern{{URLPattern: srv.URL + "/drafts/*", Block: true}}
	pg.run(t, call(network.Enable, network.EnableParams{}), call(network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: blocked}))
	pg.typeInto(t, field("/description"), "Saved once the server is back")
	pg.waitForState(t, "Not saved yet, retrying")
	pg.run(t, call(network.SetBlockedURLs, network.SetBlockedURLsParams{}))
	saved("after the server was out of reach")

	// Nothing unsaved: leaving does not ask.
	pg.follow(t, `.editor-nav a[href$="/history"]`, ".history")
}

// draftIDOf is the id of the draft the page edits.
func draftIDOf(t *testing.T, p *browserPage) int64 {
	t.Helper()
	return get(t, p, chromedp.Evaluate[int64](`+location.pathname.split("/")[2]`))
}
