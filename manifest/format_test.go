package manifest

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestFormatGuideExample: formatting the guide's example gives the example
// as json.Indent writes it with two spaces (the canonical file), byte for byte.
func TestFormatGuideExample(t *testing.T) {
	want := readFile(t, "guide-example.canonical.json")
	var compacted, indented bytes.Buffer
	if err := json.Compact(&compacted, guideExample(t)); err != nil {
		t.Fatal(err)
	}
	json.Indent(&indented, compacted.Bytes(), "", "  ")
	indented.WriteByte('\n')
	if !bytes.Equal(indented.Bytes(), want) {
		t.Fatal("guide-example.canonical.json is not the guide's example indented by encoding/json")
	}
	if got := Format(decodeOK(t, guideExample(t))); !bytes.Equal(got, want) {
		t.Errorf("Format(guide example):\n%s", got)
	}
}

func TestFormatCanonicalOrder(t *testing.T) {
	in := `{"zz": 1, "capabilities": {"x": 1, "engagement": {"language_selection": true, "goal": [], "design_engagement": false},
		"webhooks": {"later": 1, "cqm.ExConversationChangeNotification": {"endpoint": "https://c"},
		"ms.MessagingEventNotification.ContentEvent": {"headers": [{"v": 1, "header_value": "b", "header_name": "a"}], "zz": 2, "endpoint": "https://a"}}},
		"logo_uri": "/l", "scope": "msg.consumer", "description": "d", "client_name": "n", "grant_types": ["client_credentials"], "aa": 2}`
	want := `{
  "client_name": "n",
  "description": "d",
  "grant_types": [
    "client_credentials"
  ],
  "scope": "msg.consumer",
  "logo_uri": "/l",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://a",
        "headers": [
          {
            "header_name": "a",
            "header_value": "b",
            "v": 1
          }
        ],
        "zz": 2
      },
      "cqm.ExConversationChangeNotification": {
        "endpoint": "https://c"
      },
      "later": 1
    },
    "engagement": {
      "design_engagement": false,
      "goal": [],
      "language_selection": true
    },
    "x": 1
  },
  "zz": 1,
  "aa": 2
}
`
	if got := string(Format(decodeOK(t, []byte(in)))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormatDropsEmptyOptionalValues(t *testing.T) {
	in := `{"client_name": "", "description": "", "grant_types": [], "scope": "", "logo_uri": "", "extra": "",
		"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"headers": []},
		"ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "", "headers": []}}, "engagement": {}},
		"redirect_uris": []}`
	want := `{
  "client_name": "",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ChatStateEvent": {
        "endpoint": ""
      }
    }
  },
  "extra": "",
  "redirect_uris": []
}
`
	if got := string(Format(decodeOK(t, []byte(in)))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := string(Format(decodeOK(t, []byte(`{"capabilities": {"webhooks": {}, "engagement": {}}}`)))); got != "{}\n" {
		t.Errorf("emptied capabilities: %s", got)
	}
}

func TestFormatLegacyEventKey(t *testing.T) {
	legacy := `"ms.MessagingEventNotification.ExConversationChangeNotification": {"endpoint": "https://old"}`
	cqm := `"cqm.ExConversationChangeNotification": {"endpoint": "https://new"}`
	chat := `"ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "https://chat"}`
	tests := []struct{ name, webhooks, want string }{
		{"renamed", legacy + "," + chat,
			`"ms.MessagingEventNotification.ChatStateEvent":{"endpoint":"https://chat"},"cqm.ExConversationChangeNotification":{"endpoint":"https://old"}`},
		{"both kept, cqm first", legacy + "," + cqm,
			`"cqm.ExConversationChangeNotification":{"endpoint":"https://new"},"ms.MessagingEventNotification.ExConversationChangeNotification":{"endpoint":"https://old"}`},
		{"empty cqm gives way", legacy + `, "cqm.ExConversationChangeNotification": {}`,
			`"cqm.ExConversationChangeNotification":{"endpoint":"https://old"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Format(decodeOK(t, []byte(`{"capabilities": {"webhooks": {`+tt.webhooks+`}}}`)))
			var c bytes.Buffer
			json.Compact(&c, out)
			if want := `{"capabilities":{"webhooks":{` + tt.want + `}}}`; c.String() != want {
				t.Errorf("got  %s\nwant %s", c.String(), want)
			}
		})
	}
}

func TestFormatRoundTripKeepsUnknownFields(t *testing.T) {
	in := []byte(`{"display_name": "Acme", "client_name": "A", "redirect_uris": ["https://a/cb", "https://b/cb"],
		"enabled": true, "capabilities": {"webhooks": {}, "later": {"k": [1, {"z": null}]}}}`)
	doc := decodeOK(t, in)
	out := decodeOK(t, Format(doc))
	var keys []string
	for _, m := range out.Root.Members {
		keys = append(keys, m.Key)
	}
	if strings.Join(keys, ",") != "client_name,capabilities,display_name,redirect_uris,enabled" {
		t.Errorf("keys %v", keys)
	}
	for _, ptr := range []string{"/display_name", "/redirect_uris", "/enabled", "/capabilities/later"} {
		a, _ := doc.Get(ptr)
		b, ok := out.Get(ptr)
		if !ok || !equalValue(a, b) {
			t.Errorf("%s: %v became %v", ptr, a, b)
		}
	}
}

func TestFormatStrings(t *testing.T) {
	doc := NewDocument()
	doc.Root.Set("client_name", "Tom & Jerry <b> \"q\" \\ \n\t\b\f\x01 \u2028\u2029 é 😀 \x7f")
	want := `{
  "client_name": "Tom & Jerry <b> \"q\" \\ \n\t\b\f\u0001 \u2028\u2029 é 😀 ` + "\x7f" + `"
}
`
	if got := string(Format(doc)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestAppendStringMatchesEncodingJSON: our string quoting is encoding/json's
// without HTML escaping.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "<&>", "\x00\x1f\x7f", "a\xffb", "\xed\xa0\x80", "\u2028x\u2029", "tab\tnl\n", `"\`, "é😀", "\xf0\x9f"} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendString(nil, s)); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func TestFormatIsIdempotentOnCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	files = append(files, "testdata/guide-example.json")
	for _, file := range files {
		doc := decodeOK(t, readFile(t, strings.TrimPrefix(file, "testdata/")))
		once := Format(doc)
		again := decodeOK(t, once)
		if twice := Format(again); !bytes.Equal(once, twice) {
			t.Errorf("%s: not idempotent:\n%s\n%s", file, once, twice)
		}
		if HasErrors(Validate(doc)) != HasErrors(Validate(again)) {
			t.Errorf("%s: formatting changed validity", file)
		}
	}
}

// TestFormatNeverPanics: a Document can hold anything code put in it.
func TestFormatNeverPanics(t *testing.T) {
	doc := NewDocument()
	doc.Root.Set("client_name", 42)
	doc.Root.Set("grant_types", "client_credentials")
	doc.Root.Set("capabilities", &Object{Members: []Member{
		{"webhooks", []any{1}},
		{"engagement", (*Object)(nil)},
		{"x", map[string]any{"b": 1.5, "a": []string{"s"}}},
		{"y", math.NaN()},
		{"z", make(chan int)},
		{"n", json.Number("not a number")},
		{"i", int8(-3)},
		{"x", "duplicate"},
	}})
	got := string(Format(doc))
	for _, s := range []string{`"client_name": 42`, `"webhooks": [`, `"engagement": null`, `"a": [`, `"y": null`, `"z": null`, `"n": "not a number"`, `"i": -3`} {
		if !strings.Contains(got, s) {
			t.Errorf("output lacks %s:\n%s", s, got)
		}
	}
	if strings.Count(got, `"x"`) != 1 {
		t.Errorf("a repeated key is written twice:\n%s", got)
	}
	if _, problems := Decode([]byte(got)); len(problems) > 0 {
		t.Errorf("output does not decode: %v\n%s", problems, got)
	}
	Validate(doc)
	if got := string(Format(Document{})); got != "{}\n" {
		t.Errorf("no root: %q", got)
	}
}

func TestRenamesLegacyEvent(t *testing.T) {
	legacy := `{"capabilities": {"webhooks": {"` + LegacyExConversationEvent + `": {"endpoint": "https://a.example"}`
	for _, tt := range []struct {
		doc  string
		want bool
	}{
		{`{"client_name": "x"}`, false},
		{legacy + `}}}`, true},
		{legacy + `, "cqm.ExConversationChangeNotification": {"endpoint": "https://b.example"}}}}`, false},
	} {
		doc, _ := Decode([]byte(tt.doc))
		if got := RenamesLegacyEvent(doc); got != tt.want {
			t.Errorf("RenamesLegacyEvent(%s) = %v", tt.doc, got)
		}
	}
}
