//go:build browser

package web_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/store"
)

// saveDocument stores text as the draft's next version, as its customer.
func saveDocument(t *testing.T, srv *browserServer, page *browserPage, text string) {
	t.Helper()
	alice, err := srv.Store.UserByEmail(context.Background(), "alice@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	seeder{t: t, srv: srv, account: "12345678", author: alice}.edit(store.Draft{ID: draftIDOf(t, page)}, text)
}

func TestBrowserProblemsAreGroupedBySection(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	saveDocument(t, srv, page, `{"client_name":"","grant_types":["client_credentials"],"scope":"msg.consumer",`+
		`"capabilities":{"webhooks":{"`+contentEventName+`":{"endpoint":"http://example.com/hook"}}}}`)
	page.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(css("#problems h3")))
	groups := get(t, page, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#problems h3"), h => h.textContent)`))
	if got := strings.Join(groups, ", "); got != "General, Webhooks" {
		t.Errorf("the problems are grouped under %s", got)
	}
	page.viewportShot(t, "editor-problems-by-section")
	page.follow(t, `#problems h3:nth-of-type(2) + ul a`, webhookField(contentEventName, "endpoint"))
	if got := get(t, page, chromedp.Evaluate[string](`document.activeElement.id`)); got != string(webhookField(contentEventName, "endpoint"))[1:] {
		t.Errorf("the webhook's problem leads to %q", got)
	}
	page.assertClean(t)
}

func TestBrowserTheLogoLoadsOnlyWhenAskedFor(t *testing.T) {
	srv := startBrowserServer(t)
	customer := newBrowser(t)
	editorURL := customerWithDraft(t, srv, customer)
	const logo = "https://tracker.example/pixel.png"
	saveDocument(t, srv, customer, `{"client_name":"Bot","grant_types":["client_credentials"],"scope":"msg.consumer","logo_uri":"`+logo+`"}`)

	manager := newBrowser(t)
	var mu sync.Mutex
	var asked []string
	go func() {
		for e, err := range chromedp.Events(manager.ctx, network.RequestWillBeSent) {
			if err != nil {
				return
			}
			mu.Lock()
			asked = append(asked, e.Request.URL)
			mu.Unlock()
		}
	}()
	manager.run(t, call(network.Enable, network.EnableParams{}))
	signIn(t, srv, manager, "manager@example.com")
	manager.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(field("/logo_uri")))
	manager.settle(t)
	mu.Lock()
	for _, u := range asked {
		if strings.HasPrefix(u, "https://tracker.example") {
			t.Errorf("opening the draft fetched %s", u)
		}
	}
	mu.Unlock()
	manager.screenshot(t, "editor-logo-not-loaded")

	_, err := chromedp.Run(manager.ctx, chromedp.WaitEvent(network.RequestWillBeSent,
		func(e network.EventRequestWillBeSent) bool { return e.Request.URL == logo },
		chromedp.Click(css(`a[href*="?preview=logo"]`))))
	if err != nil {
		t.Fatalf("Show logo preview did not load the logo: %v", err)
	}
	manager.run(t, chromedp.WaitVisible(css(".logo-preview img")))
	if got := get(t, manager, chromedp.Evaluate[string](`document.activeElement.id`)); got != string(field("/logo_uri"))[1:] {
		t.Errorf("after asking for the preview, focus is on %q", got)
	}
}
