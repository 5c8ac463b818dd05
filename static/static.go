// Package static holds the browser assets, embedded in the binary and served
// under file names that change whenever their content does, so browsers may
// cache them for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
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
	byURL  map[string]string // URL file name -> embedded file name
}

// Load fingerprints every embedded asset. Names that already carry a version
// (htmx-2.0.11.min.js) are kept; the others get a content hash inserted.
func Load() (*Assets, error) {
	a := &Assets{byName: map[string]string{}, byURL: map[string]string{}}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		body, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		served := fingerprint(e.Name(), body)
		a.byName[logicalName(e.Name())] = "/static/" + served
		a.byURL[served] = e.Name()
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

// ServeHTTP serves /static/<fingerprinted name> with long-lived cache headers.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := a.byURL[path.Base(r.URL.Path)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, files, name)
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
