//go:build browser

package web_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// laterClock makes the store's clock one that the test can move forward,
// so that saves a moment apart count as saves minutes apart.
func laterClock(srv *browserServer) (later func(time.Duration)) {
	var ahead atomic.Int64
	srv.Store.SetClock(func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) })
	return func(d time.Duration) { ahead.Add(int64(d)) }
}

func TestBrowserRestoreAVersionFromHistory(t *testing.T) {
	srv := startBrowserServer(t)
	later := laterClock(srv)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)

	later(10 * time.Minute)
	page.typeInto(t, field("/client_name"), "Care bot")
	page.typeInto(t, field("/description"), "Answers customers")
	page.settle(t)
	later(10 * time.Minute)
	page.typeInto(t, field("/client_name"), "Sales bot")
	page.settle(t)

	page.follow(t, `.editor-nav a[href$="/history"]`, ".history")
	if got := page.text(t, ".editor-nav a[aria-current=page]"); got != "History" {
		t.Errorf("the navigation marks %q as the current page", got)
	}
	text := page.text(t, ".history")
	for _, want := range []string{"client_name changed from Care bot to Sales bot", "description added Answers customers", "The draft started here."} {
		if !strings.Contains(text, want) {
			t.Errorf("history lacks %q:\n%s", want, text)
		}
	}
	page.fitsAPhone(t, "history")

	// The version with Care bot, then Restore.
	page.follow(t, `.history li:nth-child(2) h3 a`, `button[type=submit]`)
	if got := page.text(t, "main pre"); !strings.Contains(got, `"Care bot"`) {
		t.Fatalf("the version page shows:\n%s", got)
	}
	page.fitsAPhone(t, "history-version")
	page.submitAndLoad(t, `form[action$="/restore"] button`)
	if got := page.text(t, ".history li:first-child"); !strings.Contains(got, "restored from version") || !strings.Contains(got, "Sales bot to Care bot") {
		t.Errorf("the newest version after the restore: %s", got)
	}
	if n := get(t, page, chromedp.Evaluate[int](`document.querySelectorAll(".history > li").length`)); n != 4 {
		t.Errorf("%d versions after the restore, want 4: nothing is rewritten", n)
	}
	page.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(field("/client_name")))
	if got := page.value(t, string(field("/client_name"))); got != "Care bot" {
		t.Errorf("the editor after the restore shows %q", got)
	}
	page.assertClean(t)
}
