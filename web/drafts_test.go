package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestEveryRouteByRole calls each route as each kind of person. A customer
// reaching for another account's drafts gets 404 whatever the method, just as
// for a draft that does not exist.
func TestEveryRouteByRole(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	own, other := "/drafts/"+itoa(w.aliceDraft.ID), "/drafts/"+itoa(w.bobDraft.ID)
	missing := "/drafts/999999"

	anonymous := ts.client(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	manager := ts.client(t)
	manager.signIn("manager@example.com")

	type call struct {
		method, path string
		anon         int // status for someone signed out
		customer     int // status for alice, a customer of account 111
		manager      int
	}
	const (
		ok, redirect, unauthorized, notFound = http.StatusOK, http.StatusSeeOther, http.StatusUnauthorized, http.StatusNotFound
	)
	calls := []call{
		{"GET", "/accounts", redirect, notFound, ok},
		{"POST", "/accounts", unauthorized, notFound, http.StatusUnprocessableEntity},
		{"GET", "/accounts/111", redirect, notFound, ok},
		{"GET", "/accounts/222", redirect, notFound, ok},
		{"POST", "/accounts/222/invites", unauthorized, notFound, http.StatusUnprocessableEntity},
		{"POST", "/accounts/222/people/" + itoa(w.bob.ID) + "/disable", unauthorized, notFound, redirect},
		{"POST", "/accounts/222/people/" + itoa(w.bob.ID) + "/enable", unauthorized, notFound, redirect},
		{"GET", "/drafts", redirect, redirect, redirect},
		{"GET", "/accounts/111/drafts", redirect, ok, ok},
		{"GET", "/accounts/222/drafts", redirect, notFound, ok},
		{"GET", "/accounts/999/drafts", redirect, notFound, notFound},
		{"POST", "/accounts/222/drafts", unauthorized, notFound, redirect},
		{"GET", "/accounts/222/trash", redirect, notFound, ok},
		{"GET", own, redirect, ok, ok},
		{"GET", other, redirect, notFound, ok},
		{"GET", missing, redirect, notFound, notFound},
		{"GET", "/drafts/not-a-number", redirect, notFound, notFound},
		{"POST", other + "/duplicate", unauthorized, notFound, redirect},
		{"GET", other + "/delete", redirect, notFound, ok},
		{"POST", other + "/restore", unauthorized, notFound, notFound}, // not in the trash
		{"POST", other + "/delete", unauthorized, notFound, redirect},  // last: the manager trashes it
	}
	for _, c := range calls {
		for _, who := range []struct {
			name   string
			client *browserlessClient
			want   int
		}{{"anonymous", anonymous, c.anon}, {"customer", alice, c.customer}, {"manager", manager, c.manager}} {
			a := who.client.send(c.method, c.path, url.Values{}, nil)
			if a.status != who.want {
				t.Errorf("%s %s as %s: status %d, want %d", c.method, c.path, who.name, a.status, who.want)
			}
			if a.status == redirect && who.name == "anonymous" && a.location != "/login" {
				t.Errorf("%s %s as anonymous redirects to %q", c.method, c.path, a.location)
			}
		}
	}
	// Bob's draft was trashed by the manager in the last call, and is still Bob's.
	bob := ts.client(t)
	bob.signIn("bob@globex.example")
	if a := bob.get("/accounts/222/trash"); !strings.Contains(a.body, "Globex bot") {
		t.Error("trashed draft not in its account's trash")
	}
	if a := alice.post(other+"/restore", nil); a.status != notFound {
		t.Errorf("customer restored another account's draft: %d", a.status)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	for _, path := range []string{"/accounts", "/accounts/111/drafts", "/logout", "/login"} {
		a := manager.send(http.MethodPost, path, url.Values{"id": {"333"}, "name": {"Evil"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
		if a.status != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d", path, a.status)
		}
	}
	if a := manager.get("/accounts"); strings.Contains(a.body, "Evil") {
		t.Error("cross-site POST created an account")
	}
}

func TestDraftLifecycle(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")

	a := alice.post("/accounts/111/drafts", nil)
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/drafts/") {
		t.Fatalf("new draft: %d %q", a.status, a.location)
	}
	newDraft := a.location
	page := alice.get(newDraft)
	for _, want := range []string{"Untitled", "client_credentials", "msg.consumer", "client_name"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("new draft page lacks %q", want)
		}
	}
	list := alice.get("/accounts/111/drafts")
	if !strings.Contains(list.body, "Untitled") || !strings.Contains(list.body, "1 error") {
		t.Errorf("list does not show the new draft with its error count")
	}

	a = alice.post(newDraft+"/duplicate", nil)
	if a.status != http.StatusSeeOther || a.location == newDraft {
		t.Fatalf("duplicate: %d %q", a.status, a.location)
	}
	if body := alice.get("/accounts/111/drafts").body; strings.Count(body, ">Untitled<") != 2 {
		t.Errorf("after duplicate, %d Untitled drafts listed:\n%s", strings.Count(body, ">Untitled<"), body)
	}

	if a := alice.get("/accounts/111/drafts?q=acme"); !strings.Contains(a.body, "Acme bot") || strings.Contains(a.body, ">Untitled<") {
		t.Error("search by title does not filter")
	}
	if a := alice.get("/accounts/111/drafts?q=%25"); strings.Contains(a.body, "Acme bot") {
		t.Error("search treats % as a wildcard")
	}

	if a := alice.get(newDraft + "/delete"); !strings.Contains(a.body, "Delete draft") {
		t.Error("no confirmation before delete")
	}
	if a := alice.post(newDraft+"/delete", nil); a.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", a.status)
	}
	if a := alice.get(newDraft); a.status != http.StatusNotFound {
		t.Errorf("trashed draft still opens: %d", a.status)
	}
	if a := alice.get("/accounts/111/trash"); !strings.Contains(a.body, "Untitled") {
		t.Error("trash does not list the deleted draft")
	}
	if a := alice.post(newDraft+"/restore", nil); a.status != http.StatusSeeOther || a.location != newDraft {
		t.Fatalf("restore: %d %q", a.status, a.location)
	}
	if a := alice.get(newDraft); a.status != http.StatusOK {
		t.Errorf("restored draft: %d", a.status)
	}
}

// TestDraftListPages follows the pager's links as a person without scripts
// does: every draft shows once, and Newer leads back to the first page.
func TestDraftListPages(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	for range draftsPerPage + 2 {
		alice.post("/accounts/111/drafts", nil)
	}
	first := alice.get("/accounts/111/drafts")
	if rows := strings.Count(first.body, "<tr>") - 1; rows != draftsPerPage || pagerLink(first.body, "Newer") != "" {
		t.Fatalf("first page: %d rows, a Newer link %q", rows, pagerLink(first.body, "Newer"))
	}
	second := alice.get(pagerLink(first.body, "Older"))
	if rows := strings.Count(second.body, "<tr>") - 1; rows != 3 || !strings.Contains(visibleText(second.body), "Acme bot") ||
		pagerLink(second.body, "Older") != "" {
		t.Fatalf("second page: %d rows, want the oldest 3 with Acme bot and no Older link", rows)
	}
	if back := alice.get(pagerLink(second.body, "Newer")); back.body != first.body {
		t.Error("Newer from the second page is not the first page")
	}
	// A search pages the same way, keeping the search.
	search := alice.get("/accounts/111/drafts?q=untitled")
	if older := pagerLink(search.body, "Older"); !strings.Contains(older, "q=untitled") {
		t.Errorf("the Older link of a search forgets it: %q", older)
	}
	if a := alice.get("/accounts/111/drafts?after=not-a-place"); a.status != http.StatusNotFound {
		t.Errorf("a made-up cursor: status %d, want 404", a.status)
	}
}

// TestDraftSearchAsTyped: whatever a person types in the search box finds
// the titles that contain it, quotes and search-engine operators included.
func TestDraftSearchAsTyped(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	ts.storeDraft(t, w.alice, `{"client_name":"Say \"hi\" NEAR-bot*"}`)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	for search, want := range map[string]string{
		`"hi"`: `Say "hi" NEAR-bot*`, `NEAR-`: `Say "hi" NEAR-bot*`, `bot*`: `Say "hi" NEAR-bot*`, `i" N`: `Say "hi" NEAR-bot*`,
		`"`: `Say "hi" NEAR-bot*`, `acme BOT`: "Acme bot", `NEAR(x) AND -y`: "", `*`: `Say "hi" NEAR-bot*`,
	} {
		a := alice.get("/accounts/111/drafts?q=" + url.QueryEscape(search))
		text := visibleText(a.body)
		if a.status != http.StatusOK || (want != "" && !strings.Contains(text, want)) || (want == "" && !strings.Contains(text, "No draft's title contains")) {
			t.Errorf("search %q: status %d, want %q listed: %s", search, a.status, want, text)
		}
	}
}

// pagerLink is the address of the pager's link with that text, or "".
func pagerLink(page, text string) string {
	m := regexp.MustCompile(`<a [^>]*href="([^"]*)"[^>]*>` + text + `</a>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}
