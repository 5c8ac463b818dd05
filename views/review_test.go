package views

import (
	"testing"

	"github.com/liveengage/manifestd/manifest"
)

func TestItemAtFindsWhereAChangeShows(t *testing.T) {
	hook := "/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent"
	items := []manifest.DescribedItem{
		{Pointer: "/client_name"},
		{Pointer: hook + "/endpoint"},
		{Pointer: hook + "/headers/0/header_value"},
		{Pointer: "/capabilities/engagement/goal"},
	}
	tests := []struct{ name, ptr, want string }{
		{"the field itself", "/client_name", "/client_name"},
		{"a list value added or removed: the list", "/capabilities/engagement/goal", "/capabilities/engagement/goal"},
		{"a webhook switched on: its first field", hook, hook + "/endpoint"},
		{"a header's name: its row's value", hook + "/headers/0/header_name", hook + "/headers/0/header_value"},
		{"a removed header row", hook + "/headers/1/header_name", ""},
		{"a removed field beside others", hook + "/max_retries", ""},
		{"a removed top-level field", "/description", ""},
	}
	for _, tt := range tests {
		if got := itemAt(tt.ptr, items); got != tt.want {
			t.Errorf("%s: itemAt(%q) = %q, want %q", tt.name, tt.ptr, got, tt.want)
		}
	}
}

func TestChangeSides(t *testing.T) {
	hook := "/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent"
	type sides struct {
		name          string
		change        manifest.Change
		reveal        bool
		before, after string
	}
	unnamed, _ := manifest.Decode([]byte(`{"client_name": ""}`))
	named, _ := manifest.Decode([]byte(`{"client_name": "Bot"}`))
	tests := []sides{
		{"changed", manifest.Change{Pointer: "/scope", Kind: manifest.Changed, Old: "a", New: "b"}, false, "a", "b"},
		{"added: nothing before", manifest.Change{Pointer: "/description", Kind: manifest.Added, New: "text"}, false, "", "text"},
		{"removed: nothing after", manifest.Change{Pointer: "/description", Kind: manifest.Removed, Old: "text"}, false, "text", ""},
		{"a webhook switched on", manifest.Change{Pointer: hook, Kind: manifest.Added}, false, "", "on"},
		{"an unknown field set empty", manifest.Change{Pointer: "/x-note", Kind: manifest.Added}, false, "", "(empty)"},
		{"a secret, masked", manifest.Change{Pointer: hook + "/headers/0/header_value", Kind: manifest.Changed, Old: "a", New: "b", Secret: true}, false, manifest.SecretMask, manifest.SecretMask},
		{"a secret, revealed", manifest.Change{Pointer: hook + "/headers/0/header_value", Kind: manifest.Changed, Old: "a", New: "b", Secret: true}, true, "a", "b"},
		{"an empty text named", manifest.Diff(unnamed, named)[0], false, "(empty)", "Bot"},
	}
	for _, tt := range tests {
		row := changeRow{Change: tt.change}
		if b, a := row.before(tt.reveal), row.after(tt.reveal); b != tt.before || a != tt.after {
			t.Errorf("%s: before %q after %q, want %q and %q", tt.name, b, a, tt.before, tt.after)
		}
	}
}
