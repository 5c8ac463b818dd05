package web

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
	"golang.org/x/crypto/bcrypt"
)

// editorPost is an autosave as htmx sends it.
func (c *browserlessClient) autosave(path string, form url.Values) answer {
	return c.send(http.MethodPost, path, form, map[string]string{"HX-Request": "true"})
}

func TestEditorAutosave(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)

	page := alice.get(draft)
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="section-form"`) || !strings.Contains(page.body, `name="/client_name"`) {
		t.Fatalf("editor page: %d", page.status)
	}

	// An autosave of a bad logo: saved as typed, error shown at the touched field only.
	a := alice.autosave(draft+"/edit/general", url.Values{"_version": {"1"}, "_changed": {"/logo_uri"},
		"/client_name": {""}, "/logo_uri": {"javascript:alert(1)"}, "/grant_types": {"client_credentials"}})
	if a.status != http.StatusOK || strings.Contains(a.body, "<html") {
		t.Fatalf("autosave: %d", a.status)
	}
	logoBox := `id="` + views.FieldID("/logo_uri") + `-problems" hx-swap-oob="true"><p class="field-error">`
	if !strings.Contains(a.body, logoBox) {
		t.Errorf("logo error not at the logo field:\n%s", a.body)
	}
	nameBox := `id="` + views.FieldID("/client_name") + `-problems" hx-swap-oob="true"></div>`
	if !strings.Contains(a.body, nameBox) {
		t.Error("an untouched field shows its error")
	}
	for _, oob := range []string{`id="editor-nav" aria-label="Sections" hx-swap-oob="true"`, `id="problems"`, `id="preview"`, `id="saved-stamp"`, `id="draft-version" value="2" hx-swap-oob="true"`, `value="/logo_uri"`} {
		if !strings.Contains(a.body, oob) {
			t.Errorf("update lacks %s", oob)
		}
	}
	d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID)
	if d.Version != 2 || !strings.Contains(string(d.Document), `"logo_uri":"javascript:alert(1)"`) || d.Title != "Untitled" || d.Errors == 0 {
		t.Errorf("stored: version %d title %q errors %d doc %s", d.Version, d.Title, d.Errors, d.Document)
	}

	// The same form again changes nothing and stores nothing.
	alice.autosave(draft+"/edit/general", url.Values{"_version": {"2"}, "/client_name": {""}, "/logo_uri": {"javascript:alert(1)"}, "/grant_types": {"client_credentials"}})
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); d.Version != 2 {
		t.Errorf("a save without a change made version %d", d.Version)
	}

	// A webhook switched on draws the whole section again.
	a = alice.autosave(draft+"/edit/webhooks", url.Values{"_version": {"2"}, "_changed": {views.FormOn}, views.FormOn: {"/capabilities/webhooks/" + contentEvent}})
	if !strings.Contains(a.body, `id="section-body" hx-swap-oob="true"`) || !strings.Contains(a.body, `name="/capabilities/webhooks/`+contentEvent+`/endpoint"`) {
		t.Errorf("switching a webhook on does not redraw the section")
	}

	// A stale version is a conflict: nothing is overwritten.
	a = alice.autosave(draft+"/edit/general", url.Values{"_version": {"1"}, "/client_name": {"Stale tab"}})
	if a.status != http.StatusConflict || !strings.Contains(a.body, "Your last change was not saved") {
		t.Fatalf("stale save: %d", a.status)
	}
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); strings.Contains(string(d.Document), "Stale tab") {
		t.Error("a stale save overwrote the draft")
	}
	if saved := alice.get(draft + "/saved"); !strings.Contains(saved.body, "javascript:alert(1)") {
		t.Error("the saved version page does not show the stored draft")
	}
}

func TestEditorRefusesAManifestOverTheLimit(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	huge := strings.Repeat("x", maxBodyBytes-4096)
	a := alice.autosave("/drafts/"+itoa(w.aliceDraft.ID)+"/edit/general", url.Values{"_version": {"1"}, "/client_name": {"A"}, "/description": {huge}})
	if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "MiB") {
		t.Errorf("huge description: %d %.200s", a.status, a.body)
	}
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); d.Version != 1 {
		t.Error("an oversized manifest was saved")
	}
}

func TestEditorWithoutJavaScript(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)
	a := alice.post(draft+"/edit/general", url.Values{"_version": {"1"}, "_save": {"1"}, "/client_name": {""}, "/scope": {"other"}})
	if a.status != http.StatusOK || !strings.Contains(a.body, "<html") {
		t.Fatalf("plain save: %d", a.status)
	}
	for _, ptr := range []string{"/client_name", "/scope"} {
		if !strings.Contains(a.body, `id="`+views.FieldID(ptr)+`-problems"><p class="field-error">`) {
			t.Errorf("after Save, %s does not show its error", ptr)
		}
		if !strings.Contains(a.body, `id="`+views.FieldID(ptr)+`" name="`+ptr+`"`) {
			t.Errorf("%s input missing", ptr)
		}
	}
	if !strings.Contains(a.body, `aria-invalid="true"`) {
		t.Error("no input marked invalid after Save")
	}
}

func TestEditorJSONSection(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)
	stored := func() store.Draft {
		d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID)
		return d
	}

	// Text that does not parse is kept as typed, beside the manifest, which stays.
	broken := "{\n  \"client_name\": \"New\",\n  \"scope\": msg\n}"
	a := alice.post(draft+"/edit/json", url.Values{"_version": {"1"}, "json": {broken}})
	if a.status != http.StatusOK || !strings.Contains(a.body, `<a href="#json-text" data-line="3" data-column="12">line 3, column 12</a>`) {
		t.Fatalf("broken JSON: %d\n%s", a.status, visibleText(a.body))
	}
	if d := stored(); string(d.JSONText) != broken || string(d.Document) != `{"client_name":"Acme bot"}` {
		t.Errorf("stored: JSON text %q, document %s", d.JSONText, d.Document)
	}
	page := alice.get(draft + "/edit/json")
	if text := visibleText(page.body); !strings.Contains(text, "This text does not parse yet; the forms show the last version that did.") ||
		!strings.Contains(page.body, html.EscapeString(broken)) || !strings.Contains(text, "unexpected 'm' where a value should start") {
		t.Errorf("after a reload the JSON section shows:\n%s", text)
	}
	if general := alice.get(draft); !strings.Contains(general.body, `value="Acme bot"`) || !strings.Contains(visibleText(general.body), "holds text that does not parse yet") {
		t.Error("the forms do not show the last version that parsed, or do not say the JSON section holds more")
	}
	dup := `{"client_name": "a", "client_name": "b"}`
	if a := alice.post(draft+"/edit/json", url.Values{"_version": {"2"}, "json": {dup}}); a.status != http.StatusOK || string(stored().JSONText) != dup {
		t.Errorf("duplicate keys: %d, kept %q", a.status, stored().JSONText)
	}
	if a := alice.post(draft+"/edit/json", url.Values{"_version": {"3"}, "json": {"{\"client_name\": \"\xff\""}}); a.status != http.StatusUnprocessableEntity || string(stored().JSONText) != dup {
		t.Errorf("text that is not UTF-8: %d, kept %q", a.status, stored().JSONText)
	}

	// Discard drops the text; the section shows the manifest again.
	if a := alice.post(draft+"/edit/json", url.Values{"_version": {"3"}, "json": {dup}, views.FormDiscard: {"1"}}); a.status != http.StatusOK || len(stored().JSONText) != 0 {
		t.Fatalf("discard: %d, kept %q", a.status, stored().JSONText)
	}

	good := `{"client_name": "From JSON", "scope": "msg.consumer", "display_name": "kept"}`
	a = alice.post(draft+"/edit/json", url.Values{"_version": {"4"}, "json": {good}})
	if a.status != http.StatusOK || strings.Contains(a.body, "does not parse yet") {
		t.Fatalf("good JSON: %d", a.status)
	}
	general := alice.get(draft)
	if !strings.Contains(general.body, `value="From JSON"`) || !strings.Contains(general.body, "/display_name") {
		t.Error("the forms do not show the applied JSON, or the unknown field is not listed")
	}
}

// Text that parses to the manifest as it is still clears the kept text.
func TestJSONThatParsesAgainClearsTheKeptText(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)
	alice.post(draft+"/edit/json", url.Values{"_version": {"1"}, "json": {`{"client_name": "Acme bot",`}})
	a := alice.post(draft+"/edit/json", url.Values{"_version": {"2"}, "json": {`{"client_name": "Acme bot"}`}})
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); a.status != http.StatusOK || len(d.JSONText) != 0 {
		t.Errorf("%d, still kept: %q", a.status, d.JSONText)
	}
	// From a page older than the draft, the text stays on the page only.
	a = alice.post(draft+"/edit/json", url.Values{"_version": {"1"}, "json": {`{"client_name": "Stale",`}})
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); a.status != http.StatusConflict || len(d.JSONText) != 0 ||
		!strings.Contains(a.body, "Stale") || strings.Contains(a.body, "does not parse yet;") {
		t.Errorf("a stale page: %d, kept %q", a.status, d.JSONText)
	}
}

func TestEditorRoutesAreScopedToTheAccount(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	other := "/drafts/" + itoa(w.bobDraft.ID)
	for _, c := range []struct{ method, path string }{
		{"GET", other + "/edit/general"}, {"GET", other + "/edit/json"}, {"GET", other + "/saved"},
		{"POST", other + "/edit/general"}, {"POST", other + "/edit/webhooks"}, {"POST", other + "/edit/json"},
		{"GET", "/drafts/" + itoa(w.aliceDraft.ID) + "/edit/nonsense"},
		{"POST", "/drafts/" + itoa(w.aliceDraft.ID) + "/edit/nonsense"},
	} {
		if a := alice.send(c.method, c.path, url.Values{"_version": {"1"}, "/client_name": {"x"}, "json": {"{}"}}, nil); a.status != http.StatusNotFound {
			t.Errorf("%s %s: %d", c.method, c.path, a.status)
		}
	}
	if d, _ := ts.store.Draft(context.Background(), "222", w.bobDraft.ID); d.Version != 1 {
		t.Error("another account's draft changed")
	}
}

// BenchmarkAutosave is one autosave round trip through the whole handler:
// session, authorization, form decoding, validation, the save, and the
// rendered update. Each iteration changes the description, so each saves.
func BenchmarkAutosave(b *testing.B) {
	ts := newTestServer(b)
	ctx := context.Background()
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if _, err := ts.store.CreateAccount(ctx, "111", "Acme"); err != nil {
		b.Fatal(err)
	}
	u, err := ts.store.CreateUser(ctx, store.User{Email: "alice@acme.example", Role: store.RoleCustomer, AccountID: "111", PasswordHash: hash})
	if err != nil {
		b.Fatal(err)
	}
	guide := guideExample(b)
	doc, _ := manifest.Decode(guide)
	d, err := ts.store.CreateDraft(ctx, "111", u.ID, draftInput(doc, guide))
	if err != nil {
		b.Fatal(err)
	}
	login := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {u.Email}, "password": {testPassword}}.Encode()))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cookie := ts.do(b, login).Result().Cookies()[0]

	path := "/drafts/" + itoa(d.ID) + "/edit/general"
	form := url.Values{"/client_name": {"App name"}, "/grant_types": {"client_credentials"}, "/scope": {"msg.consumer"},
		"/logo_uri": {"/src/modules/campaigns/assets/img/software/Mobile-App.png"}, "_changed": {"/description"}}
	version := d.Version
	b.ReportAllocs()
	for b.Loop() {
		form.Set("_version", strconv.FormatInt(version, 10))
		form.Set("/description", "App description "+strconv.FormatInt(version, 10))
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("HX-Request", "true")
		r.AddCookie(cookie)
		if rec := ts.do(b, r); rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		version++
	}
}

// Bytes that are not UTF-8 are never stored, nor replaced: the save is
// refused with the problem at the field, and the draft stays as it was.
func TestEditorRefusesInvalidUTF8(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)

	a := alice.autosave(draft+"/edit/general", url.Values{"_version": {"1"}, "_changed": {"/client_name"}, "/client_name": {"Acme \xff\xfe"}})
	if a.status != http.StatusUnprocessableEntity {
		t.Fatalf("autosave with invalid UTF-8: %d", a.status)
	}
	box := `id="` + views.FieldID("/client_name") + `-problems" hx-swap-oob="true"><p class="field-error">`
	if !strings.Contains(a.body, box) || !strings.Contains(a.body, "not UTF-8") || strings.Contains(a.body, "\ufffd") {
		t.Errorf("the problem is not at the name field, or the bytes were replaced:\n%s", a.body)
	}
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); d.Version != 1 || strings.Contains(string(d.Document), "\ufffd") {
		t.Errorf("stored: version %d, %s", d.Version, d.Document)
	}
}

// A new draft starts from the template of the kind asked for.
func TestNewDraftOfEachKind(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	page := alice.get("/accounts/111/drafts")
	for _, c := range manifest.AppKindChoices {
		if !strings.Contains(page.body, `value="`+string(c.Kind)+`"`) || !strings.Contains(page.body, html.EscapeString(c.Help)) {
			t.Errorf("the drafts page does not offer a new %s", c.Label)
		}
	}
	for _, c := range manifest.AppKindChoices {
		a := alice.send(http.MethodPost, "/accounts/111/drafts", url.Values{"kind": {string(c.Kind)}}, nil)
		if a.status != http.StatusSeeOther {
			t.Fatalf("new %s: %d", c.Kind, a.status)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(a.location, "/drafts/"), 10, 64)
		d, err := ts.store.Draft(context.Background(), "111", id)
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := manifest.Decode(d.Document)
		if !doc.Equal(manifest.NewDraft(c.Kind)) {
			t.Errorf("new %s draft: %s", c.Kind, d.Document)
		}
		editor := alice.get(a.location)
		if c.Kind == manifest.WebApp && (!strings.Contains(editor.body, "Sign-in and launch") || strings.Contains(editor.body, "/edit/webhooks")) {
			t.Errorf("a web app's editor offers the wrong sections")
		}
		if c.Kind == manifest.Connector && strings.Contains(editor.body, "/edit/signin") {
			t.Errorf("a connector's editor offers sign-in")
		}
	}
	if a := alice.send(http.MethodPost, "/accounts/111/drafts", url.Values{"kind": {"spaceship"}}, nil); a.status != http.StatusBadRequest {
		t.Errorf("an unknown kind: %d", a.status)
	}
}
