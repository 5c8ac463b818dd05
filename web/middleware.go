package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/liveengage/manifestd/manifest"
)

// maxBodyBytes bounds every request body: a manifest may be manifest.MaxSize,
// and an upload of one carries a little multipart framing on top.
const maxBodyBytes = manifest.MaxSize + 64<<10

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script, no eval. Images may come from https so a logo_uri can be previewed.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' https: data:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// middleware wraps the route table, outermost first: request id, logging,
// compression, panic recovery, security headers, body limit, cross-origin
// protection, and who is signed in. Compression sits inside logging, so the
// log counts the bytes sent, and outside recovery, so a 500 is compressed as
// any answer is.
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.loadViewer(h)
	h = crossOriginProtection(h)
	h = limitBody(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = compress(h)
	h = s.logRequests(h)
	return withRequestID(h)
}

// compress gzips answers of 1 KiB and more (pages, htmx fragments, JSON) for
// clients that accept gzip, and marks every answer Vary: Accept-Encoding.
// Answers that come with a Content-Encoding already, the static assets
// gzipped once at start-up, pass unchanged; so do archives and images.
// Only gzip: every client that asks for compression takes it, and zstd would
// leave the static assets, gzipped, as the one exception.
func compress(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.EnableZstd(false))
	if err != nil {
		panic(fmt.Sprintf("gzhttp options: %v", err)) // the options are constants
	}
	return wrap(next)
}

type ctxKey int

const requestIDKey ctxKey = iota

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		var text [16]byte
		hex.Encode(text[:], b[:])
		id := string(text[:])
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusRecorder remembers the status a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one line per request. Paths that carry secrets (invite
// tokens) are redacted; bodies and query strings are never logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		// Attributes rather than key-value pairs: they need no boxing.
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", redactPath(r.URL.Path)), slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes), slog.Duration("duration", time.Since(start)), slog.String("request_id", requestID(r.Context())))
	})
}

// redactPath hides the secret part of paths that carry one.
func redactPath(path string) string {
	for _, prefix := range []string{"/invite/"} {
		if strings.HasPrefix(path, prefix) && len(path) > len(prefix) {
			return prefix + "[redacted]"
		}
	}
	return path
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "request_id", requestID(r.Context()), "path", r.URL.Path, "panic", fmt.Sprint(v))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaderValues go on every answer. Each value is one slice that every
// answer shares, assigned rather than Set, which would make a slice per
// header per request: nothing writes into a header's slice (Set replaces
// it, and Add appends to a slice without spare room, which copies it).
var securityHeaderValues = []sharedHeader{
	{"Content-Security-Policy", []string{contentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"same-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=()"}},
}

// sharedHeader is a header's key, in the canonical form that Header.Set
// would write, and a value that answers share.
type sharedHeader struct {
	key   string
	value []string
}

// noStore is the Cache-Control of everything but static assets, shared as
// securityHeaderValues are.
var noStore = []string{"no-store"}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, sh := range securityHeaderValues {
			h[sh.key] = sh.value
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages show people's drafts: never keep them in shared caches.
			h["Cache-Control"] = noStore
		}
		next.ServeHTTP(w, r)
	})
}

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// crossOriginProtection refuses state-changing requests that a browser marks
// as cross-site (CSRF). Scripts without browser headers, such as curl against
// the API, pass.
func crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Cross-origin request refused.", http.StatusForbidden)
	}))
	return cop.Handler(next)
}
