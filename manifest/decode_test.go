package manifest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDecodeMalformed(t *testing.T) {
	tests := []struct {
		name, input string
		want        string // the message starts with this
		hint        string // a fragment of the hint
	}{
		{"missing comma", "{\n  \"client_name\": \"x\",\n  \"description\": \"y\",\n  \"scope\": \"msg.consumer\",\n" +
			"  \"capabilities\": {\n    \"webhooks\": {}\n  }\n  \"logo_uri\": \"/x\"\n}",
			"line 8, column 3: expected a comma or }", "commas"},
		{"missing comma at line 7", "{\n\"a\": 1,\n\"b\": 2,\n\"c\": 3,\n\"d\": 4,\n\"e\": 5\n  \"f\": 6\n}",
			"line 7, column 3: expected a comma or }", ""},
		{"trailing comma in object", "{\n\"a\": 1,\n}", "line 3, column 1: a comma is followed by }", "Remove the comma"},
		{"trailing comma in list", `{"a": [1, 2,]}`, "line 1, column 13: a comma is followed by ]", "Remove the comma"},
		{"missing comma in list", `{"a": [1 2]}`, "line 1, column 10: expected a comma or ]", ""},
		{"missing colon", `{"a" 1}`, "line 1, column 6: expected a colon", ""},
		{"missing value", `{"a": }`, "line 1, column 7: a value is missing", ""},
		{"single quotes key", `{'a': 1}`, "line 1, column 2: field names need double quotes", ""},
		{"single quotes value", `{"a": 'b'}`, "line 1, column 7: text needs double quotes", ""},
		{"unquoted text", `{"a": yes}`, "line 1, column 7: unexpected 'y'", "double quotes"},
		{"bad literal", `{"a": tru}`, "line 1, column 10: unexpected '}': expected true, false or null", ""},
		{"leading zero", `{"a": 01}`, "line 1, column 8: expected a comma or }", ""},
		{"bad number", `{"a": 1.}`, "line 1, column 9: invalid number", ""},
		{"unterminated string", `{"a": "abc`, "line 1, column 11: the file ends before the JSON is complete", "closed"},
		{"line break in string", "{\"a\": \"x\ny\"}", "line 1, column 9: text in double quotes contains a line break", ""},
		{"bad escape", `{"a": "\x"}`, `line 1, column 9: invalid escape sequence`, ""},
		{"unclosed object", "{\n\"a\": 1\n", "line 3, column 1: the file ends", ""},
		{"columns count characters", `{"é€😀": 1 "b": 2}`, "line 1, column 11:", ""},
		{"CRLF lines", "{\r\n\"a\": 1\r\n\"b\": 2}", "line 3, column 1:", ""},
		{"garbage", "client_name=x", "line 1, column 1: unexpected 'c'", ""},
		{"two documents", "{}\n{}", "line 2, column 1: there is more after the end", "exactly one JSON object"},
		{"trailing text", `{"a": 1} x`, "line 1, column 10: there is more", ""},
		{"extra brace", `{"a": 1}}`, "line 1, column 9: there is more", ""},
		{"too deep for JSON", "{\"a\":" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "}", "line 1, column 10005: the JSON is nested too deeply", ""},
		{"too deep for a manifest", "{\"a\":\n " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "}", "line 2, column 101: the JSON is nested more than 100 levels deep", "few levels"},
		{"deep in a list", "{\"l\":[" + strings.Repeat("{\"a\":", 100) + "1" + strings.Repeat("}", 100) + "]}", "line 1, column 497: the JSON is nested more than 100", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeFails(t, tt.input)
			if !strings.HasPrefix(p.Message, tt.want) || !strings.Contains(p.Hint, tt.hint) {
				t.Errorf("got %q (%s)\nwant message starting %q, hint with %q", p.Message, p.Hint, tt.want, tt.hint)
			}
		})
	}
}

// decodeFails decodes input that must give no document and one error, at
// "", and returns that error.
func decodeFails(t *testing.T, input string) Problem {
	t.Helper()
	doc, problems := Decode([]byte(input))
	if doc.Root != nil || len(problems) != 1 {
		t.Fatalf("want one problem and no document, got %v", problems)
	}
	checkWording(t, problems)
	p := problems[0]
	if p.Path != "" || p.Severity != SeverityError {
		t.Errorf("got %s at %q, want an error at \"\"", p.Severity, p.Path)
	}
	return p
}

func TestDecodeNotAnObject(t *testing.T) {
	for input, what := range map[string]string{
		"[1,2]": "a list", `"x"`: "a string", "3": "a number", "null": "null", "true": "true or false", " [ ] ": "a list",
	} {
		doc, problems := Decode([]byte(input))
		if doc.Root != nil || len(problems) != 1 || problems[0].Path != "" || !strings.Contains(problems[0].Message, what) {
			t.Errorf("%s: %+v", input, problems)
		}
		checkWording(t, problems)
	}
}

func TestDecodeEmpty(t *testing.T) {
	for _, input := range []string{"", "  \n\t\r\n", "\xEF\xBB\xBF"} {
		doc, problems := Decode([]byte(input))
		if doc.Root != nil || len(problems) != 1 || !strings.HasPrefix(problems[0].Message, "The file is empty") {
			t.Errorf("%q: %+v", input, problems)
		}
		checkWording(t, problems)
	}
}

func TestDecodeByteOrderMark(t *testing.T) {
	doc := decodeOK(t, []byte("\xEF\xBB\xBF{\"client_name\": \"x\"}"))
	if v, _ := doc.Get("/client_name"); v != "x" {
		t.Errorf("client_name %v", v)
	}
}

func TestDecodeDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, input string
		paths       []string
		check       string // a pointer whose value must be the first one, 1
	}{
		{"top level", `{"client_name": 1, "scope": "a", "client_name": 2}`, []string{"/client_name"}, "/client_name"},
		{"escaped key", `{"capabilities": {"webhooks": {"a/b~c": 1, "a/b~c": {"x": 1, "x": 2}}}}`,
			[]string{"/capabilities/webhooks/a~1b~0c"}, "/capabilities/webhooks/a~1b~0c"},
		{"in a list", `{"x": [{"k": 1, "k": 2}, {"k": 1}]}`, []string{"/x/0/k"}, "/x/0/k"},
		{"three times, one problem that counts them", `{"a": 1, "a": 2, "a": 3}`, []string{"/a"}, "/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, problems := Decode([]byte(tt.input))
			if doc.Root == nil || len(problems) != len(tt.paths) {
				t.Fatalf("got %v", problems)
			}
			for i, p := range problems {
				if p.Path != tt.paths[i] || p.Severity != SeverityError || !strings.Contains(p.Message, "appears") {
					t.Errorf("problem %d: %+v", i, p)
				}
			}
			checkWording(t, problems)
			if v, _ := doc.Get(tt.check); v != json.Number("1") {
				t.Errorf("%s = %v, want the first value, 1", tt.check, v)
			}
		})
	}
}

func TestDecodeKeepsOrderTextAndTypes(t *testing.T) {
	doc := decodeOK(t, []byte(`{"z": 1, "client_name": "x", "a": [3.0, 1e2, -0, 12345678901234567890123, true, null, "s", {}], "m": {"b": 1, "a": 2}}`))
	var keys []string
	for _, m := range doc.Root.Members {
		keys = append(keys, m.Key)
	}
	if strings.Join(keys, ",") != "z,client_name,a,m" {
		t.Errorf("keys %v", keys)
	}
	a, _ := doc.Get("/a")
	want := []any{json.Number("3.0"), json.Number("1e2"), json.Number("-0"), json.Number("12345678901234567890123"), true, nil, "s", &Object{}}
	if !(Document{Root: &Object{Members: []Member{{"a", a}}}}).Equal(Document{Root: &Object{Members: []Member{{"a", want}}}}) {
		t.Errorf("a = %#v", a)
	}
	m, _ := doc.Get("/m")
	if m.(*Object).Members[0].Key != "b" {
		t.Error("nested order lost")
	}
}

// TestDecodedValuesShareNoRoom: the parser carves the containers of a
// document from shared slabs, so growing one must not write over the next,
// and the values it boxes must read back as they were decoded.
func TestDecodedValuesShareNoRoom(t *testing.T) {
	doc := decodeOK(t, []byte(`{"a": {"x": 1}, "b": {"y": 2}, "l": ["p", 1], "m": ["q", 2], "e": [], "f": [], "s": ""}`))
	for ptr, v := range map[string]any{"/a/z": "new", "/l/-": json.Number("3"), "/e/-": "e1", "/a/x": "x1"} {
		if err := doc.Set(ptr, v); err != nil {
			t.Fatal(err)
		}
	}
	want := `{"a":{"x":"x1","z":"new"},"b":{"y":2},"l":["p",1,3],"m":["q",2],"e":["e1"],"f":[],"s":""}`
	if got, _ := doc.Root.MarshalJSON(); string(got) != want {
		t.Errorf("after setting values:\n got %s\nwant %s", got, want)
	}
	if m, _ := doc.Get("/m/0"); m != "q" {
		t.Errorf("/m/0 = %#v", m)
	}
	if s, _ := doc.Get("/s"); s != "" {
		t.Errorf("/s = %#v", s)
	}
}

// TestDecodeInvalidText: bytes that are not UTF-8, and \u escapes that
// stand for no character, are errors with their line and column; nothing is
// replaced by U+FFFD.
func TestDecodeInvalidText(t *testing.T) {
	const notUTF8 = "this is not UTF-8 text"
	tests := []struct{ name, input, want string }{
		{"in a key", "{\"cl\xffient_name\": \"x\"}", "line 1, column 5: " + notUTF8 + " (byte 0xFF)"},
		{"in a string value, Latin-1", "{\n  \"client_name\": \"Caf\xe9 app\"\n}", "line 2, column 22: " + notUTF8 + " (byte 0xE9)"},
		{"in a string with escapes", `{"a": "\n\t` + "\xff\"}", "line 1, column 12: " + notUTF8},
		{"columns count characters before it", "{\"é\": \"😀\xff\"}", "line 1, column 9: " + notUTF8},
		{"in whitespace", "{\xa0\"a\": 1}", "line 1, column 2: " + notUTF8 + " (byte 0xA0)"},
		{"before a value", "{\"a\":\n\x85 1}", "line 2, column 1: " + notUTF8},
		{"after the object", "{\"a\": 1}\xff", "line 1, column 9: " + notUTF8},
		{"UTF-16 file", "\xff\xfe{\x00}\x00", "line 1, column 1: " + notUTF8 + " (byte 0xFF)"},
		{"truncated sequence", "{\"a\": \"\xe2\x82\"}", "line 1, column 8: " + notUTF8 + " (byte 0xE2)"},
		{"truncated at the end", "{\"a\": \"\xf0\x9f\x98", "line 1, column 8: " + notUTF8 + " (byte 0xF0)"},
		{"continuation byte alone", "{\"a\": \"x\x80\"}", "line 1, column 9: " + notUTF8 + " (byte 0x80)"},
		{"overlong encoding", "{\"a\": \"\xc0\xaf\"}", "line 1, column 8: " + notUTF8 + " (byte 0xC0)"},
		{"overlong three bytes", "{\"a\": \"\xe0\x80\xaf\"}", "line 1, column 8: " + notUTF8 + " (byte 0xE0)"},
		{"encoded surrogate", "{\"a\": \"\xed\xa0\x80\"}", "line 1, column 8: " + notUTF8 + " (byte 0xED)"},
		{"beyond U+10FFFF", "{\"a\": \"\xf4\x90\x80\x80\"}", "line 1, column 8: " + notUTF8 + " (byte 0xF4)"},
		{"lone high surrogate escape", `{"a": "x\ud800"}`, `line 1, column 9: \ud800 is only half of an escaped character`},
		{"lone low surrogate escape", `{"a": "\uDC00"}`, `line 1, column 8: \uDC00 is only half`},
		{"high surrogate before a letter", `{"a": "\ud83d\u0041"}`, `line 1, column 8: \ud83d is only half`},
		{"two high surrogates", `{"a": "\ud83d\ud83d"}`, `line 1, column 8: \ud83d is only half`},
		{"surrogate escape in a key", "{\n\"\\udead\": 1}", `line 2, column 2: \udead is only half`},
		{"surrogate escape at the end", `{"a": "\ud800`, `line 1, column 8: \ud800 is only half`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, problems := Decode([]byte(tt.input))
			if doc.Root != nil || len(problems) != 1 {
				t.Fatalf("want one problem and no document, got %v", problems)
			}
			if p := problems[0]; p.Path != "" || p.Severity != SeverityError || !strings.HasPrefix(p.Message, tt.want) {
				t.Errorf("got %q %s %q\nwant an error at \"\" starting %q", p.Path, p.Severity, p.Message, tt.want)
			}
			checkWording(t, problems)
		})
	}
}

func TestDecodeSurrogatePairs(t *testing.T) {
	doc := decodeOK(t, []byte(`{"a": "\ud83d\ude00 \uD83D\uDE00", "\u00e9\u20ac": "\u2028"}`))
	if v, _ := doc.Get("/a"); v != "😀 😀" {
		t.Errorf("a = %q", v)
	}
	if v, _ := doc.Get("/é€"); v != "\u2028" {
		t.Errorf("é€ = %q", v)
	}
}

func TestCheck(t *testing.T) {
	doc, problems := Check([]byte(`{"client_name": "a", "client_name": "b", "scope": "x"}`))
	if doc.Root == nil {
		t.Fatal("no document")
	}
	assertProblems(t, problems, []want{errAt("/client_name", "appears twice"), errAt("/scope", "msg.consumer")})

	doc, problems = Check([]byte(`[]`))
	if doc.Root != nil || len(problems) != 1 {
		t.Errorf("array: %v", problems)
	}
}

func TestSyntaxPosition(t *testing.T) {
	_, problems := Decode([]byte("{\n  \"client_name\": \"x\"\n  \"scope\": 1\n}"))
	at, ok := SyntaxPosition(problems[0])
	if !ok || at.Line != 3 || at.Column != 3 || at.Place != "line 3, column 3" || !strings.HasPrefix(at.Rest, "expected a comma") {
		t.Errorf("SyntaxPosition(%+v) = %+v, %v", problems[0], at, ok)
	}
	for _, p := range []Problem{
		{Message: "The file is empty"},
		{Path: "/client_name", Message: "line 1, column 2: not where it seems"},
		{Message: "line one, column 2: no number"},
		{Message: "line 1, column 2 and more: not a place"},
	} {
		if at, ok := SyntaxPosition(p); ok {
			t.Errorf("SyntaxPosition(%+v) finds %+v", p, at)
		}
	}
}
