package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/static"
	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

// testServer is the real handler over a temporary database.
type testServer struct {
	*Server
	store  *store.Store
	dbPath string
	logs   *bytes.Buffer
	srv    *httptest.Server // started by httpServer when a test needs real cookies
}

func newTestServer(t testing.TB) *testServer {
	t.Helper()
	return newTestServerWith(t, store.Options{})
}

// newTestServerWith is newTestServer over a database opened with opts.
func newTestServerWith(t testing.TB, opts store.Options) *testServer {
	t.Helper()
	return newTestServerAt(t, filepath.Join(t.TempDir(), "test.db"), opts, nil)
}

// newTestServerAt is newTestServer over the database that source names,
// which other test servers may share as instances of one deployment do,
// with the clock now (nil: time.Now).
func newTestServerAt(t testing.TB, source string, opts store.Options, now func() time.Time) *testServer {
	t.Helper()
	db, err := store.OpenWith(context.Background(), source, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	s, err := New(context.Background(), Config{Store: db, Assets: assets, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		BcryptCost: bcrypt.MinCost, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// No request in any test may fail on the server's side unnoticed.
	t.Cleanup(func() {
		if strings.Contains(logs.String(), `msg="request failed"`) {
			t.Errorf("a request failed with a server error:\n%s", logs)
		}
	})
	return &testServer{Server: s, store: db, dbPath: source, logs: logs}
}

// do sends a request through the whole middleware chain.
func (ts *testServer) do(t testing.TB, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	ts.ServeHTTP(rec, r)
	return rec
}

func guideExample(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../manifest/testdata/guide-example.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func jsonRequest(body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/validate", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newTestServer(t)
	for _, r := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/", nil),
		httptest.NewRequest(http.MethodGet, "/no/such/page", nil),
		httptest.NewRequest(http.MethodGet, "/healthz", nil),
		httptest.NewRequest(http.MethodGet, ts.assets.URL("app.css"), nil),
		jsonRequest([]byte(`{}`)),
	} {
		rec := ts.do(t, r)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", r.URL.Path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", r.URL.Path, h)
		}
	}
}

// The security headers' values are slices shared by every answer: a handler
// that adds to one must not change what the next answer says.
func TestSharedHeaderValuesStayPut(t *testing.T) {
	addToAll := securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for key := range w.Header() {
			w.Header().Add(key, "added")
		}
	}))
	for range 2 {
		addToAll.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	}
	rec := httptest.NewRecorder()
	securityHeaders(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	for _, sh := range append(securityHeaderValues, sharedHeader{"Cache-Control", []string{"no-store"}}) {
		if got := rec.Header().Values(sh.key); len(got) != 1 || got[0] != sh.value[0] {
			t.Errorf("%s: %q after other answers added to it", sh.key, got)
		}
	}
}

func TestHomePage(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	rec := ts.do(t, httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Check a manifest") {
		t.Fatalf("status %d body %s", rec.Code, body)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
	if !strings.Contains(body, ts.assets.URL("htmx.js")) || !strings.Contains(body, `<label for="manifest-text"`) {
		t.Error("page lacks htmx or the textarea's label")
	}
}

func TestNotFoundIsAPage(t *testing.T) {
	ts := newTestServer(t)
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		rec := ts.do(t, httptest.NewRequest(method, "/no/such/page", nil))
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "There is nothing here") {
			t.Errorf("%s: status %d", method, rec.Code)
		}
	}
}

func TestCheckForm(t *testing.T) {
	ts := newTestServer(t)
	form := func(text string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/check", strings.NewReader(url.Values{"manifest": {text}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	t.Run("plain post gets the whole page with the text kept, escaped", func(t *testing.T) {
		rec := ts.do(t, form(`{"client_name": "<script>alert(1)</script>", "scope": "msg.consumer"}`))
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "<html") {
			t.Fatalf("status %d", rec.Code)
		}
		if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Error("typed text not escaped or not kept")
		}
		if !strings.Contains(body, "This manifest is valid") {
			t.Error("a valid manifest is not said to be valid")
		}
	})
	t.Run("htmx gets the fragment", func(t *testing.T) {
		r := form(string(guideExample(t)))
		r.Header.Set("HX-Request", "true")
		rec := ts.do(t, r)
		body := rec.Body.String()
		if strings.Contains(body, "<html") || !strings.Contains(body, `id="check-result"`) || !strings.Contains(body, "This manifest is valid") {
			t.Errorf("fragment: %s", body)
		}
	})
	t.Run("a form over the body limit is refused, not read as empty", func(t *testing.T) {
		if rec := ts.do(t, form(strings.Repeat("a", maxBodyBytes+1))); rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", rec.Code)
		}
	})
	t.Run("cross-site post is refused", func(t *testing.T) {
		r := form("{}")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		if rec := ts.do(t, r); rec.Code != http.StatusForbidden {
			t.Errorf("status %d, want 403", rec.Code)
		}
		r = form("{}")
		r.Header.Set("Origin", "https://evil.example")
		if rec := ts.do(t, r); rec.Code != http.StatusForbidden {
			t.Errorf("origin mismatch: status %d, want 403", rec.Code)
		}
	})
}

type apiAnswer struct {
	Valid    *bool              `json:"valid"`
	Problems []manifest.Problem `json:"problems"`
	Error    string             `json:"error"`
	File     *string            `json:"file"`
}

func decodeAnswer(t *testing.T, rec *httptest.ResponseRecorder) apiAnswer {
	t.Helper()
	var a apiAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, rec.Body)
	}
	return a
}

func TestValidateAPI(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantStatus  int
		wantValid   bool
		wantPath    string // a problem path the answer must have
		wantError   string // a fragment of the error message
	}{
		{name: "guide example", body: guideExample(t), contentType: "application/json", wantStatus: 200, wantValid: true},
		{name: "charset parameter", body: guideExample(t), contentType: "application/json; charset=utf-8", wantStatus: 200, wantValid: true},
		{name: "missing name", body: []byte(`{"scope":"msg.consumer"}`), contentType: "application/json", wantStatus: 200, wantPath: "/client_name"},
		{name: "array is JSON but not a manifest", body: []byte(`[1,2]`), contentType: "application/json", wantStatus: 200, wantPath: ""},
		{name: "broken JSON", body: []byte("{\n  \"client_name\": \"x\"\n  \"scope\": 1\n}"), contentType: "application/json", wantStatus: 400, wantError: "line 3"},
		{name: "not JSON at all", body: []byte("client_name=x"), contentType: "application/json", wantStatus: 400, wantError: "not JSON"},
		{name: "wrong content type", body: guideExample(t), contentType: "text/plain", wantStatus: 415, wantError: "application/json"},
		{name: "no content type", body: guideExample(t), wantStatus: 415},
		{name: "over 1 MiB", body: append([]byte(`{"description":"`), bytes.Repeat([]byte("a"), 1<<20)...), contentType: "application/json", wantStatus: 413, wantError: "1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := jsonRequest(tt.body)
			r.Header.Set("Content-Type", tt.contentType)
			rec := ts.do(t, r)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			a := decodeAnswer(t, rec)
			if tt.wantError != "" || tt.wantStatus != 200 {
				if !strings.Contains(a.Error, tt.wantError) || a.Error == "" {
					t.Errorf("error %q, want it to mention %q", a.Error, tt.wantError)
				}
				return
			}
			if a.File != nil {
				t.Error("API answer carries a file field")
			}
			if a.Valid == nil || *a.Valid != tt.wantValid || a.Problems == nil {
				t.Fatalf("answer %s", rec.Body)
			}
			if !tt.wantValid && !hasPath(a.Problems, tt.wantPath) {
				t.Errorf("no problem at %q: %+v", tt.wantPath, a.Problems)
			}
		})
	}
}

// TestReportSizeHoldsTheReport: the validation API sizes its answer's
// buffer from the problems; the report must fit, or it is copied to grow.
func TestReportSizeHoldsTheReport(t *testing.T) {
	files, _ := filepath.Glob("../manifest/testdata/corpus/*.json")
	for _, file := range append(files, "../manifest/testdata/guide-example.json") {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, problems := manifest.Check(data)
		if n, size := len(manifest.NewReport("", problems).AppendJSON(nil)), reportSize(problems); n > size {
			t.Errorf("%s: report of %d bytes, buffer of %d", filepath.Base(file), n, size)
		}
	}
}

func hasPath(problems []manifest.Problem, path string) bool {
	for _, p := range problems {
		if p.Path == path {
			return true
		}
	}
	return false
}

func TestSchemaEndpoint(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, httptest.NewRequest(http.MethodGet, "/schema/manifest.schema.json", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/schema+json" {
		t.Fatalf("status %d type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !bytes.Equal(rec.Body.Bytes(), manifest.Schema()) {
		t.Error("served schema differs from manifest.Schema()")
	}
	r := httptest.NewRequest(http.MethodGet, "/schema/manifest.schema.json", nil)
	r.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	if rec := ts.do(t, r); rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET: %d", rec.Code)
	}
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "ok" {
		t.Fatalf("status %d body %q", rec.Code, rec.Body)
	}
	ts.store.Close()
	if rec := ts.do(t, httptest.NewRequest(http.MethodGet, "/healthz", nil)); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("closed database: status %d", rec.Code)
	}
}

func TestRequestLog(t *testing.T) {
	ts := newTestServer(t)
	ts.do(t, httptest.NewRequest(http.MethodGet, "/invite/s3cr3t-token", nil))
	rec := ts.do(t, jsonRequest([]byte(`{"client_name":"hidden-value"}`)))
	logs := ts.logs.String()
	if strings.Contains(logs, "s3cr3t-token") || strings.Contains(logs, "hidden-value") {
		t.Errorf("secrets in the log:\n%s", logs)
	}
	id := rec.Header().Get("X-Request-Id")
	for _, want := range []string{"method=POST", "path=/api/v1/validate", "status=200", "duration=", "request_id=" + id, "path=/invite/[redacted]"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestPanicsBecome500(t *testing.T) {
	ts := newTestServer(t)
	h := ts.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(ts.logs.String(), "boom") {
		t.Errorf("status %d logs %s", rec.Code, ts.logs)
	}
}

func BenchmarkValidateAPI(b *testing.B) {
	ts := newTestServer(b)
	body := guideExample(b)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		ts.ServeHTTP(rec, jsonRequest(body))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
		io.Copy(io.Discard, rec.Body)
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// visibleText is a page's text as a person reads it: no tags, entities
// decoded, runs of white space as one space. (Scripts and styles are never
// inline, so there is no code to leave out.)
func visibleText(page string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(page, " "))), " ")
}
