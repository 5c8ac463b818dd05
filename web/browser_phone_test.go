//go:build browser

package web_test

import (
	"context"
	"crypto/sha256"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

// The widths every page is looked at: a phone held upright, and a desktop.
const (
	phoneWidth, phoneHeight     = 390, 844
	desktopWidth, desktopHeight = 1440, 900
)

// pageWidth is how wide the page is laid out, against the window.
type pageWidth struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Overflowing []string `json:"overflowing"` // what sticks out on the right, for the failure message
}

// measureWidth answers a pageWidth. Elements are measured against the
// phone's width: a mobile browser widens the window to a page too wide.
var measureWidth = `(() => {
	const out = [];
	for (const el of document.body.querySelectorAll("*")) {
		const box = el.getBoundingClientRect();
		if (box.right > ` + strconv.Itoa(phoneWidth) + ` + 0.5 && out.length < 8) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(box.right));
	}
	return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, overflowing: out};
})()`

// fitsAPhone lays the page out at phone width, fails when it scrolls
// sideways, and keeps a screenshot of it there and at desktop width.
func (p *browserPage) fitsAPhone(t *testing.T, name string) {
	t.Helper()
	p.run(t, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile), chromedp.Sleep(100*time.Millisecond))
	w := get(t, p, chromedp.Evaluate[pageWidth](measureWidth))
	if w.InnerWidth != phoneWidth || w.ScrollWidth > w.InnerWidth {
		t.Errorf("%s: on a %d px phone the page is %d px wide (window %d px); sticking out: %s",
			name, phoneWidth, w.ScrollWidth, w.InnerWidth, strings.Join(w.Overflowing, "; "))
	}
	p.screenshot(t, name+"-390")
	p.run(t, chromedp.EmulateViewport(desktopWidth, desktopHeight), chromedp.Sleep(100*time.Millisecond))
	p.screenshot(t, name+"-1440")
	p.run(t, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
}

// visit opens a page and checks it at both widths.
func (p *browserPage) visit(t *testing.T, url, waitFor, name string) {
	t.Helper()
	p.run(t, chromedp.Navigate(url), chromedp.WaitVisible(css(waitFor)))
	p.fitsAPhone(t, name)
}

// phoneWorld is an installation with something on every page: an account
// with a long name, a draft under review with changes since its first
// revision and a comment, an approved manifest, a draft with errors, one in
// the trash, and a pending invitation.
type phoneWorld struct {
	underReview, approved, broken, webApp store.Draft
	inviteToken                           string
}

// seeder writes drafts of one account straight into the store.
type seeder struct {
	t       *testing.T
	srv     *browserServer
	account string
	author  store.User
}

func (s seeder) draft(text string) store.Draft {
	s.t.Helper()
	doc, _ := manifest.Decode([]byte(text))
	errs, warns := manifest.Count(manifest.Validate(doc))
	name, _ := doc.Root.Get("client_name")
	d, err := s.srv.Store.CreateDraft(context.Background(), s.account, s.author.ID, store.DraftInput{Title: name.(string), Document: []byte(text), Errors: errs, Warnings: warns})
	if err != nil {
		s.t.Fatal(err)
	}
	return d
}

// latest is the draft as stored now.
func (s seeder) latest(d store.Draft) store.Draft {
	s.t.Helper()
	d, err := s.srv.Store.Draft(context.Background(), s.account, d.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	return d
}

func (s seeder) submit(d store.Draft) {
	s.t.Helper()
	d = s.latest(d)
	doc, _ := manifest.Decode(d.Document)
	if _, err := s.srv.Store.Submit(context.Background(), s.account, d.ID, d.Version, s.author.ID, manifest.Format(doc), d.Title); err != nil {
		s.t.Fatal(err)
	}
}

func (s seeder) edit(d store.Draft, text string) {
	s.t.Helper()
	d = s.latest(d)
	doc, _ := manifest.Decode([]byte(text))
	errs, warns := manifest.Count(manifest.Validate(doc))
	if _, err := s.srv.Store.SaveDraft(context.Background(), s.account, d.ID, d.Version, s.author.ID, store.DraftInput{Title: d.Title, Document: []byte(text), Errors: errs, Warnings: warns}); err != nil {
		s.t.Fatal(err)
	}
}

// invite adds a person to the account with an invitation, and answers its token.
func (s seeder) invite(email string, by store.User) string {
	s.t.Helper()
	ctx := context.Background()
	invited, err := s.srv.Store.CreateUser(ctx, store.User{Email: email, Role: store.RoleCustomer, AccountID: s.account})
	if err != nil {
		s.t.Fatal(err)
	}
	token := "invitation-for-" + strconv.FormatInt(invited.ID, 10)
	hash := sha256.Sum256([]byte(token))
	if err := s.srv.Store.CreateInvite(ctx, invited.ID, by.ID, hash[:], time.Now().Add(time.Hour)); err != nil {
		s.t.Fatal(err)
	}
	return token
}

func seedPhoneWorld(t *testing.T, srv *browserServer) phoneWorld {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	srv.addManager(t, "manager@example.com", customerPassword)
	manager, err := srv.Store.UserByEmail(ctx, "manager@example.com")
	must(err)
	_, err = srv.Store.CreateAccount(ctx, "12345678", "Acme Corporation International Holdings")
	must(err)
	hash, _ := bcrypt.GenerateFromPassword([]byte(customerPassword), bcrypt.MinCost)
	alice, err := srv.Store.CreateUser(ctx, store.User{Email: "alice.longname-for-testing@acme-corporation.example", Role: store.RoleCustomer, AccountID: "12345678", PasswordHash: hash})
	must(err)
	s := seeder{t: t, srv: srv, account: "12345678", author: alice}
	w := phoneWorld{inviteToken: s.invite("carol@acme-corporation.example", manager)}
	guide := readTestdata(t, "guide-example.json")
	named := func(name string) string { return strings.Replace(guide, `"App name"`, `"`+name+`"`, 1) }

	// Under review: revision 2 changes scalars, headers and a list, and
	// the endpoint a comment was about.
	w.underReview = s.draft(named("Acme customer care connector for the messaging channels"))
	s.submit(w.underReview)
	endpoint := manifest.Pointer("capabilities", "webhooks", "ms.MessagingEventNotification.ContentEvent", "endpoint")
	_, err = srv.Store.AddComment(ctx, "12345678", w.underReview.ID, 1, endpoint, "Use the production host: your/webhooks is the guide's placeholder.", manager.ID)
	must(err)
	must(srv.Store.RequestChanges(ctx, w.underReview.ID, 1, manager.ID, ""))
	s.edit(w.underReview, strings.NewReplacer(
		`"App description"`, `"Routes every conversation of the Acme brands to the customer care team, around the clock and in every language the team speaks."`,
		`https://your/webhooks/endpoint`, `https://messaging-connector.customer-care.acme-corporation.example/liveengage/webhooks/content`,
		`"max_retries": 3`, `"max_retries": 1`,
		`"header_value": "VALUE"`, `"header_value": "Bearer a-long-secret-token-value"`,
		`"url",`, ``,
	).Replace(named("Acme customer care connector for the messaging channels")))
	s.submit(w.underReview)

	w.approved = s.draft(named("Acme order tracking"))
	s.submit(w.approved)
	_, err = srv.Store.Approve(ctx, w.approved.ID, 1, manager.ID)
	must(err)

	w.broken = s.draft(strings.NewReplacer(`"max_retries": 5`, `"max_retries": 9`, `"scope": "msg.consumer"`, `"scope": "openid"`).
		Replace(named("Acme draft with problems")))
	must(srv.Store.TrashDraft(ctx, "12345678", s.draft(named("Acme retired bot")).ID, alice.ID))
	w.webApp = s.draft(readTestdata(t, "corpus/valid-liveperson-webapp-example-filled.json"))
	return w
}

// TestBrowserEveryPageFitsAPhone opens every page at 390 px and at 1440 px:
// none scrolls sideways on the phone, and Sign out stays within reach.
func TestBrowserEveryPageFitsAPhone(t *testing.T) {
	srv := startBrowserServer(t)
	visitor := newBrowser(t)
	visitor.run(t, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
	visitor.visit(t, srv.URL+"/", "#password2", "setup")
	w := seedPhoneWorld(t, srv)
	visitor.visit(t, srv.URL+"/", "#manifest-text", "home")
	visitor.run(t, chromedp.SetValue(css("#manifest-text"), brokenManifest), chromedp.Click(css("form button[type=submit]")),
		chromedp.WaitVisible(css("#check-result .alert.error")))
	visitor.fitsAPhone(t, "home-checked")
	visitor.visit(t, srv.URL+"/login", "#password", "login")
	visitor.visit(t, srv.URL+"/invite/"+w.inviteToken, "#password2", "invite")
	visitor.visit(t, srv.URL+"/no-such-page", "h1", "error")

	customer := newBrowser(t)
	customer.run(t, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
	signIn(t, srv, customer, "alice.longname-for-testing@acme-corporation.example")
	account := srv.URL + "/accounts/12345678"
	customer.visit(t, account+"/drafts", "#draft-list table", "drafts")
	// The table reflows: each cell is a line, with its column's name before it.
	label := get(t, customer, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#draft-list tbody td:nth-child(2)"), "::before").content`))
	if !strings.Contains(label, "Updated") {
		t.Errorf("on a phone, a draft's update time is labelled %s, not Updated", label)
	}
	customer.visit(t, account+"/trash", "table", "trash")
	customer.visit(t, account+"/import", "form", "import")
	for _, section := range []string{"general", "webhooks", "engagement", "json"} {
		customer.visit(t, srv.URL+"/drafts/"+itoa(w.broken.ID)+"/edit/"+section, "#section-form, #json-form", "editor-"+section)
		// One column: the problems and the file come after the form.
		below := get(t, customer, chromedp.Evaluate[bool](`(() => { const form = document.querySelector("#section-form, #json-form").getBoundingClientRect();
			const side = document.querySelector(".editor-side").getBoundingClientRect(); return side.top >= form.bottom && Math.abs(side.left - form.left) < 20 })()`))
		if !below {
			t.Errorf("editor %s on a phone: the problems and the file are not below the form", section)
		}
	}
	for _, section := range []string{"general", "signin"} {
		customer.visit(t, srv.URL+"/drafts/"+itoa(w.webApp.ID)+"/edit/"+section, "#section-form", "editor-webapp-"+section)
	}
	customer.visit(t, srv.URL+"/drafts/"+itoa(w.underReview.ID)+"/review", ".changes", "review-customer")
	customer.visit(t, srv.URL+"/drafts/"+itoa(w.broken.ID)+"/review", "h1", "review-not-submitted")
	customer.visit(t, account+"/finalized", "table", "approved-account")

	manager := newBrowser(t)
	manager.run(t, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
	signIn(t, srv, manager, "manager@example.com")
	manager.visit(t, srv.URL+"/accounts", "table", "accounts")
	manager.visit(t, account, "#account-people table", "account")
	manager.visit(t, srv.URL+"/reviews", "table", "queue")
	review := srv.URL + "/drafts/" + itoa(w.underReview.ID) + "/review"
	manager.visit(t, review, ".changes", "review-manager")
	manager.visit(t, srv.URL+"/drafts/"+itoa(w.underReview.ID)+"/approve?revision=2", "#confirm-heading", "review-confirm-approve")
	manager.visit(t, srv.URL+"/drafts/"+itoa(w.approved.ID)+"/review", "h1", "review-approved")
	manager.visit(t, srv.URL+"/finalized", "table", "approved-all")

	// Sign out is on the phone's screen, and works.
	inView := get(t, manager, chromedp.Evaluate[bool](`(() => { const b = [...document.querySelectorAll(".who button")].find(b => b.offsetParent);
		if (!b) return false; const r = b.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth && r.top >= 0 })()`))
	if !inView {
		t.Fatal("Sign out is not within the phone's screen")
	}
	manager.run(t, chromedp.Click(css(".who button")), chromedp.WaitVisible(css("#password")))
	for _, p := range []*browserPage{visitor, customer, manager} {
		p.assertClean(t)
	}
}
