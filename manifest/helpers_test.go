package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Pointers the rule tables use.
const (
	contentEvent = "ms.MessagingEventNotification.ContentEvent"
	webhooksAt   = "/capabilities/webhooks/" // the start of every webhook's pointer
	wh           = webhooksAt + contentEvent // a webhook of the base manifest
	eng          = "/capabilities/engagement"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func guideExample(t testing.TB) []byte { return readFile(t, "guide-example.json") }

// decodeOK decodes input that must have no decode problems.
func decodeOK(t testing.TB, data []byte) Document {
	t.Helper()
	doc, problems := Decode(data)
	if len(problems) > 0 || doc.Root == nil {
		t.Fatalf("Decode: %v", problems)
	}
	return doc
}

// baseManifest is a valid connector manifest using every connector
// feature, without problems.
func baseManifest(t testing.TB) Document {
	return decodeOK(t, readFile(t, "corpus/valid-full.json"))
}

// webAppBase is the corpus file of a valid web app manifest without
// problems: LivePerson's web application example with real hosts.
const webAppBase = "valid-liveperson-webapp-example-filled.json"

// edit changes the base manifest: it sets a JSON value at a pointer, or
// removes the value there when json is "".
type edit struct{ ptr, json string }

func set(ptr, json string) edit { return edit{ptr, json} }
func del(ptr string) edit       { return edit{ptr: ptr} }

func applyEdits(t *testing.T, doc Document, edits []edit) Document {
	t.Helper()
	for _, e := range edits {
		if e.json == "" {
			doc.Remove(e.ptr)
			continue
		}
		v, problems := decodeValue([]byte(e.json))
		if len(problems) > 0 {
			t.Fatalf("bad test value %s: %v", e.json, problems)
		}
		if err := doc.Set(e.ptr, v); err != nil {
			t.Fatalf("Set(%q): %v", e.ptr, err)
		}
	}
	return doc
}

// want is an expected problem: where, how bad, and optionally a fragment of
// its message or hint.
type want struct {
	path string
	sev  Severity
	text string
}

func errAt(path string, text ...string) want {
	return want{path, SeverityError, strings.Join(text, "")}
}
func warnAt(path string, text ...string) want {
	return want{path, SeverityWarning, strings.Join(text, "")}
}

type ruleCase struct {
	name  string
	base  string // a corpus file to start from; "" is the base manifest
	edits []edit
	want  []want // exactly these problems, in this order; none means valid and clean
}

// runRuleCases validates the base manifest changed by each case, checks the
// problems, and checks that the JSON Schema agrees on validity.
func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := baseManifest(t)
			if tc.base != "" {
				base = decodeOK(t, readFile(t, "corpus/"+tc.base))
			}
			doc := applyEdits(t, base, tc.edits)
			got := Validate(doc)
			assertProblems(t, got, tc.want)
			assertSchemaAgrees(t, doc, got)
		})
	}
}

func assertProblems(t *testing.T, got []Problem, want []want) {
	t.Helper()
	checkWording(t, got)
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), problemList(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Path != w.path || g.Severity != w.sev {
			t.Errorf("problem %d: got %s %q, want %s %q\n%s", i, g.Severity, g.Path, w.sev, w.path, problemList(got))
		}
		if w.text != "" && !strings.Contains(g.Message+" | "+g.Hint, w.text) {
			t.Errorf("problem %d: %q | %q does not mention %q", i, g.Message, g.Hint, w.text)
		}
	}
}

// checkWording: every problem says something, and every error says how to
// fix it, in one line; no two problems of one document read the same
// (RULES.md: a message names its place where the path alone would not).
func checkWording(t testing.TB, ps []Problem) {
	t.Helper()
	messages := map[string]bool{}
	for _, p := range ps {
		if messages[p.Message] {
			t.Errorf("two problems read %q:\n%s", p.Message, problemList(ps))
		}
		messages[p.Message] = true
		if strings.TrimSpace(p.Message) == "" {
			t.Errorf("problem at %q has no message", p.Path)
		}
		if p.Severity == SeverityError && strings.TrimSpace(p.Hint) == "" {
			t.Errorf("error at %q (%s) has no hint", p.Path, p.Message)
		}
		if strings.ContainsAny(p.Hint, "\n") {
			t.Errorf("hint at %q is not one line: %q", p.Path, p.Hint)
		}
	}
}

func problemList(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + string(p.Severity) + " " + p.Path + ": " + p.Message + " (" + p.Hint + ")\n")
	}
	return b.String()
}

// optionsAt are the values the profile allows at ptr.
func optionsAt(t *testing.T, ptr string) []Option {
	t.Helper()
	f, ok := FieldAt(ptr)
	if !ok || len(f.Options) == 0 {
		t.Fatalf("no options at %s", ptr)
	}
	return f.Options
}
