package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/views"
)

// noAside is a draft's values set aside when it has none.
func noAside() setAside { return decodeAside(nil) }

func TestSwitchingOffKeepsWhatWasTyped(t *testing.T) {
	hook := "/capabilities/webhooks/" + contentEvent
	tests := []struct {
		name, section, ptr, doc string
	}{
		{"a webhook", "webhooks", hook,
			`{"client_name":"A","capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"https://e.example/h","max_retries":5,` +
				`"headers":[{"header_name":"X-Key","header_value":"s3cr3t"}]}}}}`},
		{"the engagement block", "engagement", "/capabilities/engagement",
			`{"client_name":"A","capabilities":{"engagement":{"design_engagement":false,"design_window":false,"entry_point":["section"],` +
				`"visitor_behavior":["flow"],"target_audience":["ip"],"goal":["lead"],"consumer_identity":["auth"],"language_selection":true}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, aside := decodeDoc(t, tt.doc), noAside()
			applySection(&doc, aside, tt.section, url.Values{})
			if got := compact(t, doc); got != `{"client_name":"A"}` {
				t.Errorf("switched off, the manifest is %s", got)
			}
			// Stored and read back, as a reload or another tab does.
			aside = decodeAside(aside.encode())
			if _, ok := aside.values.Get(tt.ptr); !ok {
				t.Fatalf("nothing set aside at %s: %s", tt.ptr, aside.encode())
			}
			// Switched on, the form posts the switch only: the fields were greyed out.
			applySection(&doc, aside, tt.section, url.Values{views.FormOn: {tt.ptr}})
			if got := compact(t, doc); got != tt.doc {
				t.Errorf("switched on again:\ngot  %s\nwant %s", got, tt.doc)
			}
			if text := aside.encode(); text != nil {
				t.Errorf("still set aside after switching on: %s", text)
			}
		})
	}
}

func TestValuesSetAsideGiveWayToTheDocument(t *testing.T) {
	hook := "/capabilities/webhooks/" + contentEvent
	aside := decodeAside([]byte(`{"` + hook + `":{"endpoint":"https://old.example"},"/capabilities/engagement":{"goal":["lead"]}}`))
	aside.prune(decodeDoc(t, `{"capabilities":{"webhooks":{"`+contentEvent+`":{"endpoint":"https://new.example"}}}}`))
	if got := string(aside.encode()); got != `{"/capabilities/engagement":{"goal":["lead"]}}` {
		t.Errorf("after the JSON section brought the webhook back: %s", got)
	}
}

func TestARemovedRowComesBack(t *testing.T) {
	headers := "/capabilities/webhooks/" + contentEvent + "/headers"
	tests := []struct {
		name, section, doc string
		form               url.Values
		list               string
		index              int
	}{
		{"a header", "webhooks",
			`{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"https://e.example","headers":[` +
				`{"header_name":"A","header_value":"1"},{"header_name":"B","header_value":"2"}]}}}}`,
			url.Values{views.FormOn: {"/capabilities/webhooks/" + contentEvent}, "/capabilities/webhooks/" + contentEvent + "/endpoint": {"https://e.example"},
				headers + "/0/header_name": {"A"}, headers + "/0/header_value": {"1"}, headers + "/1/header_name": {"B"}, headers + "/1/header_value": {"2"}},
			headers, 0},
		{"the last redirect URI", "signin", `{"grant_types":["authorization_code"],"redirect_uris":["https://a.example/cb"]}`,
			url.Values{"/redirect_uris/0": {"https://a.example/cb"}}, "/redirect_uris", 0},
		{"a localized name", "general", `{"client_name":"A","client_name#de":"A DE","client_name#fr":"A FR"}`,
			url.Values{"/client_name": {"A"}, "_tag/0": {"de"}, "_name/0": {"A DE"}, "_tag/1": {"fr"}, "_name/1": {"A FR"}}, "/client_name#", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeDoc(t, tt.doc)
			before := doc.Clone()
			form := url.Values{views.FormAction: {"remove-row " + tt.list + " " + itoa(int64(tt.index))}}
			for k, v := range tt.form {
				form[k] = v
			}
			undo := applySection(&doc, noAside(), tt.section, form)
			if undo == nil || undo.List != tt.list || undo.Index != tt.index || doc.Equal(before) {
				t.Fatalf("remove: undo %+v, manifest %s", undo, compact(t, doc))
			}
			// Undo posts what the form shows then, and the row it carries.
			back := applyRowAction(&doc, "restore-row "+tt.list+" "+itoa(int64(tt.index))+" "+undo.Row)
			if back != nil || compact(t, doc) != compact(t, before) {
				t.Errorf("after Undo:\ngot  %s\nwant %s", compact(t, doc), compact(t, before))
			}
		})
	}
}

func TestTheEditorKeepsAWebhookSwitchedOff(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	hook := "/capabilities/webhooks/" + contentEvent
	ts.saveAs(t, w.aliceDraft, w.alice, hookWithSecret)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	webhooks := "/drafts/" + itoa(w.aliceDraft.ID) + "/edit/webhooks"

	a := alice.autosave(webhooks, url.Values{"_version": {"2"}, "_changed": {views.FormOn}})
	if a.status != http.StatusOK {
		t.Fatalf("switch off: %d", a.status)
	}
	d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID)
	if strings.Contains(string(d.Document), "example.com/hook") || !strings.Contains(string(d.SetAside), "example.com/hook") {
		t.Fatalf("switched off: document %s, set aside %s", d.Document, d.SetAside)
	}
	page := alice.get(webhooks)
	endpoint := `id="` + views.FieldID(hook+"/endpoint") + `" name="` + hook + `/endpoint" value="https://example.com/hook"`
	if !strings.Contains(page.body, `<fieldset class="plain set-aside" disabled>`) || !strings.Contains(page.body, endpoint) ||
		!strings.Contains(visibleText(page.body), "it is not in the manifest") {
		t.Errorf("the page does not show the webhook's values greyed out:\n%s", visibleText(page.body))
	}
	if preview := page.body[strings.Index(page.body, `id="preview"`):]; strings.Contains(preview, "example.com/hook") {
		t.Error("values set aside are in the manifest file")
	}

	a = alice.autosave(webhooks, url.Values{"_version": {"3"}, "_changed": {views.FormOn}, views.FormOn: {hook}})
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); a.status != http.StatusOK || string(d.Document) != hookWithSecret || len(d.SetAside) != 0 {
		t.Errorf("switched on: %d, document %s, set aside %s", a.status, d.Document, d.SetAside)
	}
}

func TestTheEditorUndoesARemovedHeader(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	hook := "/capabilities/webhooks/" + contentEvent
	ts.saveAs(t, w.aliceDraft, w.alice, hookWithSecret)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	webhooks := "/drafts/" + itoa(w.aliceDraft.ID) + "/edit/webhooks"
	form := url.Values{"_version": {"2"}, views.FormOn: {hook}, hook + "/endpoint": {"https://example.com/hook"},
		hook + "/headers/0/header_name": {"X-Key"}, hook + "/headers/0/header_value": {"s3cr3t-value"},
		views.FormAction: {"remove-row " + hook + "/headers 0"}}

	// Without scripts: the page comes back with Undo, which carries the row.
	a := alice.post(webhooks, form)
	undo := regexp.MustCompile(`<button type="submit" class="link" name="_action" value="([^"]*)">Undo</button>`).FindStringSubmatch(a.body)
	if a.status != http.StatusOK || undo == nil || !strings.Contains(visibleText(a.body), "removed. Undo") {
		t.Fatalf("remove: %d, no Undo in\n%s", a.status, visibleText(a.body))
	}
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); strings.Contains(string(d.Document), "X-Key") {
		t.Fatalf("the header was not removed: %s", d.Document)
	}
	a = alice.post(webhooks, url.Values{"_version": {"3"}, views.FormOn: {hook}, hook + "/endpoint": {"https://example.com/hook"},
		views.FormAction: {html.UnescapeString(undo[1])}})
	if d, _ := ts.store.Draft(context.Background(), "111", w.aliceDraft.ID); a.status != http.StatusOK || string(d.Document) != hookWithSecret {
		t.Errorf("after Undo: %d, %s", a.status, d.Document)
	}
	if strings.Contains(a.body, ">Undo</button>") {
		t.Error("Undo is still offered after undoing")
	}
}
