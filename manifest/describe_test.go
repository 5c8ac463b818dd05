package manifest

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Pointers of webhooks the tests switch on and off.
const (
	cqmHook    = "/capabilities/webhooks/cqm.ExConversationChangeNotification"
	chatHook   = "/capabilities/webhooks/ms.MessagingEventNotification.ChatStateEvent"
	richHook   = "/capabilities/webhooks/ms.MessagingEventNotification.RichContentEvent"
	legacyHook = "/capabilities/webhooks/" + LegacyExConversationEvent
)

// itemLines writes items as "Label: Value", with " (secret)" for secrets,
// so that a case reads the way a reviewer sees the section.
func itemLines(items []DescribedItem) []string {
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = it.Label + ": " + it.Value
		if it.Secret {
			lines[i] += " (secret)"
		}
	}
	return lines
}

func sectionNamed(sections []DescribedSection, title string) []DescribedItem {
	for _, s := range sections {
		if s.Title == title {
			return s.Items
		}
	}
	return nil
}

func titles(sections []DescribedSection) []string {
	var ts []string
	for _, s := range sections {
		ts = append(ts, s.Title)
	}
	return ts
}

func TestDescribeGuideExample(t *testing.T) {
	doc := decodeOK(t, guideExample(t))
	got := Describe(doc)
	if ts := titles(got); !slices.Equal(ts, []string{"General", "Webhooks", "Engagement"}) {
		t.Fatalf("sections %q", ts)
	}
	want := map[string][]string{
		"General": {
			"App name: App name",
			"Description: App description",
			"Grant types: Client credentials",
			"Scope: msg.consumer",
			"Logo: /src/modules/campaigns/assets/img/software/Mobile-App.png",
		},
		"Webhooks": {
			"ContentEvent endpoint: https://your/webhooks/endpoint",
			"ContentEvent max retries: 3",
			"ContentEvent header NAME: VALUE (secret)",
			"RichContentEvent endpoint: https://your/webhooks/endpoint",
			"RichContentEvent max retries: 5",
			"RichContentEvent header NAME: VALUE (secret)",
			"AcceptStatusEvent endpoint: https://your/webhooks/endpoint",
			"AcceptStatusEvent max retries: 1",
			"ChatStateEvent endpoint: https://your/webhooks/endpoint",
			"ExConversationChangeNotification endpoint: https://your/webhooks/endpoint",
		},
		"Engagement": {
			"Design engagement: no",
			"Design window: no",
			"Entry points: Section",
			"Visitor behavior: Visited location, Time on location, Flow, Engaged in session, About to abandon, " +
				"Cart value, Cart items, Visitor error, Viewed products, Service activity",
			"Target audience: External referral, Search keywords, IP address, Platform, Geo location, Returning visitors, " +
				"Marketing source, Customer type, Age, Balance, Customer ID, Gender, Store ZIP code, Store number, " +
				"Company size, Registration date",
			"Goals: URL, Purchase total, Number of pages, Lead, Service activity",
			"Consumer identity: Authenticated",
			"Language selection: no",
		},
	}
	for title, lines := range want {
		if got := itemLines(sectionNamed(got, title)); !slices.Equal(got, lines) {
			t.Errorf("%s:\ngot  %q\nwant %q", title, got, lines)
		}
	}
	// Every item points at the value it describes, so comments can attach to it.
	for _, s := range got {
		for _, it := range s.Items {
			if _, ok := doc.Get(it.Pointer); !ok {
				t.Errorf("%s: pointer %q finds nothing", it.Label, it.Pointer)
			}
		}
	}
	if p := sectionNamed(got, "Webhooks")[2].Pointer; p != wh+"/headers/0/header_value" {
		t.Errorf("header item points at %q", p)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name    string
		edits   []edit
		section string
		want    []string // the section's items, exactly
	}{
		{"engagement off", []edit{del(eng)}, "Engagement", []string{"Engagement: not used"}},
		{"engagement empty is judged", []edit{set(eng, `{}`)}, "Engagement", []string{
			"Design engagement: (missing)", "Design window: (missing)", "Entry points: (missing)", "Visitor behavior: (missing)",
			"Target audience: (missing)", "Goals: (missing)", "Consumer identity: (missing)", "Language selection: (missing)"}},
		{"engagement off", []edit{del(eng)}, "Engagement", []string{"Engagement: not used"}},
		{"webhook off is not listed", []edit{del(cqmHook)}, "Webhooks", []string{
			"ContentEvent endpoint: https://hooks.example.com/content?team=1",
			"ContentEvent max retries: 3",
			"ContentEvent header Authorization: Bearer abc123 (secret)"}},
		{"empty webhook lacks its endpoint", []edit{set(wh, `{}`)}, "Webhooks", []string{
			"ContentEvent endpoint: (missing)",
			"ExConversationChangeNotification endpoint: https://hooks.example.com/conversations"}},
		{"retry policy in human terms", []edit{set("/capabilities/webhooks/retry", `{"retention_time": 86400}`), del(wh)}, "Webhooks", []string{
			"Retry policy retention time: 86400 (1 day)",
			"ExConversationChangeNotification endpoint: https://hooks.example.com/conversations"}},
		{"no webhooks", []edit{del("/capabilities/webhooks")}, "Webhooks", []string{"Webhooks: none"}},
		{"absent and empty optionals left out", []edit{del("/description"), set("/logo_uri", `""`), del("/grant_types")},
			"General", []string{"App name: Acme Connector", "Scope: msg.consumer"}},
		{"later general fields", []edit{set("/client_name#de", `"Acme Verbinder"`), set("/display_name", `"Acme"`)},
			"General", []string{"App name: Acme Connector", "Localized name (de): Acme Verbinder", "Display name: Acme",
				"Description: Routes Acme's messages to LiveEngage", "Grant types: Client credentials",
				"Scope: msg.consumer", "Logo: https://cdn.example.com/acme/logo.png"}},
		{"missing required", []edit{del("/client_name")}, "General", []string{
			"App name: (missing)", "Description: Routes Acme's messages to LiveEngage", "Grant types: Client credentials",
			"Scope: msg.consumer", "Logo: https://cdn.example.com/acme/logo.png"}},
		{"empty required string", []edit{set("/client_name", `""`), set("/description", `"  "`)}, "General", []string{
			"App name: (empty)", "Description:   ", "Grant types: Client credentials",
			"Scope: msg.consumer", "Logo: https://cdn.example.com/acme/logo.png"}},
		{"missing engagement list", []edit{del(eng + "/goal"), set(eng+"/target_audience", `[]`)}, "Engagement", []string{
			"Design engagement: no", "Design window: no", "Entry points: Section", "Visitor behavior: Flow",
			"Target audience: none", "Goals: (missing)", "Consumer identity: Authenticated", "Language selection: yes"}},
		{"unknown and mistyped list values", []edit{set("/grant_types", `["client_credentials", "password", 7]`)},
			"General", []string{"App name: Acme Connector", "Description: Routes Acme's messages to LiveEngage",
				"Grant types: Client credentials, password, 7", "Scope: msg.consumer", "Logo: https://cdn.example.com/acme/logo.png"}},
		{"headers without a name, several", []edit{set(wh+"/headers", `[{"header_value": "v1"}, {"header_name": "X-Api-Key", "header_value": "k"}, {"header_name": "X-B"}]`)},
			"Webhooks", []string{
				"ContentEvent endpoint: https://hooks.example.com/content?team=1",
				"ContentEvent max retries: 3",
				"ContentEvent header #1: v1 (secret)",
				"ContentEvent header X-Api-Key: k (secret)",
				"ContentEvent header X-B: (missing)",
				"ExConversationChangeNotification endpoint: https://hooks.example.com/conversations"}},
		{"legacy event and unknown event type", []edit{del(wh), del(cqmHook),
			set(legacyHook, `{"endpoint": "https://old.example"}`), set("/capabilities/webhooks/bogus.Event", `{"max_retries": 2}`)},
			"Webhooks", []string{
				"ExConversationChangeNotification (old name) endpoint: https://old.example",
				"bogus.Event endpoint: (missing)",
				"bogus.Event max retries: 2"}},
		{"wrong types in a webhook", []edit{set(wh+"/max_retries", `"3"`), set(wh+"/endpoint", `2.50`), set(wh+"/headers", `{"a": "b"}`), del(cqmHook)},
			"Webhooks", []string{
				"ContentEvent endpoint: 2.50",
				"ContentEvent max retries: 3",
				`ContentEvent headers: {"a":"b"} (secret)`}},
		{"header row not an object", []edit{set(wh+"/headers", `["X: y", null]`), del(cqmHook)},
			"Webhooks", []string{
				"ContentEvent endpoint: https://hooks.example.com/content?team=1",
				"ContentEvent max retries: 3",
				`ContentEvent header #1: X: y (secret)`,
				`ContentEvent header #2: null (secret)`}},
		{"webhook not an object", []edit{set(wh, `"https://x.example"`), del(cqmHook)},
			"Webhooks", []string{"ContentEvent: https://x.example (secret)"}},
		{"webhooks not an object", []edit{set("/capabilities/webhooks", `[1]`)}, "Webhooks", []string{"Webhooks: [1] (secret)"}},
		{"engagement not an object", []edit{set(eng, `true`)}, "Engagement", []string{"Engagement: true"}},
		{"engagement booleans of the wrong type", []edit{set(eng+"/language_selection", `"false"`), set(eng+"/design_window", `0`)},
			"Engagement", []string{"Design engagement: no", "Design window: 0", "Entry points: Section", "Visitor behavior: Flow",
				"Target audience: IP address", "Goals: Lead", "Consumer identity: Authenticated", "Language selection: false"}},
		{"capabilities not an object is a general field", []edit{set("/capabilities", `[]`)}, "General", []string{
			"App name: Acme Connector", "Description: Routes Acme's messages to LiveEngage", "Grant types: Client credentials",
			"Scope: msg.consumer", "Logo: https://cdn.example.com/acme/logo.png", "Capabilities: [] (secret)"}},
		{"other fields", []edit{set("/nickname", `"Acme"`), set("/callbacks", `["https://a.example/cb"]`),
			set(wh+"/timeout", `30`), set("/capabilities/chat", `{"on": true}`)}, "Other fields", []string{
			"Webhooks > ContentEvent > timeout: 30",
			`capabilities > chat: {"on":true}`,
			"nickname: Acme",
			`callbacks: ["https://a.example/cb"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := applyEdits(t, baseManifest(t), tt.edits)
			got := Describe(doc)
			if tt.section != "Other fields" && len(got) != 3 {
				t.Errorf("sections %q", titles(got))
			}
			if lines := itemLines(sectionNamed(got, tt.section)); !slices.Equal(lines, tt.want) {
				t.Errorf("%s:\ngot  %q\nwant %q", tt.section, lines, tt.want)
			}
		})
	}
}

func TestDescribeNothing(t *testing.T) {
	for _, doc := range []Document{{}, NewDocument()} {
		got := Describe(doc)
		want := [][]string{{"App name: (missing)"}, {"Webhooks: none"}, {"Engagement: not used"}}
		if ts := titles(got); !slices.Equal(ts, []string{"General", "Webhooks", "Engagement"}) {
			t.Fatalf("sections %q", ts)
		}
		for i, s := range got {
			if lines := itemLines(s.Items); !slices.Equal(lines, want[i]) {
				t.Errorf("%s: %q", s.Title, lines)
			}
		}
	}
}

// TestDescribeCorpus: every corpus manifest describes without a panic, in
// the sections the editor shows for it (and Other fields exactly when
// there are unknown fields), each item labelled and pointing into the document.
func TestDescribeCorpus(t *testing.T) {
	for name, doc := range corpusDocs(t) {
		got := Describe(doc)
		var want []string
		for _, s := range Sections() {
			if SectionShown(doc, s.Name) {
				want = append(want, s.Title)
			}
		}
		if len(UnknownFields(doc)) > 0 {
			want = append(want, "Other fields")
		}
		if ts := titles(got); !slices.Equal(ts, want) {
			t.Errorf("%s: sections %q", name, ts)
		}
		for _, s := range got {
			for _, it := range s.Items {
				if it.Label == "" || it.Value == "" || !strings.HasPrefix(it.Pointer, "/") {
					t.Errorf("%s: %s item %+v", name, s.Title, it)
				}
			}
		}
	}
}

// corpusDocs decodes the corpus and the guide's example, by file name.
func corpusDocs(t testing.TB) map[string]Document {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	docs := map[string]Document{}
	for _, file := range append(files, "testdata/guide-example.json") {
		rel, _ := filepath.Rel("testdata", file)
		doc, _ := Decode(readFile(t, rel))
		if doc.Root == nil {
			t.Fatalf("%s does not decode to an object", file)
		}
		docs[filepath.Base(file)] = doc
	}
	return docs
}

// TestDescribeValuesPutByCode: values that code rather than Decode put into
// a document (Go numbers, a nil object) read as JSON too.
func TestDescribeValuesPutByCode(t *testing.T) {
	doc := baseManifest(t)
	doc.Set(wh+"/max_retries", 4)
	doc.Set(wh+"/endpoint", (*Object)(nil))
	doc.Set(eng+"/goal", []any{json.Number("1"), "lead"})
	got := itemLines(sectionNamed(Describe(doc), "Webhooks"))
	if got[0] != "ContentEvent endpoint: null" || got[1] != "ContentEvent max retries: 4" {
		t.Errorf("Webhooks %q", got)
	}
	if got := itemLines(sectionNamed(Describe(doc), "Engagement"))[5]; got != "Goals: 1, Lead" {
		t.Errorf("goals %q", got)
	}
}
