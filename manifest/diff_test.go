package manifest

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func changeLines(cs []Change) []string {
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = c.String()
	}
	return lines
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name     string
		from, to []edit // applied to the base manifest
		want     []string
	}{
		{"equal", nil, nil, nil},
		{"issue: retries", []edit{set(chatHook, `{"endpoint": "https://c.example", "max_retries": 3}`)},
			[]edit{set(chatHook, `{"endpoint": "https://c.example", "max_retries": 1}`)},
			[]string{"Webhooks > ChatStateEvent > max_retries: 3 -> 1"}},
		{"issue: goal", []edit{set(eng+"/goal", `["url"]`)}, []edit{set(eng+"/goal", `["url", "lead"]`)},
			[]string{"Engagement > goal: added lead"}},
		{"list values in option order", []edit{set(eng+"/goal", `["purchase_total", "url"]`)},
			[]edit{set(eng+"/goal", `["lead", "purchase_total", "service_activity"]`)},
			[]string{"Engagement > goal: removed url", "Engagement > goal: added lead", "Engagement > goal: added service_activity"}},
		{"list order and repeats do not count", []edit{set(eng+"/goal", `["lead", "url"]`)},
			[]edit{set(eng+"/goal", `["url", "lead", "url"]`)}, nil},
		{"unknown list values after known ones", nil, []edit{set("/grant_types", `["password", "client_credentials", "refresh_token", 3, "3"]`)},
			[]string{"General > grant_types: added refresh_token", "General > grant_types: added password",
				"General > grant_types: added 3", "General > grant_types: added 3"}},
		{"list emptied", nil, []edit{set(eng+"/visitor_behavior", `[]`), del(eng + "/target_audience")},
			[]string{"Engagement > visitor_behavior: removed flow", "Engagement > target_audience: removed ip"}},
		{"webhook switched on", nil, []edit{set(richHook, `{"endpoint": "https://r.example", "headers": [{"header_name": "A", "header_value": "s3cret"}]}`)},
			[]string{"Webhooks > RichContentEvent: added"}},
		{"webhook switched off", nil, []edit{del(wh)}, []string{"Webhooks > ContentEvent: removed"}},
		{"empty webhook is a webhook", []edit{set(chatHook, `{}`)}, nil, []string{"Webhooks > ChatStateEvent: removed"}},
		{"engagement off and on", nil, []edit{del(eng)}, []string{"Engagement: removed"}},
		{"description added", []edit{del("/description")}, []edit{set("/description", `"text"`)},
			[]string{`General > description: added "text"`}},
		{"description removed", nil, []edit{del("/description")}, []string{"General > description: removed"}},
		{"empty optional is absent", []edit{del("/description"), del("/grant_types")},
			[]edit{set("/description", `""`), set("/grant_types", `[]`)}, nil},
		{"strings quoted and escaped", nil, []edit{set("/client_name", `"Acme \"2\"\n"`)},
			[]string{`General > client_name: "Acme Connector" -> "Acme \"2\"\n"`}},
		{"header value masked", nil, []edit{set(wh+"/headers/0/header_value", `"Bearer new"`)},
			[]string{"Webhooks > ContentEvent > headers > 1 > header_value: •••••• -> ••••••"}},
		{"header row added", nil, []edit{set(wh+"/headers/-", `{"header_name": "X-Api-Key", "header_value": "k"}`)},
			[]string{`Webhooks > ContentEvent > headers > 2 > header_name: added "X-Api-Key"`,
				"Webhooks > ContentEvent > headers > 2 > header_value: added ••••••"}},
		{"header row removed", nil, []edit{del(wh + "/headers")},
			[]string{"Webhooks > ContentEvent > headers > 1 > header_name: removed",
				"Webhooks > ContentEvent > headers > 1 > header_value: removed"}},
		{"header name is not secret", nil, []edit{set(wh+"/headers/0/header_name", `"X-Auth"`)},
			[]string{`Webhooks > ContentEvent > headers > 1 > header_name: "Authorization" -> "X-Auth"`}},
		{"unknown fields whole", []edit{set("/nickname", `"Acme"`), set("/old", `1`), set("/same", `{"a": 1, "b": [2]}`)},
			[]edit{set("/nickname", `"Acme 2"`), set("/callbacks", `["https://a.example/cb"]`), set("/same", `{"b": [2], "a": 1}`)},
			[]string{`Other > nickname: "Acme" -> "Acme 2"`, "Other > old: removed", `Other > callbacks: added ["https://a.example/cb"]`}},
		{"later fields in their sections", nil, []edit{set("/display_name", `"Acme"`), set("/redirect_uris", `["https://a.example/cb"]`), set("/client_name#de", `"Acme DE"`)},
			[]string{`General > client_name#de: added "Acme DE"`, `General > display_name: added "Acme"`, "Sign-in and launch > redirect_uris: added https://a.example/cb"}},
		{"unknown fields in place", nil, []edit{set(wh+"/timeout", `30`), set(eng+"/extra", `null`), set("/capabilities/chat", `true`),
			set(wh+"/headers/0/note", `"n"`)},
			[]string{`Webhooks > ContentEvent > headers > 1 > note: added "n"`, "Webhooks > ContentEvent > timeout: added 30",
				"Engagement > extra: added null", "Other > capabilities > chat: added true"}},
		{"wrong type as JSON text", nil, []edit{set(wh+"/max_retries", `"3"`), set(eng+"/language_selection", `"true"`)},
			[]string{`Webhooks > ContentEvent > max_retries: 3 -> "3"`, `Engagement > language_selection: true -> "true"`}},
		{"numbers as written", nil, []edit{set(wh+"/max_retries", `3.0`)},
			[]string{"Webhooks > ContentEvent > max_retries: 3 -> 3.0"}},
		{"list of the wrong type", nil, []edit{set(eng+"/goal", `"lead"`)},
			[]string{`Engagement > goal: ["lead"] -> "lead"`}},
		{"headers of the wrong type are secret", nil, []edit{set(wh+"/headers", `{"Authorization": "x"}`)},
			[]string{"Webhooks > ContentEvent > headers: •••••• -> ••••••"}},
		{"webhook of the wrong type", nil, []edit{set(wh, `"https://x.example"`)},
			[]string{"Webhooks > ContentEvent: •••••• -> ••••••"}},
		{"capabilities of the wrong type", nil, []edit{set("/capabilities", `[]`)},
			[]string{"General > capabilities: •••••• -> ••••••"}},
		{"legacy event renamed", []edit{del(cqmHook), set(legacyHook, `{"endpoint": "https://hooks.example.com/conversations"}`)}, nil,
			[]string{"Webhooks > ExConversationChangeNotification: added", "Webhooks > ExConversationChangeNotification (old name): removed"}},
		{"legacy event compared field by field", []edit{set(legacyHook, `{"endpoint": "https://a.example"}`)},
			[]edit{set(legacyHook, `{"endpoint": "https://b.example"}`)},
			[]string{`Webhooks > ExConversationChangeNotification (old name) > endpoint: "https://a.example" -> "https://b.example"`}},
		{"unknown event type", nil, []edit{set("/capabilities/webhooks/bogus.Event", `{"endpoint": "https://b.example"}`)},
			[]string{"Webhooks > bogus.Event: added"}},
		{"canonical order whatever the edit order", nil,
			[]edit{set(eng+"/goal", `[]`), set("/client_name", `"B"`), set(cqmHook+"/max_retries", `2`), set("/zz", `1`), set(wh+"/endpoint", `"https://n.example"`)},
			[]string{`General > client_name: "Acme Connector" -> "B"`,
				`Webhooks > ContentEvent > endpoint: "https://hooks.example.com/content?team=1" -> "https://n.example"`,
				"Webhooks > ExConversationChangeNotification > max_retries: added 2",
				"Engagement > goal: removed lead", "Other > zz: added 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := applyEdits(t, baseManifest(t), tt.from)
			to := applyEdits(t, baseManifest(t), tt.to)
			if got := changeLines(Diff(from, to)); !slices.Equal(got, tt.want) {
				t.Errorf("Diff:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestDiffChangeFields: the examples and a header value, field by
// field, as the review page uses them.
func TestDiffChangeFields(t *testing.T) {
	from := applyEdits(t, baseManifest(t), []edit{set(chatHook, `{"endpoint": "https://c.example", "max_retries": 3}`), set(eng+"/goal", `["url"]`)})
	to := applyEdits(t, baseManifest(t), []edit{set(chatHook, `{"endpoint": "https://c.example", "max_retries": 1}`), set(eng+"/goal", `["lead"]`),
		set(wh+"/headers/0/header_value", `"Bearer new"`)})
	got := Diff(from, to)
	want := []Change{
		{Pointer: wh + "/headers/0/header_value", Where: "Webhooks > ContentEvent > headers > 1 > header_value", Kind: Changed,
			Old: "Bearer abc123", New: "Bearer new", Secret: true},
		{Pointer: chatHook + "/max_retries", Where: "Webhooks > ChatStateEvent > max_retries", Kind: Changed, Old: "3", New: "1"},
		{Pointer: eng + "/goal", Where: "Engagement > goal", Kind: Removed, Old: "url"},
		{Pointer: eng + "/goal", Where: "Engagement > goal", Kind: Added, New: "lead"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", changeLines(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Pointer != w.Pointer || g.Where != w.Where || g.Kind != w.Kind || g.Old != w.Old || g.New != w.New || g.Secret != w.Secret {
			t.Errorf("change %d:\ngot  %+v\nwant %+v", i, g, w)
		}
	}
	// A view reveals a header value by clearing Secret; String then shows it.
	revealed := got[0]
	revealed.Secret = false
	if s := revealed.String(); s != `Webhooks > ContentEvent > headers > 1 > header_value: "Bearer abc123" -> "Bearer new"` {
		t.Errorf("revealed: %s", s)
	}
	if s := got[0].String(); strings.Contains(s, "Bearer") {
		t.Errorf("masked change shows its value: %s", s)
	}
}

func TestDiffFirstRevision(t *testing.T) {
	doc := decodeOK(t, readFile(t, "corpus/valid-later-fields.json"))
	want := []string{
		`General > client_name: added "Acme Connector"`,
		`General > display_name: added "Acme"`,
		`General > description: added "Routes Acme's messages to LiveEngage"`,
		"General > grant_types: added client_credentials",
		"Sign-in and launch > redirect_uris: added https://acme.example.com/cb",
		`General > scope: added "msg.consumer"`,
		`General > logo_uri: added "https://cdn.example.com/acme/logo.png"`,
		"Webhooks > ContentEvent: added",
		"Webhooks > ExConversationChangeNotification: added",
		"Engagement: added",
		"Sign-in and launch > enabled: added true",
	}
	for _, from := range []Document{{}, NewDocument()} {
		if got := changeLines(Diff(from, doc)); !slices.Equal(got, want) {
			t.Errorf("Diff(nothing, d):\ngot  %q\nwant %q", got, want)
		}
	}
	for _, c := range Diff(doc, Document{}) {
		if c.Kind != Removed {
			t.Errorf("Diff(d, nothing): %s", c)
		}
	}
	if got := Diff(Document{}, Document{}); len(got) != 0 {
		t.Errorf("Diff of nothing: %q", changeLines(got))
	}
}

// TestDiffCorpusPairs: on every pair of corpus manifests, valid or not, Diff
// does not panic either way, gives no changes for a document and itself or
// its copy, and gives changes that are well formed: a pointer into the
// document that has the value, a Where, a kind that fits the values, and
// secrets masked.
func TestDiffCorpusPairs(t *testing.T) {
	docs := corpusDocs(t)
	names := slices.Sorted(mapKeys(docs))
	for _, an := range names {
		a := docs[an]
		if got := Diff(a, a); len(got) != 0 {
			t.Errorf("Diff(%s, itself) = %q", an, changeLines(got))
		}
		if got := Diff(a, a.Clone()); len(got) != 0 {
			t.Errorf("Diff(%s, its clone) = %q", an, changeLines(got))
		}
		for _, bn := range names {
			b := docs[bn]
			changes := Diff(a, b)
			checkChanges(t, an+" -> "+bn, a, b, changes)
			if a.Equal(b) && len(changes) > 0 || len(changes) == 0 && !sameAsSets(a, b) {
				t.Errorf("%s -> %s: %d changes, Equal %v", an, bn, len(changes), a.Equal(b))
			}
		}
	}
}

// sameAsSets: documents Diff finds no change between are the same once
// formatted (Format drops empty optional values) with their value lists read
// as sets (sorted, without repeats).
func sameAsSets(a, b Document) bool {
	return asSets(a).Equal(asSets(b))
}

func asSets(d Document) Document {
	d, _ = Decode(Format(d))
	for _, ptr := range []string{"/grant_types", eng + "/entry_point", eng + "/visitor_behavior", eng + "/target_audience", eng + "/goal", eng + "/consumer_identity"} {
		if list, ok := d.Get(ptr); ok {
			if l, ok := list.([]any); ok {
				d.Set(ptr, slices.CompactFunc(slices.SortedFunc(slices.Values(l), compareJSON), func(x, y any) bool { return compareJSON(x, y) == 0 }))
			}
		}
	}
	return d
}

func compareJSON(x, y any) int { return strings.Compare(jsonText(x), jsonText(y)) }

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func checkChanges(t *testing.T, name string, from, to Document, changes []Change) {
	t.Helper()
	for _, c := range changes {
		side := to
		if c.Kind == Removed {
			side = from
		}
		if _, ok := side.Get(c.Pointer); !ok {
			t.Errorf("%s: %s: pointer %q finds nothing", name, c, c.Pointer)
		}
		if c.Where == "" || strings.Contains(c.String(), "\n") {
			t.Errorf("%s: change %+v", name, c)
		}
		if (c.Kind == Added && c.Old != "") || (c.Kind == Removed && c.New != "") || (c.Kind == Changed && c.Old == c.New && c.oldString == c.newString) {
			t.Errorf("%s: %s: values %q, %q", name, c.Kind, c.Old, c.New)
		}
		if c.Secret && (c.Kind == Changed) != strings.HasSuffix(c.String(), SecretMask+" -> "+SecretMask) {
			t.Errorf("%s: secret not masked: %s", name, c)
		}
	}
}

// TestDiffWrongTypesEverywhere replaces each value of a manifest that uses
// every feature, in turn, by values of every JSON type: Diff and Describe
// never panic, a document has no changes against itself, and the
// replacement is always seen.
func TestDiffWrongTypesEverywhere(t *testing.T) {
	base := decodeOK(t, readFile(t, "corpus/valid-unknown-keys-everywhere.json"))
	replacements := []string{`"x"`, `""`, `7`, `-1.5e3`, `true`, `false`, `null`, `[]`, `["lead", 1, null]`, `{}`, `{"endpoint": 1, "headers": [1]}`}
	for _, ptr := range allPointers(base.Root, "") {
		for _, r := range replacements {
			v, _ := decodeValue([]byte(r))
			doc := base.Clone()
			if err := doc.Set(ptr, v); err != nil {
				t.Fatal(err)
			}
			Describe(doc)
			if got := Diff(doc, doc); len(got) != 0 {
				t.Errorf("%s = %s: Diff with itself %q", ptr, r, changeLines(got))
			}
			forward, back := Diff(base, doc), Diff(doc, base)
			checkChanges(t, ptr+" = "+r, base, doc, forward)
			checkChanges(t, ptr+" = "+r+" (back)", doc, base, back)
			if len(forward) != len(back) {
				t.Errorf("%s = %s: %d changes forward, %d back", ptr, r, len(forward), len(back))
			}
			if len(forward) == 0 && !sameAsSets(base, doc) {
				t.Errorf("%s = %s: no change seen", ptr, r)
			}
		}
	}
}

// allPointers lists the pointer of every value inside v, depth first.
func allPointers(v any, at string) []string {
	var ptrs []string
	switch v := v.(type) {
	case *Object:
		for _, m := range v.Members {
			p := at + Pointer(m.Key)
			ptrs = append(append(ptrs, p), allPointers(m.Value, p)...)
		}
	case []any:
		for i, e := range v {
			p := at + "/" + strconv.Itoa(i)
			ptrs = append(append(ptrs, p), allPointers(e, p)...)
		}
	}
	return ptrs
}

// TestDiffValuesPutByCode: Go values and nil objects that code (not
// Decode) put into a document do not panic, and compare as their JSON.
func TestDiffValuesPutByCode(t *testing.T) {
	a := baseManifest(t)
	b := baseManifest(t)
	b.Set(wh+"/max_retries", 3) // a Go int is the JSON number 3: no change
	b.Set(eng+"/goal", (*Object)(nil))
	b.Set(wh+"/headers/0", map[string]any{"header_name": "Authorization"})
	b.Set("/odd", []string{"a"})
	want := []string{
		"Webhooks > ContentEvent > headers > 1: •••••• -> ••••••",
		`Engagement > goal: ["lead"] -> null`,
		`Other > odd: added ["a"]`,
	}
	if got := changeLines(Diff(a, b)); !slices.Equal(got, want) {
		t.Errorf("Diff:\ngot  %q\nwant %q", got, want)
	}
	if got := Diff(b, b); len(got) != 0 {
		t.Errorf("Diff with itself: %q", changeLines(got))
	}
}

// FuzzDiff: whatever two inputs decode to, Diff and Describe do not panic,
// and a document has no changes against itself.
func FuzzDiff(f *testing.F) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	sort.Strings(files)
	for i, file := range files {
		a, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		b, _ := os.ReadFile(files[(i+1)%len(files)])
		f.Add(a, b)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		da, _ := Decode(a)
		db, _ := Decode(b)
		Diff(da, db)
		Diff(db, da)
		Describe(da)
		if got := Diff(da, da); len(got) != 0 {
			t.Fatalf("Diff with itself: %q", changeLines(got))
		}
	})
}
