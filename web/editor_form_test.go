package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/views"
)

func decodeDoc(t *testing.T, text string) manifest.Document {
	t.Helper()
	doc, problems := manifest.Decode([]byte(text))
	if manifest.HasErrors(problems) {
		t.Fatalf("test document does not parse: %v", problems)
	}
	return doc
}

// compact is the document's JSON in its own key order.
func compact(t *testing.T, doc manifest.Document) string {
	t.Helper()
	b, err := doc.Root.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const contentEvent = "ms.MessagingEventNotification.ContentEvent"

func TestApplyGeneral(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		form url.Values
		want string
	}{
		{
			name: "texts as typed, empty optional texts removed, required name kept empty",
			doc:  `{"client_name":"Old","description":"d","scope":"msg.consumer","logo_uri":"/x.png"}`,
			form: url.Values{"/client_name": {""}, "/description": {""}, "/scope": {"msg.consumer  other"}, "/logo_uri": {"javascript:alert(1)"}},
			want: `{"client_name":"","scope":"msg.consumer  other","logo_uri":"javascript:alert(1)"}`,
		},
		{
			name: "grant types as checked, in form order; none checked removes the key",
			doc:  `{"client_name":"A","grant_types":["client_credentials"]}`,
			form: url.Values{"/client_name": {"A"}, "/grant_types": {"client_credentials", "refresh_token"}},
			want: `{"client_name":"A","grant_types":["client_credentials","refresh_token"]}`,
		},
		{
			name: "unknown keys and other sections are left alone",
			doc:  `{"nickname":"kept","client_name":"A","grant_types":["client_credentials"],"capabilities":{"webhooks":{}},"enabled":true}`,
			form: url.Values{"/client_name": {"B"}},
			want: `{"nickname":"kept","client_name":"B","capabilities":{"webhooks":{}},"enabled":true}`,
		},
		{
			name: "localized names: each row's tag names its key; a new row waits for its tag",
			doc:  `{"client_name":"A","client_name#de":"A DE","client_name#fr":"A FR"}`,
			form: url.Values{"/client_name": {"A"}, "_tag/0": {"de-AT"}, "_name/0": {"A AT"}, "_tag/1": {"fr"}, "_name/1": {"A FR"}, "_action": {"add-row /client_name#"}},
			want: `{"client_name":"A","client_name#de-AT":"A AT","client_name#fr":"A FR","client_name#":""}`,
		},
		{
			name: "remove a localized name",
			doc:  `{"client_name":"A","client_name#de":"A DE","client_name#fr":"A FR"}`,
			form: url.Values{"/client_name": {"A"}, "_tag/0": {"de"}, "_name/0": {"A DE"}, "_tag/1": {"fr"}, "_name/1": {"A FR"}, "_action": {"remove-row /client_name# 0"}},
			want: `{"client_name":"A","client_name#fr":"A FR"}`,
		},
		{
			name: "unicode and markup are text",
			doc:  `{}`,
			form: url.Values{"/client_name": {"<b>Ünïcødé</b> 日本 😀"}},
			want: `{"client_name":"<b>Ünïcødé</b> 日本 😀"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeDoc(t, tt.doc)
			applySection(&doc, noAside(), "general", tt.form)
			if got := compact(t, doc); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestApplyWebhooks(t *testing.T) {
	base := "/capabilities/webhooks/" + contentEvent
	tests := []struct {
		name string
		doc  string
		form url.Values
		want string
	}{
		{
			name: "switching on makes the webhook; numbers are numbers",
			doc:  `{"client_name":"A"}`,
			form: url.Values{views.FormOn: {base}, base + "/endpoint": {"https://e.example/h"}, base + "/max_retries": {"3"}},
			want: `{"client_name":"A","capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"https://e.example/h","max_retries":3}}}}`,
		},
		{
			name: "wrong types are kept as typed",
			doc:  `{}`,
			form: url.Values{views.FormOn: {base}, base + "/endpoint": {""}, base + "/max_retries": {"abc"}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"","max_retries":"abc"}}}}`,
		},
		{
			name: "2.5 and -1 stay numbers, for the validator to refuse",
			doc:  `{}`,
			form: url.Values{views.FormOn: {base}, base + "/endpoint": {"x"}, base + "/max_retries": {" 2.5 "}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","max_retries":2.5}}}}`,
		},
		{
			name: "header rows in order, unknown keys of a kept row stay",
			doc:  `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","headers":[{"header_name":"A","header_value":"1","note":"n"},{"header_name":"B","header_value":"2"}]}}}}`,
			form: url.Values{views.FormOn: {base}, base + "/endpoint": {"x"},
				base + "/headers/0/header_name": {"A2"}, base + "/headers/0/header_value": {"1"},
				base + "/headers/1/header_name": {"B"}, base + "/headers/1/header_value": {"two\nlines"}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","headers":[{"header_name":"A2","header_value":"1","note":"n"},{"header_name":"B","header_value":"two\nlines"}]}}}}`,
		},
		{
			name: "add a header row",
			doc:  `{}`,
			form: url.Values{views.FormOn: {base}, base + "/endpoint": {"x"}, "_action": {"add-row " + base + "/headers"}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","headers":[{"header_name":"","header_value":""}]}}}}`,
		},
		{
			name: "remove the only header row removes headers",
			doc:  `{}`,
			form: url.Values{views.FormOn: {base}, base + "/endpoint": {"x"},
				base + "/headers/0/header_name": {"A"}, base + "/headers/0/header_value": {"1"}, "_action": {"remove-row " + base + "/headers 0"}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x"}}}}`,
		},
		{
			name: "switching off removes the webhook, then the empty objects",
			doc:  `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x"}}}}`,
			form: url.Values{},
			want: `{}`,
		},
		{
			name: "the legacy key and unknown event types are not the form's to touch",
			doc:  `{"capabilities":{"webhooks":{"` + manifest.LegacyExConversationEvent + `":{"endpoint":"x"},"bogus":1}}}`,
			form: url.Values{},
			want: `{"capabilities":{"webhooks":{"` + manifest.LegacyExConversationEvent + `":{"endpoint":"x"},"bogus":1}}}`,
		},
		{
			name: "the retry policy: a number of seconds, left out when blank",
			doc:  `{"capabilities":{"webhooks":{"retry":{"retention_time":60}}}}`,
			form: url.Values{"/capabilities/webhooks/retry/retention_time": {"86400"}},
			want: `{"capabilities":{"webhooks":{"retry":{"retention_time":86400}}}}`,
		},
		{
			name: "an empty retention time removes the policy",
			doc:  `{"capabilities":{"webhooks":{"retry":{"retention_time":60}}}}`,
			form: url.Values{"/capabilities/webhooks/retry/retention_time": {""}},
			want: `{}`,
		},
		{
			name: "a bad action is ignored",
			doc:  `{}`,
			form: url.Values{"_action": {"remove-row " + base + "/headers x"}},
			want: `{}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeDoc(t, tt.doc)
			applySection(&doc, noAside(), "webhooks", tt.form)
			if got := compact(t, doc); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestApplyEngagement(t *testing.T) {
	e := "/capabilities/engagement/"
	on := url.Values{views.FormOn: {"/capabilities/engagement"}, e + "entry_point": {"section"}, e + "goal": {"lead", "url"}, e + "language_selection": {"true"}}
	doc := decodeDoc(t, `{"capabilities":{"engagement":{"design_engagement":true,"extra":1}}}`)
	applySection(&doc, noAside(), "engagement", on)
	want := `{"capabilities":{"engagement":{"design_engagement":false,"extra":1,"design_window":false,"entry_point":["section"],` +
		`"visitor_behavior":[],"target_audience":[],"goal":["lead","url"],"consumer_identity":["auth"],"language_selection":true}}}`
	if got := compact(t, doc); got != want {
		t.Errorf("switched on:\ngot  %s\nwant %s", got, want)
	}
	for _, p := range manifest.Validate(doc) {
		if p.Severity == manifest.SeverityError && strings.HasPrefix(p.Path, "/capabilities") {
			t.Errorf("a filled engagement block has an error: %+v", p)
		}
	}

	applySection(&doc, noAside(), "engagement", url.Values{})
	if got := compact(t, doc); got != `{}` {
		t.Errorf("switched off: %s", got)
	}
}

func TestApplySignIn(t *testing.T) {
	doc := manifest.NewDraft(manifest.WebApp)
	form := url.Values{
		"/redirect_uris/0": {"https://app.example/cb"}, "/redirect_uris/1": {""},
		"/response_types": {"code"}, "/quick_launch_enabled": {"true"}, "/entry_uri": {"https://app.example/start"},
		"/enabled_for_profiles/0": {"3"}, "/enabled_for_profiles/1": {"x"},
		"_action": {"add-row /redirect_uris"},
	}
	applySection(&doc, noAside(), "signin", form)
	want := `{"client_name":"","grant_types":["authorization_code","refresh_token"],"response_types":["code"],"scope":"msg.consumer","quick_launch_enabled":true,` +
		`"redirect_uris":["https://app.example/cb","",""],"entry_uri":"https://app.example/start","enabled_for_profiles":[3,"x"]}`
	if got := compact(t, doc); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	applySection(&doc, noAside(), "signin", url.Values{"/response_types": {"code"}, "_action": {"remove-row /enabled_for_profiles 0"},
		"/enabled_for_profiles/0": {"3"}})
	if got := compact(t, doc); !strings.Contains(got, `"quick_launch_enabled":false`) || strings.Contains(got, "redirect_uris") || strings.Contains(got, "enabled_for_profiles") {
		t.Errorf("switched off and rows removed: %s", got)
	}
}
