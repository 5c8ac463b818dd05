package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/manifest"
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
			doc:  `{"display_name":"kept","client_name":"A","grant_types":["client_credentials"],"capabilities":{"webhooks":{}},"enabled":true}`,
			form: url.Values{"/client_name": {"B"}},
			want: `{"display_name":"kept","client_name":"B","capabilities":{"webhooks":{}},"enabled":true}`,
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
			applyGeneral(&doc, tt.form)
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
			form: url.Values{"webhook": {contentEvent}, base + "/endpoint": {"https://e.example/h"}, base + "/max_retries": {"3"}},
			want: `{"client_name":"A","capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"https://e.example/h","max_retries":3}}}}`,
		},
		{
			name: "wrong types are kept as typed",
			doc:  `{}`,
			form: url.Values{"webhook": {contentEvent}, base + "/endpoint": {""}, base + "/max_retries": {"abc"}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"","max_retries":"abc"}}}}`,
		},
		{
			name: "2.5 and -1 stay numbers, for the validator to refuse",
			doc:  `{}`,
			form: url.Values{"webhook": {contentEvent}, base + "/endpoint": {"x"}, base + "/max_retries": {" 2.5 "}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","max_retries":2.5}}}}`,
		},
		{
			name: "header rows in order, unknown keys of a kept row stay",
			doc:  `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","headers":[{"header_name":"A","header_value":"1","note":"n"},{"header_name":"B","header_value":"2"}]}}}}`,
			form: url.Values{"webhook": {contentEvent}, base + "/endpoint": {"x"},
				base + "/headers/0/header_name": {"A2"}, base + "/headers/0/header_value": {"1"},
				base + "/headers/1/header_name": {"B"}, base + "/headers/1/header_value": {"two\nlines"}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","headers":[{"header_name":"A2","header_value":"1","note":"n"},{"header_name":"B","header_value":"two\nlines"}]}}}}`,
		},
		{
			name: "add a header row",
			doc:  `{}`,
			form: url.Values{"webhook": {contentEvent}, base + "/endpoint": {"x"}, "_action": {"add-header " + contentEvent}},
			want: `{"capabilities":{"webhooks":{"` + contentEvent + `":{"endpoint":"x","headers":[{"header_name":"","header_value":""}]}}}}`,
		},
		{
			name: "remove the only header row removes headers",
			doc:  `{}`,
			form: url.Values{"webhook": {contentEvent}, base + "/endpoint": {"x"},
				base + "/headers/0/header_name": {"A"}, base + "/headers/0/header_value": {"1"}, "_action": {"remove-header " + contentEvent + " 0"}},
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
			name: "a bad action is ignored",
			doc:  `{}`,
			form: url.Values{"_action": {"remove-header " + contentEvent + " x"}},
			want: `{}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeDoc(t, tt.doc)
			applyWebhooks(&doc, tt.form)
			if got := compact(t, doc); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestApplyEngagement(t *testing.T) {
	e := "/capabilities/engagement/"
	on := url.Values{"engagement": {"on"}, e + "entry_point": {"section"}, e + "goal": {"lead", "url"}, e + "language_selection": {"true"}}
	doc := decodeDoc(t, `{"capabilities":{"engagement":{"design_engagement":true,"extra":1}}}`)
	applyEngagement(&doc, on)
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

	applyEngagement(&doc, url.Values{})
	if got := compact(t, doc); got != `{}` {
		t.Errorf("switched off: %s", got)
	}
}
