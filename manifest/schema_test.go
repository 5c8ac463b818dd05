package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaID)
})

func testSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	s, err := compiledSchema()
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// assertSchemaAgrees checks that the schema accepts doc exactly when the
// validator found no error in it.
func assertSchemaAgrees(t testing.TB, doc Document, problems []Problem) {
	t.Helper()
	data, err := doc.Root.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("instance: %v", err)
	}
	schemaErr := testSchema(t).Validate(inst)
	if valid := !HasErrors(problems); valid != (schemaErr == nil) {
		t.Errorf("Validate says valid=%v, the schema says %v\ndocument: %s\nproblems:\n%s", valid, schemaErr, data, problemList(problems))
	}
}

// TestSchemaAgreesOnCorpus is the proof that Schema and Validate agree: on
// every corpus document, the schema accepts exactly when Validate reports no
// error. The file names say what each document is.
func TestSchemaAgreesOnCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.json")
	if err != nil || len(files) < 40 {
		t.Fatalf("corpus: %d files, %v", len(files), err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			doc := decodeOK(t, readFile(t, "corpus/"+name))
			problems := Validate(doc)
			checkWording(t, problems)
			switch {
			case strings.HasPrefix(name, "valid-") && HasErrors(problems):
				t.Errorf("a valid- document has errors:\n%s", problemList(problems))
			case strings.HasPrefix(name, "invalid-") && !HasErrors(problems):
				t.Errorf("an invalid- document has no error:\n%s", problemList(problems))
			}
			assertSchemaAgrees(t, doc, problems)
		})
	}
}

func TestSchemaDescribesTheManifest(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["$id"] != SchemaID {
		t.Errorf("$schema %v, $id %v", s["$schema"], s["$id"])
	}
	props := s["properties"].(map[string]any)
	name := props["client_name"].(map[string]any)
	if name["title"] == "" || !strings.Contains(name["description"].(string), "unique name") {
		t.Errorf("client_name has no title or description from the guide: %v", name)
	}
	if name["maxLength"] != float64(maxClientName) {
		t.Errorf("client_name maxLength %v", name["maxLength"])
	}
	webhooks := props["capabilities"].(map[string]any)["properties"].(map[string]any)["webhooks"].(map[string]any)
	names := webhooks["propertyNames"].(map[string]any)["enum"].([]any)
	wantNames := append([]string{"retry"}, append(slices.Clone(WebhookEvents), LegacyExConversationEvent)...)
	if len(names) != len(wantNames) {
		t.Fatalf("event names %v", names)
	}
	for i := range names {
		if names[i] != wantNames[i] {
			t.Errorf("event %d: %v, want %s", i, names[i], wantNames[i])
		}
	}
	grants := props["grant_types"].(map[string]any)["items"].(map[string]any)["anyOf"].([]any)
	for i, o := range optionsAt(t, "/grant_types") {
		choice := grants[i].(map[string]any)
		if choice["const"] != o.Value || choice["description"] != o.Label+". "+o.Help {
			t.Errorf("grant type %d: %v, want %s with its description", i, choice, o.Value)
		}
	}
	if bytes.Contains(Schema(), []byte("enumDescriptions")) {
		t.Error("the schema uses enumDescriptions, which strict validators refuse")
	}
	if !bytes.HasSuffix(Schema(), []byte("}\n")) || !bytes.Contains(Schema(), []byte("\n  \"$id\"")) {
		t.Error("schema is not indented JSON with a trailing newline")
	}
}

func TestSchemaIsACopy(t *testing.T) {
	a := Schema()
	a[0] = 'x'
	if Schema()[0] != '{' {
		t.Error("Schema returned shared bytes")
	}
}

// TestSchemaPatternsMatchChecks runs each named check's pattern, through the
// schema, against values where the check alone decides.
func TestSchemaPatternsMatchChecks(t *testing.T) {
	for _, doc := range patternProbes(t) {
		assertSchemaAgrees(t, doc, Validate(doc))
	}
}

// probeValues are strings at the pointers of fields whose schema pattern
// stands for a check in code: where Go's RE2 and ECMA-262 (Ajv, editors)
// could read a pattern differently, or the pattern the check differently.
var probeValues = map[string][]string{
	"/client_name":  {"a", " a ", "", " ", "\u00a0", "\u3000x", "\t\n", "\u200b", "\u0085"},
	"/display_name": {"Acme", "", " ", "\u2028", "\u00a0a"},
	"/scope":        {"msg.consumer", "a msg.consumer", "msg.consumer b", "msg.consumerx", "xmsg.consumer", "msg consumer", "a  msg.consumer", "msg.consumer\t", ""},
	"/logo_uri": {"/x", "//cdn/x", "https://a", "http://a/b", "https://", "http://", "https:///x", "ftp://a", "https://a b", "data:x", "HTTPS://a", "",
		"/{LOGO}.png", "https://<host>/l.png", "https://your/logo.png"},
	wh + "/endpoint": {"https://a", "https://a:1/b?c#d", "https://a/b c", "https://\ta", "https://", "https://?x", "https://#", "http://a",
		"https:a", " https://a", "https://a\n", "https://[::1]/x", "https://user@host", "https://{HOST}/x", "https://a/<path>", "https://a/{}",
		"https://a/{x", "https://a/x}", "https://your/webhooks/endpoint"},
	"/redirect_uris/0": {"https://app.example.com/cb", "http://app.example.com/cb", "http://localhost/cb", "http://127.0.0.1:8080/cb", "http://[::1]/cb",
		"https://", "http:///cb", "app://cb", "https://{YOUR_APPLICATION_DOMAIN}/callback", "http://{YOURAPPLICATIONDOMAIN}/{CALLBACK_PATH}", ""},
	"/entry_uri":                   {"https://app.example.com/start", "http://app.example.com/start", "https://", "https://{YOUR_APPLICATION_DOMAIN}/appentry", "https://a b", ""},
	wh + "/headers/0/header_name":  {"A", "X-Api-Key", "a!#$%&'*+-.^_`|~9", "", "a b", "a:b", "\u00e9", "a\"", "a(b)", "a/b"},
	wh + "/headers/0/header_value": {"", "a b", "\t", "a\nb", "a\rb", "a\x00b", "\u00e9", "\u2028"},
}

// probeTags are the tags of client_name#TAG keys to probe the language-tag pattern with.
var probeTags = []string{"de", "pt-BR", "ja-Jpan-JP", "zh-Hant", "sl-rozaj-biske", "de-CH-1901", "en-US-x-twain", "x-private", "i-klingon",
	"", "12345678901", "en_US", "en-", "-en", "e", "toolongtag", "de-DE-", "\u00e9n"}

// patternProbes are the base manifest with each probe value set, named for files.
func patternProbes(t testing.TB) map[string]Document {
	docs := map[string]Document{}
	for ptr, values := range probeValues {
		for i, s := range values {
			doc := baseManifest(t)
			if err := doc.Set(ptr, s); err != nil {
				t.Fatal(err)
			}
			docs[fmt.Sprintf("probe%s-%d.json", strings.ReplaceAll(ptr, "/", "_"), i)] = doc
		}
	}
	for i, tag := range probeTags {
		doc := baseManifest(t)
		doc.Root.Set("client_name#"+tag, "Name")
		docs[fmt.Sprintf("probe-tag-%d.json", i)] = doc
	}
	return docs
}

// TestListRulesJudgeEmptyLists: a rule on a whole list (grant_types must
// hold a grant) applies to [] as well, in Validate and in the schema alike,
// only when the field does not take [] for absent.
func TestListRulesJudgeEmptyLists(t *testing.T) {
	var walk func(f *field)
	walk = func(f *field) {
		if f.contains != nil && blankable(f) {
			t.Errorf("%s has a list rule but takes [] for absent", f.key)
		}
		for _, c := range f.fields {
			walk(c)
		}
		if f.items != nil {
			walk(f.items)
		}
	}
	walk(manifestFields)
}

// TestPlaceholderScanMatchesPattern: the validator's scan for placeholders
// finds what the schema's pattern finds.
func TestPlaceholderScanMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(placeholderPattern)
	inputs := []string{"", "https://a", "{}", "<>", "{x}", "<x>", "a{b}c<d>e", "a<b>c{d}e", "{<}>", "<{>}", "{", "}", "{{x}}", "<<x>>",
		"{x", "x}", "<x", "x>", "{x>", "<x}", "{ a }{b}", "https://{YOUR_APPLICATION_DOMAIN}/callback", "http://{A}/{B}", "é{ü}", "{\n}"}
	for _, values := range probeValues {
		inputs = append(inputs, values...)
	}
	for _, s := range inputs {
		if got, want := placeholderIn(s), re.FindString(s); got != want {
			t.Errorf("placeholderIn(%q) = %q, the pattern finds %q", s, got, want)
		}
	}
}
