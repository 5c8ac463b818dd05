package web

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every manifest from LivePerson's pages gets the verdict RULES.md gives it
// (its corpus file's name says which) through the API, import and the
// editor alike.
func TestLivePersonExamplesEverywhere(t *testing.T) {
	files, err := filepath.Glob("../manifest/testdata/corpus/*-liveperson-*.json")
	if err != nil || len(files) < 5 {
		t.Fatalf("LivePerson's examples: %v %v", files, err)
	}
	ts := newTestServer(t)
	ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wantValid := strings.HasPrefix(filepath.Base(file), "valid-")

			rec := ts.do(t, jsonRequest(data))
			var report struct {
				Valid bool `json:"valid"`
			}
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &report) != nil || report.Valid != wantValid {
				t.Errorf("API: status %d, %s", rec.Code, rec.Body)
			}

			_, d := ts.importedDraft(t, alice, "111", alice.importManifest("111", string(data), "", nil))
			if (d.Errors == 0) != wantValid {
				t.Errorf("import: %d errors", d.Errors)
			}
			editor := alice.get("/drafts/" + itoa(d.ID) + "/edit/json")
			if hasErrorBadge := strings.Contains(editor.body, `class="badge error"`); hasErrorBadge == wantValid {
				t.Errorf("editor: error badge %v", hasErrorBadge)
			}
		})
	}
}
