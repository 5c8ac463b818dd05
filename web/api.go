package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/liveengage/manifestd/manifest"
)

// maxManifestBytes is the largest manifest the product accepts anywhere.
const maxManifestBytes = manifest.MaxSize

// validateAPI answers POST /api/v1/validate with the same report as
// `manifestd validate --format json`, without the file name.
func (s *Server) validateAPI(w http.ResponseWriter, r *http.Request) error {
	if !isJSONContentType(r.Header.Get("Content-Type")) {
		return writeJSONError(w, http.StatusUnsupportedMediaType, "Send the manifest as the request body with Content-Type: application/json.")
	}
	body, err := readManifest(r.Body, r.ContentLength)
	if err != nil {
		return writeReadError(w, err)
	}
	doc, problems := manifest.Check(body)
	// A body that is not JSON at all is a bad request; JSON that is no
	// manifest (an array, text that is not UTF-8) gets its report. The
	// second scan is only for bodies that failed to decode.
	if doc.Root == nil && !json.Valid(body) {
		return writeJSONError(w, http.StatusBadRequest, "The body is not JSON: "+firstMessage(problems))
	}
	setJSONHeaders(w)
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(manifest.NewReport("", problems).AppendJSON(make([]byte, 0, reportSize(problems))))
	return err
}

// reportSize is a little over the length of the report on problems, so
// that it is written into one buffer rather than one grown by doubling.
func reportSize(problems []manifest.Problem) int {
	const escapes = 16 // room for a few quotes in a message, escaped
	n := len(`{"valid":false,"problems":[]}`) + 1
	for _, p := range problems {
		n += len(`{"path":"","severity":"warning","message":"","hint":""},`) + len(p.Path) + len(p.Message) + len(p.Hint) + escapes
	}
	return n
}

// readManifest reads at most maxManifestBytes, failing with errTooLarge
// above. A body whose length is known is read into a buffer of that size
// (one byte more, to see the end), not one grown by doubling.
func readManifest(body io.Reader, length int64) ([]byte, error) {
	body = io.LimitReader(body, maxManifestBytes+1)
	buf := make([]byte, 0, min(max(length, 0), maxManifestBytes)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // unknown or wrong length: grow
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(buf) > maxManifestBytes {
		return nil, errTooLarge
	}
	return buf, nil
}

var errTooLarge = errors.New("manifest larger than " + manifest.MaxSizeText)

// pastedTooLarge is the problem with pasted manifest text over the limit, or nil.
func pastedTooLarge(text string) []manifest.Problem {
	if len(text) <= maxManifestBytes {
		return nil
	}
	return []manifest.Problem{{Severity: manifest.SeverityError,
		Message: "The manifest is larger than " + manifest.MaxSizeText, Hint: "A manifest is a few kilobytes; check that you pasted the right file."}}
}

func writeReadError(w http.ResponseWriter, err error) error {
	var maxErr *http.MaxBytesError
	if errors.Is(err, errTooLarge) || errors.As(err, &maxErr) {
		return writeJSONError(w, http.StatusRequestEntityTooLarge, "The manifest is larger than "+manifest.MaxSizeText+"; a manifest is a few kilobytes.")
	}
	return writeJSONError(w, http.StatusBadRequest, "The request body could not be read.")
}

func firstMessage(problems []manifest.Problem) string {
	if len(problems) == 0 {
		return "it could not be parsed"
	}
	return problems[0].Message
}

func isJSONContentType(value string) bool {
	if value == "application/json" { // what clients send: nothing to parse
		return true
	}
	mediaType, _, err := mime.ParseMediaType(value)
	return err == nil && (mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"))
}

// jsonContentType is shared by every JSON answer, as securityHeaderValues are.
var jsonContentType = []string{"application/json; charset=utf-8"}

func setJSONHeaders(w http.ResponseWriter) {
	w.Header()["Content-Type"] = jsonContentType
	w.Header()["Cache-Control"] = noStore
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	setJSONHeaders(w)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, message string) error {
	return writeJSON(w, status, map[string]string{"error": message})
}

// schema serves the manifest's JSON Schema for editors such as VS Code.
func (s *Server) schema(w http.ResponseWriter, r *http.Request) error {
	body := manifest.Schema()
	sum := sha256.Sum256(body)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	return serveFile(w, r, body, hex.EncodeToString(sum[:16]), "application/schema+json", "")
}

// healthz answers 200 while the database answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.ErrorContext(r.Context(), "health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "database unavailable\n")
		return
	}
	io.WriteString(w, "ok\n")
}
