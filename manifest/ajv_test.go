package manifest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ajvVersion is the Ajv release the schema is checked with (Ajv 8, the
// validator behind most JavaScript tools).
const ajvVersion = "8.17.1"

// TestAjvStrictAgreesWithValidate: the schema compiles in Ajv 8's strict
// mode (draft 2020-12, strict: true, so strictTypes and strictRequired
// too), and Ajv accepts exactly the corpus documents and pattern probes
// that Validate finds no error in. It needs node and npm; without them it
// skips, unless REQUIRE_NODE=1 (as in CI) makes that a failure.
func TestAjvStrictAgreesWithValidate(t *testing.T) {
	node, npm := nodeTools(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--silent", "ajv@"+ajvVersion)
	if out, err := install.CombinedOutput(); err != nil {
		requireNode(t, fmt.Sprintf("npm could not install ajv@%s: %v\n%s", ajvVersion, err, out))
	}

	docs := filepath.Join(dir, "docs")
	if err := os.Mkdir(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]bool{} // file name: Validate finds it valid
	corpus, _ := filepath.Glob("testdata/corpus/*.json")
	for _, file := range corpus {
		data := readFile(t, "corpus/"+filepath.Base(file))
		writeTempFile(t, filepath.Join(docs, filepath.Base(file)), data)
		verdicts[filepath.Base(file)] = !HasErrors(Validate(decodeOK(t, data)))
	}
	for name, doc := range patternProbes(t) {
		data, _ := doc.Root.MarshalJSON()
		writeTempFile(t, filepath.Join(docs, name), data)
		verdicts[name] = !HasErrors(Validate(doc))
	}
	writeTempFile(t, filepath.Join(dir, "schema.json"), Schema())
	writeTempFile(t, filepath.Join(dir, "ajv-verdicts.js"), readFile(t, "ajv-verdicts.js"))

	cmd := exec.CommandContext(ctx, node, "ajv-verdicts.js", "schema.json", "docs")
	cmd.Dir = dir
	var ajvErrors map[string][]string
	if err := json.Unmarshal(runTool(t, cmd), &ajvErrors); err != nil {
		t.Fatalf("ajv-verdicts.js: %v", err)
	}
	if len(ajvErrors) != len(verdicts) || len(corpus) < 40 {
		t.Fatalf("Ajv judged %d documents of %d (corpus: %d)", len(ajvErrors), len(verdicts), len(corpus))
	}
	for name, valid := range verdicts {
		if errs := ajvErrors[name]; valid != (len(errs) == 0) {
			t.Errorf("%s: Validate says valid=%v, Ajv says %q", name, valid, errs)
		}
	}
}

// nodeTools finds node and npm.
func nodeTools(t *testing.T) (node, npm string) {
	t.Helper()
	node, errNode := exec.LookPath("node")
	npm, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		requireNode(t, fmt.Sprintf("node and npm are needed: %v; %v", errNode, errNpm))
	}
	return node, npm
}

// requireNode stops the test for a reason outside the code: a failure
// with REQUIRE_NODE=1 (as in CI), a skip otherwise.
func requireNode(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("REQUIRE_NODE") == "1" {
		t.Fatal(why)
	}
	t.Skip(why + " (REQUIRE_NODE=1 makes this a failure)")
}

// runTool runs cmd and returns its output, failing the test with its error
// output when it fails.
func runTool(t *testing.T, cmd *exec.Cmd) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.Bytes())
	}
	return out
}

func writeTempFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
