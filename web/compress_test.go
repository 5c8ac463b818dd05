package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/manifest"
)

// wire is an answer as it crossed the network: the body undecoded.
type wire struct {
	status int
	header http.Header
	body   []byte
}

// text is the body as the client reads it, gunzipped when it came gzipped.
func (a wire) text(t *testing.T) string {
	t.Helper()
	if a.header.Get("Content-Encoding") != "gzip" {
		return string(a.body)
	}
	zr, err := gzip.NewReader(bytes.NewReader(a.body))
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	return string(plain)
}

// sendRaw sends a request with c's cookies and answers it as it came over the
// wire: Go's transport neither asks for gzip nor decodes it by itself here.
func (c *browserlessClient) sendRaw(method, path string, form url.Values, header map[string]string) wire {
	c.t.Helper()
	raw := &http.Client{Jar: c.http.Jar, CheckRedirect: c.http.CheckRedirect, Transport: &http.Transport{DisableCompression: true}}
	defer raw.CloseIdleConnections()
	resp, err := raw.Do(c.request(method, path, form, header))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return wire{status: resp.StatusCode, header: resp.Header, body: b}
}

var (
	acceptGzip = map[string]string{"Accept-Encoding": "gzip"}
	htmxGzip   = map[string]string{"Accept-Encoding": "gzip", "HX-Request": "true"}
	htmxPlain  = map[string]string{"HX-Request": "true"}
)

// checkEncoding fails unless a is gzipped exactly when gzipped is true, and
// says either way that the answer depends on Accept-Encoding.
func checkEncoding(t *testing.T, what string, a wire, gzipped bool) {
	t.Helper()
	if got := a.header.Get("Content-Encoding") == "gzip"; got != gzipped {
		t.Errorf("%s: Content-Encoding %q, want gzip: %v", what, a.header.Get("Content-Encoding"), gzipped)
	}
	if vary := a.header.Values("Vary"); len(vary) != 1 || vary[0] != "Accept-Encoding" {
		t.Errorf("%s: Vary %q, want Accept-Encoding once", what, vary)
	}
}

func TestPagesAndFragmentsAreGzippedWhenAsked(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)

	page, plainPage := alice.sendRaw(http.MethodGet, draft, nil, acceptGzip), alice.sendRaw(http.MethodGet, draft, nil, nil)
	checkEncoding(t, "editor page", page, true)
	checkEncoding(t, "editor page without gzip", plainPage, false)
	if page.text(t) != plainPage.text(t) || !strings.Contains(plainPage.text(t), `name="/client_name"`) {
		t.Error("the gzipped editor page is not the page")
	}
	if len(page.body) >= len(plainPage.body)/3 {
		t.Errorf("editor page: %d bytes gzipped, %d plain", len(page.body), len(plainPage.body))
	}

	save := alice.sendRaw(http.MethodPost, draft+"/edit/general", url.Values{"_version": {"1"}, "_changed": {"/client_name"},
		"/client_name": {"Acme bot two"}, "/grant_types": {"client_credentials"}}, htmxGzip)
	checkEncoding(t, "autosave", save, true)
	if save.status != http.StatusOK || !strings.Contains(save.text(t), `id="draft-version" value="2"`) || strings.Contains(save.text(t), "<html") {
		t.Errorf("autosave: status %d:\n%s", save.status, save.text(t))
	}
	plainSave := alice.sendRaw(http.MethodPost, draft+"/edit/general", url.Values{"_version": {"2"}, "_changed": {"/client_name"},
		"/client_name": {"Acme bot three"}, "/grant_types": {"client_credentials"}}, htmxPlain)
	checkEncoding(t, "autosave without gzip", plainSave, false)
	if plainSave.status != http.StatusOK || !strings.Contains(plainSave.text(t), `id="draft-version" value="3"`) {
		t.Errorf("autosave without gzip: status %d", plainSave.status)
	}

	// A conflict keeps its status and its notice, compressed.
	stale := alice.sendRaw(http.MethodPost, draft+"/edit/general", url.Values{"_version": {"1"}, "/client_name": {"Stale tab"}}, htmxGzip)
	checkEncoding(t, "conflict", stale, true)
	if stale.status != http.StatusConflict || !strings.Contains(stale.text(t), "Your last change was not saved") {
		t.Errorf("stale save: status %d", stale.status)
	}
}

func TestStaticAssetsAreNotCompressedTwice(t *testing.T) {
	ts := newTestServer(t)
	for _, name := range []string{"htmx.js", "app.css", "app.js"} {
		for _, gzipped := range []bool{true, false} {
			r := httptest.NewRequest(http.MethodGet, ts.assets.URL(name), nil)
			if gzipped {
				r.Header.Set("Accept-Encoding", "gzip")
			}
			direct := httptest.NewRecorder()
			ts.assets.ServeHTTP(direct, r)
			rec := ts.do(t, r)
			a := wire{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
			checkEncoding(t, name, a, gzipped)
			if a.status != http.StatusOK || !bytes.Equal(a.body, direct.Body.Bytes()) {
				t.Errorf("%s (gzip %v): status %d, not the asset as static serves it", name, gzipped, a.status)
			}
			for _, h := range []string{"Cache-Control", "Content-Type", "Content-Length", "Accept-Ranges"} {
				if a.header.Get(h) != direct.Header().Get(h) {
					t.Errorf("%s (gzip %v): %s %q, static sets %q", name, gzipped, h, a.header.Get(h), direct.Header().Get(h))
				}
			}
		}
	}
}

func TestDownloadsKeepTheirETagWhenGzipped(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	d := ts.storeDraft(t, w.alice, string(guideExample(t)))
	path := "/drafts/" + itoa(d.ID) + "/manifest.json"
	want := manifest.Format(mustDecode(t, guideExample(t)))
	sum := sha256.Sum256(want)
	etag := `W/"` + hex.EncodeToString(sum[:]) + `"`

	for _, header := range []map[string]string{acceptGzip, nil} {
		a := alice.sendRaw(http.MethodGet, path, nil, header)
		checkEncoding(t, "manifest.json", a, header != nil)
		if a.status != http.StatusOK || a.text(t) != string(want) || a.header.Get("ETag") != etag {
			t.Errorf("manifest.json (gzip %v): status %d, ETag %q", header != nil, a.status, a.header.Get("ETag"))
		}
		conditional := map[string]string{"If-None-Match": a.header.Get("ETag")}
		for k, v := range header {
			conditional[k] = v
		}
		if again := alice.sendRaw(http.MethodGet, path, nil, conditional); again.status != http.StatusNotModified || len(again.body) != 0 || again.header.Get("ETag") != etag {
			t.Errorf("manifest.json again (gzip %v): status %d, ETag %q", header != nil, again.status, again.header.Get("ETag"))
		}
	}

	schema := alice.sendRaw(http.MethodGet, "/schema/manifest.schema.json", nil, acceptGzip)
	checkEncoding(t, "schema", schema, true)
	again := alice.sendRaw(http.MethodGet, "/schema/manifest.schema.json", nil, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": schema.header.Get("ETag")})
	if schema.text(t) != string(manifest.Schema()) || again.status != http.StatusNotModified {
		t.Errorf("schema: conditional GET with its ETag %q: %d", schema.header.Get("ETag"), again.status)
	}
}
