package web

import (
	"errors"
	"net/http"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// httpError is an error with the status and the message a person should see.
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return e.message }

// statusError makes an error that answers with status and a message for people.
func statusError(status int, message string) error {
	return &httpError{status: status, message: message}
}

var errNotFound = statusError(http.StatusNotFound, "There is nothing here. The address may be mistyped, or the page is not yours to see.")

// handlerFunc is a handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc, mapping its error to one status and page.
// 5xx are logged with the request id; 4xx are the client's business.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := parseForm(r)
		if err == nil {
			err = h(w, r)
		}
		if err == nil {
			return
		}
		status, message := s.classify(r, err)
		s.renderError(w, r, status, message)
	})
}

// parseForm reads a posted form up front, so that a body over the limit or
// one that is not a form is answered as such, not read as an empty form.
func parseForm(r *http.Request) error {
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		return nil
	}
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	if err != nil && !errors.As(err, &tooBig) {
		return statusError(http.StatusBadRequest, "The form could not be read. Please try again.")
	}
	return err
}

func (s *Server) classify(r *http.Request, err error) (int, string) {
	var he *httpError
	var tooBig *http.MaxBytesError
	var fieldErr *store.FieldError
	switch {
	case errors.As(err, &he):
		return he.status, he.message
	case errors.Is(err, store.ErrNotFound):
		return errNotFound.(*httpError).status, errNotFound.Error()
	case errors.As(err, &fieldErr):
		return http.StatusUnprocessableEntity, fieldErr.Message
	case errors.Is(err, store.ErrNotAllowed):
		return http.StatusConflict, "That cannot be done while the draft is in review, or once it has an approved manifest. Reload the page to see where it stands."
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, "That is more than the " + manifest.MaxSizeText + " this form takes. A manifest is a few kilobytes."
	case errors.Is(err, store.ErrBusy):
		// Nothing was changed and asking again soon works: not our failure
		// to log as one, but worth a line when it happens often.
		s.log.WarnContext(r.Context(), "database busy", "request_id", requestID(r.Context()), "path", r.URL.Path, "err", err)
		return http.StatusServiceUnavailable, "Manifest Studio is busy just now and nothing was changed. Try again in a few seconds."
	}
	s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again; if it keeps happening, tell us the time it happened."
}

// busyRetrying says a busy answer to a page's own request: the page asks
// again by itself.
const busyRetrying = "Manifest Studio is busy just now and nothing was changed. This page tries again by itself in a few seconds."

// retryAfterSeconds is how long a busy answer (503) asks clients to wait
// before they ask again; the editor's autosave waits that long by itself.
const retryAfterSeconds = "2"

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	if isHTMX(r) {
		if status == http.StatusServiceUnavailable {
			message = busyRetrying // app.js asks again after Retry-After
		}
		// Say it where the user looks, not in place of the fragment asked for.
		w.Header().Set("HX-Retarget", "#flash")
		w.Header().Set("HX-Reswap", "innerHTML")
		s.render(w, r, status, views.Flash(message))
		return
	}
	s.render(w, r, status, views.ErrorPage(s.page(r, http.StatusText(status)), status, message))
}
