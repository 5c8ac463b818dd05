package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"strconv"
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

// TestFormatCanonicalOrderOfLaterFields: RULES.md puts the later page's
// fields where its table does, the localized names right after client_name
// in their own order, and the retry policy first among the webhooks.
func TestFormatCanonicalOrderOfLaterFields(t *testing.T) {
	in := `{"enabled_for_profiles": [1], "enabled": true, "entry_uri": "https://a/start", "quick_launch_enabled": true,
		"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"max_retries": 0, "endpoint": "https://a"}, "retry": {"x": 1, "retention_time": 60}}},
		"logo_uri": "/l", "scope": "msg.consumer", "response_types": ["code"], "redirect_uris": ["https://a/cb"], "grant_types": ["authorization_code"],
		"description": "d", "display_name": "D", "client_name#fr": "F", "zz": 1, "client_name": "n", "client_name#de": "G"}`
	want := `{
  "client_name": "n",
  "client_name#fr": "F",
  "client_name#de": "G",
  "display_name": "D",
  "description": "d",
  "grant_types": [
    "authorization_code"
  ],
  "redirect_uris": [
    "https://a/cb"
  ],
  "response_types": [
    "code"
  ],
  "scope": "msg.consumer",
  "logo_uri": "/l",
  "capabilities": {
    "webhooks": {
      "retry": {
        "retention_time": 60,
        "x": 1
      },
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://a",
        "max_retries": 0
      }
    }
  },
  "quick_launch_enabled": true,
  "entry_uri": "https://a/start",
  "enabled": true,
  "enabled_for_profiles": [
    1
  ],
  "zz": 1
}
`
	if got := string(Format(decodeOK(t, []byte(in)))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestFormatKeepsEmptyValues: Format never drops content; {}, [] and ""
// survive wherever they are, known field or not (issue 8: fmt used to drop
// an empty webhook and engagement, and the objects around them).
func TestFormatKeepsEmptyValues(t *testing.T) {
	in := `{"client_name": "", "description": "", "grant_types": [], "scope": "", "logo_uri": "", "extra": "",
		"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"headers": []},
		"ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "", "headers": [{}]}, "retry": {}}, "engagement": {}},
		"redirect_uris": [], "display_name": "", "client_name#de": "", "enabled_for_profiles": [], "entry_uri": "", "nothing": {}}`
	want := `{
  "client_name": "",
  "client_name#de": "",
  "display_name": "",
  "description": "",
  "grant_types": [],
  "redirect_uris": [],
  "scope": "",
  "logo_uri": "",
  "capabilities": {
    "webhooks": {
      "retry": {},
      "ms.MessagingEventNotification.ContentEvent": {
        "headers": []
      },
      "ms.MessagingEventNotification.ChatStateEvent": {
        "endpoint": "",
        "headers": [
          {}
        ]
      }
    },
    "engagement": {}
  },
  "entry_uri": "",
  "enabled_for_profiles": [],
  "extra": "",
  "nothing": {}
}
`
	if got := string(Format(decodeOK(t, []byte(in)))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, in := range []string{`{}`, `{"capabilities": {}}`, `{"capabilities": {"webhooks": {}, "engagement": {}}}`, `{"grant_types": [], "scope": ""}`} {
		doc := decodeOK(t, []byte(in))
		if again := decodeOK(t, Format(doc)); !again.Equal(doc) {
			t.Errorf("%s came back as %s", in, Format(doc))
		}
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
		{"an empty cqm is kept too", legacy + `, "cqm.ExConversationChangeNotification": {}`,
			`"cqm.ExConversationChangeNotification":{},"ms.MessagingEventNotification.ExConversationChangeNotification":{"endpoint":"https://old"}`},
		{"an empty legacy webhook is renamed", `"ms.MessagingEventNotification.ExConversationChangeNotification": {}`,
			`"cqm.ExConversationChangeNotification":{}`},
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
	in := []byte(`{"x_later": "Acme", "client_name": "A", "policy": ["https://a/cb", "https://b/cb"],
		"enabled": true, "capabilities": {"webhooks": {}, "later": {"k": [1, {"z": null}]}}, "x_flag": false}`)
	doc := decodeOK(t, in)
	out := decodeOK(t, Format(doc))
	var keys []string
	for _, m := range out.Root.Members {
		keys = append(keys, m.Key)
	}
	if strings.Join(keys, ",") != "client_name,capabilities,enabled,x_later,policy,x_flag" {
		t.Errorf("keys %v", keys)
	}
	for _, ptr := range []string{"/x_later", "/policy", "/x_flag", "/capabilities/later"} {
		if !equalValue(mustGet(t, doc, ptr), mustGet(t, out, ptr)) {
			t.Errorf("%s changed", ptr)
		}
	}
}

func mustGet(t *testing.T, d Document, ptr string) any {
	t.Helper()
	v, ok := d.Get(ptr)
	if !ok {
		t.Fatalf("nothing at %s", ptr)
	}
	return v
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

// TestFormatKeepsEveryValueOnCorpus: whatever a corpus document holds is in
// its canonical form at the same pointer, and nothing else is, the legacy
// event key's rename aside.
func TestFormatKeepsEveryValueOnCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	legacy := Pointer("capabilities", "webhooks", LegacyExConversationEvent)
	renamed := Pointer("capabilities", "webhooks", "cqm.ExConversationChangeNotification")
	for _, file := range files {
		doc := decodeOK(t, readFile(t, "corpus/"+filepath.Base(file)))
		out := decodeOK(t, Format(doc))
		before, after := pointersOf(doc.Root, ""), pointersOf(out.Root, "")
		if len(before) != len(after) {
			t.Errorf("%s: %d values before formatting, %d after", file, len(before), len(after))
		}
		for ptr, v := range before {
			if RenamesLegacyEvent(doc) && strings.HasPrefix(ptr, legacy) {
				ptr = renamed + strings.TrimPrefix(ptr, legacy)
			}
			if w, ok := after[ptr]; !ok || !equalValue(v, w) {
				t.Errorf("%s: %s was %v, is %v", file, ptr, v, w)
			}
		}
	}
}

// pointersOf maps the pointer of every value inside x, x included, to the
// value, or for an object or a list to its size.
func pointersOf(x any, at string) map[string]any {
	found := map[string]any{at: x}
	switch v := x.(type) {
	case *Object:
		found[at] = fmt.Sprintf("object of %d", len(v.Members))
		for _, m := range v.Members {
			maps.Copy(found, pointersOf(m.Value, at+Pointer(m.Key)))
		}
	case []any:
		found[at] = fmt.Sprintf("list of %d", len(v))
		for i, e := range v {
			maps.Copy(found, pointersOf(e, at+"/"+strconv.Itoa(i)))
		}
	}
	return found
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
