package web

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// page returns the layout facts for a page request.
func (s *Server) page(r *http.Request, title string) views.Page {
	p := views.Page{Title: title, Assets: s.assets}
	if u := viewer(r); u != nil {
		p.User = &views.Viewer{Email: u.Email, Manager: u.Role == store.RoleManager, AccountID: u.AccountID}
		p.Nav = "drafts"
		if p.User.Manager {
			p.Nav = "accounts"
		}
	}
	return p
}

// render writes a component, buffered so a failed render still gets a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.ErrorContext(r.Context(), "render failed", "request_id", requestID(r.Context()), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// isHTMX reports whether htmx made the request (and so wants a fragment).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }
