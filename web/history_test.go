package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/store"
)

// saveAs stores doc as the draft's next version, by the person given.
func (ts *testServer) saveAs(t *testing.T, d store.Draft, by store.User, doc string) store.Draft {
	t.Helper()
	d, err := ts.store.Draft(context.Background(), d.AccountID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	d, err = ts.store.SaveDraft(context.Background(), d.AccountID, d.ID, d.Version, by.ID, store.DraftInput{Title: "T", Document: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const hookWithSecret = `{"client_name":"Acme bot","capabilities":{"webhooks":{"ms.MessagingEventNotification.ContentEvent":` +
	`{"endpoint":"https://example.com/hook","headers":[{"header_name":"X-Key","header_value":"s3cr3t-value"}]}}}}`

func TestHistoryListsVersionsInTheProductsWords(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	ts.saveAs(t, w.aliceDraft, w.manager, `{"client_name":"Acme care"}`)
	ts.saveAs(t, w.aliceDraft, w.alice, hookWithSecret)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)

	if editor := alice.get(draft); !strings.Contains(editor.body, `href="`+draft+`/history"`) {
		t.Error("the editor's navigation does not lead to the history")
	}
	page := alice.get(draft + "/history")
	text := visibleText(page.body)
	for _, want := range []string{
		"Version 3 Saved by alice@acme.example", "Webhooks > ContentEvent switched on",
		`Version 2 Saved by manager@example.com`, `General > client_name changed from Acme bot to Acme care`,
		"Version 1 Saved by alice@acme.example", "The draft started here.",
		"within 5 minutes", "latest 200 versions",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("history lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(page.body, "s3cr3t-value") {
		t.Error("the history shows a header value")
	}

	version := alice.get(draft + "/history/3")
	if !strings.Contains(visibleText(version.body), "Changes since version 2") || strings.Contains(version.body, "s3cr3t-value") ||
		strings.Contains(version.body, "/history/3/restore") {
		t.Errorf("the current version's page: %s", visibleText(version.body))
	}
	if revealed := alice.get(draft + "/history/3?reveal=headers"); !strings.Contains(revealed.body, "s3cr3t-value") {
		t.Error("header values asked for are not shown")
	}
}

func TestRestoringAVersionAddsOne(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	ts.saveAs(t, w.aliceDraft, w.manager, `{"client_name":"Acme care"}`)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)

	first := alice.get(draft + "/history/1")
	if !strings.Contains(first.body, `action="`+draft+`/history/1/restore"`) || !strings.Contains(first.body, "Restore Version 1") {
		t.Fatalf("no way to restore version 1: %s", visibleText(first.body))
	}
	if a := alice.post(draft+"/history/1/restore", url.Values{"_version": {"1"}}); a.status != http.StatusConflict {
		t.Errorf("a restore from a stale page: %d", a.status)
	}
	a := alice.post(draft+"/history/1/restore", url.Values{"_version": {"2"}})
	if a.status != http.StatusSeeOther || a.location != draft+"/history" {
		t.Fatalf("restore: %d to %q", a.status, a.location)
	}
	d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID)
	if string(d.Document) != `{"client_name":"Acme bot"}` || d.Version != 3 || d.Title != "Acme bot" {
		t.Errorf("after the restore: version %d %q %s", d.Version, d.Title, d.Document)
	}
	text := visibleText(alice.get(draft + "/history").body)
	for _, want := range []string{"Version 3 Saved by alice@acme.example", "restored from version 1 the draft now", "Version 2", "Version 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("history after the restore lacks %q:\n%s", want, text)
		}
	}
}

func TestHistoryIsScopedToTheAccount(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	other, own := "/drafts/"+itoa(w.bobDraft.ID), "/drafts/"+itoa(w.aliceDraft.ID)
	for _, c := range []struct{ method, path string }{
		{"GET", other + "/history"}, {"GET", other + "/history/1"}, {"POST", other + "/history/1/restore"},
		{"GET", own + "/history/9"}, {"GET", own + "/history/one"}, {"POST", own + "/history/9/restore"},
	} {
		if a := alice.send(c.method, c.path, url.Values{"_version": {"1"}}, nil); a.status != http.StatusNotFound {
			t.Errorf("%s %s: %d", c.method, c.path, a.status)
		}
	}
	if d, _ := ts.store.Draft(context.Background(), "222", w.bobDraft.ID); d.Version != 1 {
		t.Error("another account's draft changed")
	}
}

func TestASubmittedDraftIsNotRestored(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	d := ts.saveAs(t, w.aliceDraft, w.alice, string(guideExample(t)))
	if _, err := ts.store.Submit(context.Background(), "111", d.ID, d.Version, w.alice.ID, guideExample(t), "App name"); err != nil {
		t.Fatal(err)
	}
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(d.ID)
	if page := alice.get(draft + "/history/1"); strings.Contains(page.body, "/restore") {
		t.Error("a submitted draft offers a restore")
	}
	if a := alice.post(draft+"/history/1/restore", url.Values{"_version": {"2"}}); a.status != http.StatusConflict {
		t.Errorf("restore of a submitted draft: %d", a.status)
	}
}
