//go:build browser

package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
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
	manager.follow(t, `table a[href$="/review"]`, `.request-changes`)
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

	// The manager reads what changed as a table: field, change, before, after.
	manager.run(t, chromedp.Navigate(draft+"/review"), chromedp.WaitVisible(css("table.changes")))
	want := [][]string{
		{"Field", "Change", "Before", "After"},
		{"Webhooks > ContentEvent > endpoint", "Changed", "https://staging.acme.example/hook", "https://bots.acme.example/hook"},
	}
	if got := manager.tableText(t, "table.changes"); !reflect.DeepEqual(got, want) {
		t.Errorf("the diff reads\n%q\nwant\n%q", got, want)
	}
	manager.screenshot(t, "review-diff")
	if got := manager.text(t, "#comments"); strings.Contains(got, "Mark resolved") || !strings.Contains(got, "Resolved by alice@acme.example") {
		t.Errorf("the customer's resolution does not show: %q", got)
	}

	// The changed field links to its place in the revision, marked as
	// changed and commented on; the mark leads to the comment.
	manager.run(t, chromedp.Click(css(`table.changes tbody th a`)))
	field := get(t, manager, chromedp.Poll[string](`document.querySelector(":target") && document.querySelector(":target").innerText`))
	if !strings.Contains(field, "ContentEvent endpoint") || !strings.Contains(field, "Changed") || !strings.Contains(field, "1 comment") {
		t.Errorf("the diff's link leads to %q, not the marked endpoint", field)
	}
	manager.run(t, chromedp.Click(css(`:target a.commented`)))
	comment := get(t, manager, chromedp.Poll[string](`document.querySelector(":target.resolved") && document.querySelector(":target").innerText`))
	if !strings.Contains(comment, "Use the production host") {
		t.Errorf("the field's comment mark leads to %q", comment)
	}

	// Approve asks first; Cancel leaves the revision under review.
	manager.approveAsked(t, 2)
	manager.submitAndLoad(t, css(`form[action$="/approve"] a`)) // Cancel
	if got := manager.text(t, "h1"); !strings.Contains(got, "Submitted for review") {
		t.Errorf("after Cancel the draft is %q", got)
	}
	manager.approveAsked(t, 2)
	manager.submitAndLoad(t, css(`form[action$="/approve"] button`))
	if got := manager.text(t, "h1"); !strings.Contains(got, "Approved") {
		t.Errorf("after confirming, the draft is %q", got)
	}

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

// tableText is a table's cells as a person reads them, row by row.
func (p *browserPage) tableText(t *testing.T, sel string) [][]string {
	t.Helper()
	return get(t, p, chromedp.Evaluate[[][]string](`[...document.querySelectorAll(`+strconv.Quote(sel+" tr")+`)].map(row =>
		[...row.children].map(cell => cell.innerText.trim()))`))
}

// approveAsked clicks Approve on a review page and checks the page that
// asks to confirm it.
func (p *browserPage) approveAsked(t *testing.T, revision int64) {
	t.Helper()
	p.submitAndLoad(t, css(`a[href*="/approve?revision="]`))
	if got := p.text(t, "#confirm-heading"); got != "Approve revision "+itoa(revision)+"?" {
		t.Fatalf("Approve leads to %q", got)
	}
	if got := p.text(t, `form[action$="/approve"] button`); got != "Approve revision "+itoa(revision) {
		t.Errorf("the confirming button says %q", got)
	}
}

// TestBrowserApproveAsksFirstWithoutJavaScript: the confirmation is a page
// of its own, so it works with scripts off; after the decision no empty
// actions card is left, and the menu marks Reviews throughout.
func TestBrowserApproveAsksFirstWithoutJavaScript(t *testing.T) {
	srv := startBrowserServer(t)
	ctx := context.Background()
	srv.addManager(t, "manager@example.com", customerPassword)
	srv.addCustomer(t, "12345678", "alice@acme.example", customerPassword)
	alice, err := srv.Store.UserByEmail(ctx, "alice@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	text := []byte(readTestdata(t, "guide-example.canonical.json"))
	doc, _ := manifest.Decode(text)
	errs, warns := manifest.Count(manifest.Validate(doc))
	d, err := srv.Store.CreateDraft(ctx, "12345678", alice.ID, store.DraftInput{Title: "App name", Document: text, Errors: errs, Warnings: warns})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.Submit(ctx, "12345678", d.ID, d.Version, alice.ID, manifest.Format(doc), d.Title); err != nil {
		t.Fatal(err)
	}

	manager := newBrowser(t)
	manager.run(t, disableJavaScript())
	signIn(t, srv, manager, "manager@example.com")
	review := srv.URL + "/drafts/" + itoa(d.ID) + "/review"
	manager.run(t, chromedp.Navigate(review), chromedp.WaitVisible(css(".request-changes")))
	manager.wantCurrentNav(t, "Reviews")
	manager.approveAsked(t, 1)
	manager.wantCurrentNav(t, "Reviews")
	manager.screenshot(t, "review-confirm-approve-nojs")
	manager.submitAndLoad(t, css(`form[action$="/approve"] a`)) // Cancel
	if got := manager.text(t, "h1"); !strings.Contains(got, "Submitted for review") {
		t.Errorf("after Cancel the draft is %q", got)
	}
	manager.approveAsked(t, 1)
	manager.submitAndLoad(t, css(`form[action$="/approve"] button`))
	if got := manager.text(t, "h1"); !strings.Contains(got, "Approved") {
		t.Fatalf("after confirming, the draft is %q", got)
	}
	if cards := get(t, manager, chromedp.Evaluate[int](`document.querySelectorAll(".review-actions").length`)); cards != 0 {
		t.Errorf("after the approval, %d actions cards are left with nothing to do", cards)
	}
	manager.wantCurrentNav(t, "Reviews")
}

// wantCurrentNav checks which link of the main menu is marked as the current place.
func (p *browserPage) wantCurrentNav(t *testing.T, label string) {
	t.Helper()
	if got := p.text(t, `.site-nav a[aria-current="page"]`); got != label {
		t.Errorf("the menu marks %q, want %q", got, label)
	}
}
