package manifest

import (
	"slices"
	"strings"
	"testing"
)

func TestFieldHelp(t *testing.T) {
	tests := []struct{ ptr, fragment string }{
		{"/client_name", "unique name"},
		{"/description", "description"},
		{"/grant_types", "token endpoint"},
		{"/grant_types/0", "token endpoint"},
		{"/scope", "Space-separated"},
		{"/logo_uri", "logo"},
		{"/capabilities", "webhooks"},
		{"/capabilities/webhooks", "messaging events"},
		{"/capabilities/webhooks/" + contentEvent, "ContentEvent"},
		{"/capabilities/webhooks/anything/max_retries", "tries"},
		{"/capabilities/webhooks/" + LegacyExConversationEvent + "/endpoint", "https://"},
		{"/capabilities/webhooks/x~1y/headers/3/header_name", "header's name"},
		{"/capabilities/engagement/goal", "achieve"},
		{"/capabilities/engagement/goal/2", "achieve"},
		{"/capabilities/engagement/consumer_identity", "authenticated"},
		{"/client_name#de", "language"},
		{"/redirect_uris/0", "sign-in"},
		{"/capabilities/webhooks/retry/retention_time", "259200"},
	}
	for _, tt := range tests {
		if got := FieldHelp(tt.ptr); !strings.Contains(got, tt.fragment) {
			t.Errorf("FieldHelp(%q) = %q, want it to mention %q", tt.ptr, got, tt.fragment)
		}
	}
	for _, ptr := range []string{"", "/nope", "/client_name/x", "/grant_types/x", "/grant_types/-", "/capabilities/webhooks/a/nope", "bad"} {
		if got := FieldHelp(ptr); got != "" && ptr != "" {
			t.Errorf("FieldHelp(%q) = %q, want none", ptr, got)
		}
	}
}

func TestProfileDescribesEveryEditedField(t *testing.T) {
	if len(WebhookEvents) != 5 || WebhookEvents[0] != contentEvent || WebhookEvents[4] != "cqm.ExConversationChangeNotification" {
		t.Errorf("WebhookEvents %v", WebhookEvents)
	}
	var walk func(section string, fs []Field)
	walk = func(section string, fs []Field) {
		for _, f := range fs {
			if f.Label == "" || f.Help == "" || f.Control == "" {
				t.Errorf("%s %s: label %q, help %q, control %q", section, f.Pointer, f.Label, f.Help, f.Control)
			}
			for _, o := range f.Options {
				if o.Value == "" || o.Label == "" {
					t.Errorf("%s: option %+v", f.Pointer, o)
				}
			}
			if f.Control == ControlFixed && (f.Fixed == nil || f.FixedWhy == "") {
				t.Errorf("%s: fixed without a value or a reason", f.Pointer)
			}
			walk(section, f.Children)
		}
	}
	seen := map[string]string{}
	for _, s := range Sections() {
		fs := Fields(s.Name)
		if len(fs) == 0 {
			t.Errorf("section %s edits no field", s.Name)
		}
		for _, f := range fs {
			if other, ok := seen[f.Pointer]; ok {
				t.Errorf("%s is in %s and %s", f.Pointer, other, s.Name)
			}
			seen[f.Pointer] = s.Name
			if got := SectionOf(f.Pointer); got != s.Name {
				t.Errorf("SectionOf(%s) = %s, want %s", f.Pointer, got, s.Name)
			}
		}
		walk(s.Name, fs)
	}
	for _, key := range []string{"/client_name", "/client_name#", "/display_name", "/description", "/grant_types", "/scope", "/logo_uri",
		"/redirect_uris", "/response_types", "/quick_launch_enabled", "/entry_uri", "/enabled", "/enabled_for_profiles",
		"/capabilities/webhooks", "/capabilities/engagement"} {
		if _, ok := seen[key]; !ok {
			t.Errorf("no section edits %s", key)
		}
	}
	sizes := map[string]int{"entry_point": 2, "visitor_behavior": 10, "target_audience": 16, "goal": 5}
	for key, n := range sizes {
		f, ok := FieldAt("/capabilities/engagement/" + key)
		if !ok || len(f.Options) != n || f.Control != ControlChecks {
			t.Errorf("%s: %d options, control %q", key, len(f.Options), f.Control)
		}
	}
	f, _ := FieldAt("/capabilities/engagement/goal")
	f.Options[0].Value = "changed"
	WebhookEvents[0] = "changed"
	defer func() { WebhookEvents[0] = contentEvent }()
	if ps := Validate(baseManifest(t)); HasErrors(ps) {
		t.Errorf("changing what the profile hands out changed the rules:\n%s", problemList(ps))
	}
	if !IsSecret("/capabilities/webhooks/"+contentEvent+"/headers/0/header_value") || IsSecret("/client_name") {
		t.Error("only header values are secret")
	}
}

func TestNewDraftPerKind(t *testing.T) {
	for _, c := range AppKindChoices {
		d := NewDraft(c.Kind)
		if got := KindOf(d); got != c.Kind {
			t.Errorf("a new %s draft reads as %s", c.Kind, got)
		}
		for _, p := range Validate(d) {
			if p.Path != "/client_name" && p.Path != "/redirect_uris" {
				t.Errorf("new %s draft: unexpected problem %+v", c.Kind, p)
			}
		}
	}
	if got := string(Format(NewDraft(Connector))); got != "{\n  \"client_name\": \"\",\n  \"grant_types\": [\n    \"client_credentials\"\n  ],\n  \"scope\": \"msg.consumer\"\n}\n" {
		t.Errorf("connector template:\n%s", got)
	}
	web := NewDraft(WebApp)
	for _, ptr := range []string{"/response_types", "/quick_launch_enabled"} {
		if !web.Has(ptr) {
			t.Errorf("web app template lacks %s", ptr)
		}
	}
	if SectionShown(web, "webhooks") || !SectionShown(web, "signin") || SectionShown(NewDraft(Connector), "signin") {
		t.Error("sections shown per kind")
	}
}

func TestHumanDuration(t *testing.T) {
	for in, want := range map[string]string{"86400": "1 day", "259200": "3 days", "5400": "1 hour 30 minutes", "2": "2 seconds", "0": "0 seconds", "x": "", "-1": ""} {
		if got := HumanDuration(in); got != want {
			t.Errorf("HumanDuration(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"App name", "app-name"},
		{"  Acme -- Connector!! v2 ", "acme-connector-v2"},
		{"Café Crème Brûlée", "cafe-creme-brulee"},
		{"Straße Łódź Øresund Æble", "strasse-lodz-oresund-aeble"},
		{"日本語", "manifest"},
		{"", "manifest"},
		{"---", "manifest"},
		{"ABC_123", "abc-123"},
		{"a😀b", "a-b"},
		{strings.Repeat("ab-", 60), strings.TrimSuffix(strings.Repeat("ab-", 34)[:100], "-")},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFieldLabel(t *testing.T) {
	for ptr, want := range map[string]string{
		"/client_name": "App name",
		"/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/max_retries": "Max retries",
		"/capabilities/engagement/goal": "Goals",
		"/nonsense":                     "",
	} {
		if got := FieldLabel(ptr); got != want {
			t.Errorf("FieldLabel(%q) = %q, want %q", ptr, got, want)
		}
	}
}

func TestUnknownFieldsMatchTheWarnings(t *testing.T) {
	doc, problems := Check([]byte(`{"client_name": "x", "display_name": "d", "client_name#de": "y", "nickname": "d", "capabilities": {
		"webhooks": {"retry": {"retention_time": 60, "backoff": 2}, "ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://e.example", "timeout": 3,
			"headers": [{"header_name": "A", "header_value": "b", "note": "n"}]}, "bogus.Event": {}},
		"engagement": {"extra": 1}, "chat": true}, "enabled": true, "enabled_for_profiles": [1], "beta": true}`))
	got := UnknownFields(doc)
	want := []string{"/nickname",
		"/capabilities/webhooks/retry/backoff",
		"/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/timeout",
		"/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/headers/0/note",
		"/capabilities/engagement/extra", "/capabilities/chat", "/beta"}
	if !slices.Equal(got, want) {
		t.Fatalf("UnknownFields = %q\nwant %q", got, want)
	}
	var warned []string
	for _, p := range problems {
		if strings.Contains(p.Message, "unknown field") {
			warned = append(warned, p.Path)
		}
	}
	slices.Sort(warned)
	if !slices.Equal(warned, slices.Sorted(slices.Values(want))) {
		t.Errorf("unknown-field warnings at %q, UnknownFields says %q", warned, want)
	}
}

func TestUnknownFieldsToleratesNilObjects(t *testing.T) {
	doc := NewDocument()
	var nothing *Object
	doc.Root.Set("capabilities", nothing)
	if got := UnknownFields(doc); len(got) != 0 {
		t.Errorf("UnknownFields = %q", got)
	}
}
