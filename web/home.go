package web

import (
	"net/http"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/views"
)

// home is the landing page; on an empty database it leads to setup.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	needed, err := s.needsSetup(r.Context())
	if err != nil {
		return err
	}
	if needed {
		s.redirect(w, r, "/setup")
		return nil
	}
	s.render(w, r, http.StatusOK, views.Home(s.homePage(r), views.CheckResult{}))
	return nil
}

func (s *Server) homePage(r *http.Request) views.Page {
	p := s.page(r, "")
	p.Nav = "home"
	return p
}

// check validates pasted manifest text; htmx gets the result fragment, a
// plain form post the whole page with the text kept as typed.
func (s *Server) check(w http.ResponseWriter, r *http.Request) error {
	text := r.PostFormValue("manifest")
	result := views.CheckResult{Checked: true, Text: text}
	if result.Problems = pastedTooLarge(text); result.Problems == nil {
		_, result.Problems = manifest.Check([]byte(text))
	}
	if isHTMX(r) {
		s.render(w, r, http.StatusOK, views.CheckResultView(result))
		return nil
	}
	s.render(w, r, http.StatusOK, views.Home(s.homePage(r), result))
	return nil
}
