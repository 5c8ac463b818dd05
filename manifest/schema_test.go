package manifest

import (
	"bytes"
	"encoding/json"
	"path/filepath"
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
	if name["title"] == "" || !strings.Contains(name["description"].(string), "Installation name") {
		t.Errorf("client_name has no title or description from the guide: %v", name)
	}
	if name["maxLength"] != float64(MaxClientName) {
		t.Errorf("client_name maxLength %v", name["maxLength"])
	}
	webhooks := props["capabilities"].(map[string]any)["properties"].(map[string]any)["webhooks"].(map[string]any)
	names := webhooks["propertyNames"].(map[string]any)["enum"].([]any)
	wantNames := append(slices.Clone(WebhookEvents), LegacyExConversationEvent)
	if len(names) != len(wantNames) {
		t.Fatalf("event names %v", names)
	}
	for i := range names {
		if names[i] != wantNames[i] {
			t.Errorf("event %d: %v, want %s", i, names[i], wantNames[i])
		}
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
	values := map[string][]string{
		"/client_name": {"a", " a ", "", " ", "\u00a0", "\u3000x", "\t\n", "\u200b", "\u0085"},
		"/scope":       {"msg.consumer", "a msg.consumer", "msg.consumer b", "msg.consumerx", "xmsg.consumer", "msg consumer", "a  msg.consumer", "msg.consumer\t", ""},
		"/logo_uri":    {"/x", "//cdn/x", "https://a", "http://a/b", "https://", "http://", "https:///x", "ftp://a", "https://a b", "data:x", "HTTPS://a", ""},
		wh + "/endpoint": {"https://a", "https://a:1/b?c#d", "https://a/b c", "https://\ta", "https://", "https://?x", "https://#", "http://a",
			"https:a", " https://a", "https://a\n", "https://[::1]/x", "https://user@host"},
		wh + "/headers/0/header_name":  {"A", "X-Api-Key", "a!#$%&'*+-.^_`|~9", "", "a b", "a:b", "é", "a\"", "a(b)", "a/b"},
		wh + "/headers/0/header_value": {"", "a b", "\t", "a\nb", "a\rb", "a\x00b", "é", "\u2028"},
	}
	for ptr, list := range values {
		for _, s := range list {
			doc := baseManifest(t)
			if err := doc.Set(ptr, s); err != nil {
				t.Fatal(err)
			}
			assertSchemaAgrees(t, doc, Validate(doc))
		}
	}
}
