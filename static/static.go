// Package static holds the browser assets, embedded in the binary and served
// under file names that change whenever their content does, so browsers may
// cache them for a year.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed *.js *.css *.svg
var files embed.FS

// HTMXVersion and HTMXSHA256 record the vendored htmx build (see VENDORED.md).
const (
	HTMXVersion = "2.0.11"
	HTMXSHA256  = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
)

// Assets maps logical asset names ("app.css") to content-addressed URLs.
type Assets struct {
	byName map[string]string // logical name -> /static/URL
	byURL  map[string]*asset // URL file name -> the file
}

// asset is one file, as it is and gzipped (compressed once, at start-up).
type asset struct {
	name    string
	body    []byte
	gzipped []byte
}

// Load fingerprints every embedded asset. Names that already carry a version
// (htmx-2.0.11.min.js) are kept; the others get a content hash inserted.
func Load() (*Assets, error) {
	a := &Assets{byName: map[string]string{}, byURL: map[string]*asset{}}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		body, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		gzipped, err := compress(body)
		if err != nil {
			return nil, err
		}
		served := fingerprint(e.Name(), body)
		a.byName[logicalName(e.Name())] = "/static/" + served
		a.byURL[served] = &asset{name: e.Name(), body: body, gzipped: gzipped}
	}
	return a, nil
}

// URL returns the served URL of a logical asset name; it panics on a name that
// is not embedded, which the views' tests catch at once.
func (a *Assets) URL(name string) string {
	u, ok := a.byName[name]
	if !ok {
		panic(fmt.Sprintf("static: no asset %q", name))
	}
	return u
}

// ServeHTTP serves /static/<fingerprinted name> with long-lived cache
// headers, gzipped for browsers that accept it.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byURL[path.Base(r.URL.Path)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(f.name)))
	body := f.body
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = f.gzipped
	}
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(coding, "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func compress(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// logicalName strips a vendored version: "htmx-2.0.11.min.js" -> "htmx.js".
func logicalName(file string) string {
	if strings.HasPrefix(file, "htmx-") {
		return "htmx.js"
	}
	return file
}

func fingerprint(file string, body []byte) string {
	if strings.HasPrefix(file, "htmx-") {
		return file
	}
	sum := sha256.Sum256(body)
	ext := path.Ext(file)
	return strings.TrimSuffix(file, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
}
