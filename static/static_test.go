package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func TestVendoredChecksums(t *testing.T) {
	body, err := files.ReadFile("htmx-" + HTMXVersion + ".min.js")
	if err != nil {
		t.Fatalf("vendored htmx %s missing: %v", HTMXVersion, err)
	}
	sum := sha256.Sum256(body)
	if got := hex.EncodeToString(sum[:]); got != HTMXSHA256 {
		t.Fatalf("htmx sha256 = %s, recorded %s", got, HTMXSHA256)
	}
	record, err := os.ReadFile("VENDORED.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(record), HTMXSHA256) || !strings.Contains(string(record), HTMXVersion) {
		t.Fatal("VENDORED.md does not record the vendored htmx version and sha256")
	}
}

func TestAssetsServeWithCacheHeaders(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"htmx.js", "app.css", "app.js"} {
		u := a.URL(name)
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s (%s): status %d", name, u, rec.Code)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/app.css", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("unfingerprinted name served: %d", rec.Code)
	}
}

func TestAssetsAreGzippedWhenAccepted(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	u := a.URL("htmx.js")
	plain := httptest.NewRecorder()
	a.ServeHTTP(plain, httptest.NewRequest(http.MethodGet, u, nil))
	r := httptest.NewRequest(http.MethodGet, u, nil)
	r.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	zipped := httptest.NewRecorder()
	a.ServeHTTP(zipped, r)
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= plain.Body.Len()/2 {
		t.Fatalf("gzip: encoding %q, %d bytes vs %d", zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain.Body.Bytes()) || plain.Header().Get("Content-Encoding") != "" {
		t.Error("gzipped body differs from the file, or the plain one is encoded")
	}
	if ct := plain.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	r = httptest.NewRequest(http.MethodGet, u, nil)
	r.Header.Set("Accept-Encoding", "gzip;q=0")
	refused := httptest.NewRecorder()
	a.ServeHTTP(refused, r)
	if refused.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refuses it")
	}
}
