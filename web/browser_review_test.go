//go:build browser

package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

// TestBrowserReviewFromDraftToApprovedFile carries a manifest from a draft to
// an approved, downloaded file, as a customer and a manager in two browsers.
func TestBrowserReviewFromDraftToApprovedFile(t *testing.T) {
	srv := startBrowserServer(t)
	ctx := context.Background()
	srv.addManager(t, "manager@example.com", customerPassword)
	if _, err := srv.Store.CreateAccount(ctx, "12345678", "Acme"); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte(customerPassword), bcrypt.MinCost)
	alice, err := srv.Store.CreateUser(ctx, store.User{Email: "alice@acme.example", Role: store.RoleCustomer, AccountID: "12345678", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	event := "ms.MessagingEventNotification.ContentEvent"
	text := []byte(`{"client_name": "Acme Bot", "grant_types": ["client_credentials"], "scope": "msg.consumer",
		"capabilities": {"webhooks": {"` + event + `": {"endpoint": "https://staging.acme.example/hook", "max_retries": 3}}}}`)
	doc, _ := manifest.Decode(text)
	errs, warns := manifest.Count(manifest.Validate(doc))
	d, err := srv.Store.CreateDraft(ctx, "12345678", alice.ID, store.DraftInput{Title: "Acme Bot", Document: text, Errors: errs, Warnings: warns})
	if err != nil {
		t.Fatal(err)
	}
	draft := srv.URL + "/drafts/" + itoa(d.ID)

	// The customer submits.
	customer := newBrowser(t)
	signIn(t, srv, customer, "alice@acme.example")
	customer.run(t, chromedp.Navigate(draft+"/review"), chromedp.WaitVisible(css(`form[action$="/submit"] button`)))
	customer.screenshot(t, "review-before-submit")
	customer.run(t, chromedp.Click(css(`form[action$="/submit"] button`)), chromedp.WaitVisible(css(`form[action$="/withdraw"]`)))

	// The manager finds it in the queue, comments on the endpoint and requests changes.
	manager := newBrowser(t)
	signIn(t, srv, manager, "manager@example.com")
	manager.run(t, chromedp.Navigate(srv.URL+"/reviews"), chromedp.WaitVisible(css("table")))
	if got := manager.text(t, "table"); !strings.Contains(got, "Acme Bot") {
		t.Fatalf("queue: %s", got)
	}
	manager.screenshot(t, "review-queue")
	manager.follow(t, `table a[href$="/review"]`, `form[action$="/approve"]`)
	endpoint := manifest.Pointer("capabilities", "webhooks", event, "endpoint")
	manager.run(t,
		chromedp.SetValue(css("#comment-field"), endpoint),
		chromedp.SendKeys(css("#comment-body"), "Use the production host, not staging."),
		chromedp.Submit(css("#comment-body")),
		chromedp.WaitVisible(css(".comments li")),
		chromedp.Click(css(`.request-changes button`)),
		chromedp.WaitVisible(css(".badge.error")),
	)
	manager.screenshot(t, "review-changes-requested")

	// The customer sees the comment at the field, fixes it, resolves it and submits again.
	customer.run(t, chromedp.Navigate(draft+"/edit/webhooks"), chromedp.WaitVisible(css(".field-comments")))
	if got := customer.text(t, ".field-comments"); !strings.Contains(got, "production host") {
		t.Errorf("comment at the field: %q", got)
	}
	if got := customer.text(t, "#problems"); !strings.Contains(got, "production host") {
		t.Errorf("comment in the summary: %q", got)
	}
	customer.screenshot(t, "review-comment-in-editor")
	customer.typeInto(t, webhookField(event, "endpoint"), "https://bots.acme.example/hook")
	customer.settle(t)
	customer.run(t, chromedp.Click(css(`.field-comments button`)), chromedp.WaitNotPresent(css(".field-comments")))
	customer.run(t, chromedp.Navigate(draft+"/review"), chromedp.WaitVisible(css(`form[action$="/submit"] button`)),
		chromedp.Click(css(`form[action$="/submit"] button`)), chromedp.WaitVisible(css(`form[action$="/withdraw"]`)))

	// The manager sees what changed, and approves.
	manager.run(t, chromedp.Navigate(draft+"/review"), chromedp.WaitVisible(css(".changes")))
	if got := manager.text(t, ".changes"); !strings.Contains(got, "Webhooks > ContentEvent > endpoint") || !strings.Contains(got, "bots.acme.example") {
		t.Errorf("diff: %q", got)
	}
	manager.screenshot(t, "review-diff")
	if got := manager.text(t, "#comments"); strings.Contains(got, "Mark resolved") || !strings.Contains(got, "Resolved by alice@acme.example") {
		t.Errorf("the customer's resolution does not show: %q", got)
	}
	manager.run(t, chromedp.Click(css(`form[action$="/approve"] button`)), chromedp.WaitVisible(css(".badge.ok")))

	// Both download the same bytes, whose sha256 the approved list shows.
	fetch := `fetch("/drafts/` + itoa(d.ID) + `/revisions/2/manifest.json").then(r => r.text())`
	fromManager := get(t, manager, chromedp.Evaluate[string](fetch, chromedp.EvalAwaitPromise))
	fromCustomer := get(t, customer, chromedp.Evaluate[string](fetch, chromedp.EvalAwaitPromise))
	if fromManager == "" || fromManager != fromCustomer || !strings.Contains(fromManager, "bots.acme.example") {
		t.Fatalf("downloads differ or are wrong:\n%s\n%s", fromManager, fromCustomer)
	}
	sum := sha256.Sum256([]byte(fromCustomer))
	customer.run(t, chromedp.Navigate(srv.URL+"/accounts/12345678/finalized"), chromedp.WaitVisible(css("table")))
	if got := customer.text(t, "code.sha"); got != hex.EncodeToString(sum[:]) {
		t.Errorf("listed sha256 %q, file's %x", got, sum)
	}
	// Copy puts the whole sha256 on the clipboard (here, a stand-in for it).
	get(t, customer, chromedp.Evaluate[bool](`navigator.clipboard.writeText = text => { window.copied = text; return Promise.resolve() }; true`))
	customer.run(t, chromedp.Click(css(`button[data-copy-target^="sha256-"]`)))
	if got := get(t, customer, chromedp.Poll[string](`window.copied`)); got != hex.EncodeToString(sum[:]) {
		t.Errorf("Copy copied %q, want the file's sha256 %x", got, sum)
	}
	customer.screenshot(t, "review-approved-list")
	customer.assertClean(t)
	manager.assertClean(t)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
