package manifest

import (
	"slices"
	"strings"
	"testing"
)

func TestFieldHelp(t *testing.T) {
	tests := []struct{ ptr, fragment string }{
		{"/client_name", "Installation name"},
		{"/description", "App description"},
		{"/grant_types", "token endpoint"},
		{"/grant_types/0", "token endpoint"},
		{"/scope", "Space-separated"},
		{"/logo_uri", "logo"},
		{"/capabilities", "discover"},
		{"/capabilities/webhooks", "UMS"},
		{"/capabilities/webhooks/" + contentEvent, "ContentEvent"},
		{"/capabilities/webhooks/anything/max_retries", "retry"},
		{"/capabilities/webhooks/" + LegacyExConversationEvent + "/endpoint", "https://"},
		{"/capabilities/webhooks/x~1y/headers/3/header_name", "header's name"},
		{"/capabilities/engagement/goal", "achieve"},
		{"/capabilities/engagement/goal/2", "achieve"},
		{"/capabilities/engagement/consumer_identity", "authenticated"},
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

func TestTables(t *testing.T) {
	if len(WebhookEvents) != 5 || WebhookEvents[0] != contentEvent || WebhookEvents[4] != "cqm.ExConversationChangeNotification" {
		t.Errorf("WebhookEvents %v", WebhookEvents)
	}
	if got := optionList(GrantTypeOptions); !slices.Equal(got, []string{"client_credentials", "authorization_code", "refresh_token"}) {
		t.Errorf("GrantTypeOptions %v", got)
	}
	for _, o := range GrantTypeOptions[1:] {
		if !strings.Contains(o.Help, "Connector API") {
			t.Errorf("%s: help %q does not say it is not for Connector API apps", o.Value, o.Help)
		}
	}
	sizes := map[string]int{"entry_point": 2, "visitor_behavior": 10, "target_audience": 16, "goal": 5}
	for key, n := range sizes {
		opts := EngagementOptions(key)
		if len(opts) != n {
			t.Errorf("%s: %d options", key, len(opts))
		}
		for _, o := range opts {
			if o.Value == "" || o.Label == "" {
				t.Errorf("%s: option %+v", key, o)
			}
		}
	}
	for _, key := range []string{"consumer_identity", "design_window", "", "client_name"} {
		if EngagementOptions(key) != nil {
			t.Errorf("%s has options", key)
		}
	}
	EngagementOptions("goal")[0].Value = "changed"
	WebhookEvents[0] = "changed"
	GrantTypeOptions[0].Value = "changed"
	defer func() { WebhookEvents[0] = contentEvent; GrantTypeOptions[0].Value = RequiredGrantType }()
	if ps := Validate(baseManifest(t)); len(ps) > 0 {
		t.Errorf("changing the exported tables changed the rules:\n%s", problemList(ps))
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
	doc, problems := Check([]byte(`{"client_name": "x", "display_name": "d", "capabilities": {
		"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://e.example", "timeout": 3,
			"headers": [{"header_name": "A", "header_value": "b", "note": "n"}]}, "bogus.Event": {}},
		"engagement": {"extra": 1}, "chat": true}, "enabled": true}`))
	got := UnknownFields(doc)
	want := []string{"/display_name",
		"/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/timeout",
		"/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/headers/0/note",
		"/capabilities/engagement/extra", "/capabilities/chat", "/enabled"}
	if !slices.Equal(got, want) {
		t.Fatalf("UnknownFields = %q\nwant %q", got, want)
	}
	var warned []string
	for _, p := range problems {
		if strings.HasPrefix(p.Message, "unknown field") {
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
