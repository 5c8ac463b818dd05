package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
	"golang.org/x/crypto/bcrypt"
)

const (
	sessionName       = "manifestd_session"
	sessionUserKey    = "user_id"
	minPasswordLength = 12
	// bcrypt reads at most 72 bytes; longer passwords would be silently cut.
	maxPasswordBytes = 72
)

const viewerKey ctxKey = iota + 100

// loadViewer puts the signed-in, enabled person (if any) into the context.
// A disabled person or a session of a deleted user counts as signed out.
func (s *Server) loadViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Assets, the health check and the API answer everyone alike.
		if strings.HasPrefix(r.URL.Path, "/static/") || strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		_, u, err := s.sessions.GetWithUser(r, sessionName)
		if err != nil {
			status, message := s.classify(r, err)
			s.renderError(w, r, status, message)
			return
		}
		if u.ID != 0 && !u.Disabled && u.PasswordHash != nil {
			r = r.WithContext(context.WithValue(r.Context(), viewerKey, &u))
		}
		next.ServeHTTP(w, r)
	})
}

// viewer is the signed-in person, or nil.
func viewer(r *http.Request) *store.User {
	u, _ := r.Context().Value(viewerKey).(*store.User)
	return u
}

// signedIn wraps handlers for any signed-in person; others go to sign in.
func (s *Server) signedIn(h handlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if viewer(r) == nil {
			if r.Method == http.MethodGet {
				s.redirect(w, r, "/login")
				return nil
			}
			return statusError(http.StatusUnauthorized, "Your session has ended. Please sign in again.")
		}
		return h(w, r)
	})
}

// managerOnly wraps handlers for account managers; to anyone else the page does not exist.
func (s *Server) managerOnly(h handlerFunc) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) error {
		if viewer(r).Role != store.RoleManager {
			return errNotFound
		}
		return h(w, r)
	})
}

// signIn starts a new session for u; the session id changes at every sign-in.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u store.User) error {
	sess, _ := s.sessions.Get(r, sessionName)
	sess.Values = map[any]any{sessionUserKey: u.ID}
	return s.sessions.Rotate(r, w, sess)
}

// redirect sends the browser on: a 303 for plain forms, HX-Redirect for htmx.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, url string) {
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", url)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// homeFor is where a person lands after signing in.
func homeFor(u store.User) string {
	if u.Role == store.RoleManager {
		return "/accounts"
	}
	return "/drafts"
}

// setupState remembers once someone exists, so the check costs nothing after.
type setupState struct{ done atomic.Bool }

func (s *Server) needsSetup(ctx context.Context) (bool, error) {
	if s.setup.done.Load() {
		return false, nil
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		s.setup.done.Store(true)
	}
	return n == 0, nil
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) error {
	if needed, err := s.needsSetup(r.Context()); err != nil || !needed {
		return errOr(err, errNotFound)
	}
	s.render(w, r, http.StatusOK, views.SetupPage(s.page(r, "Set up"), views.CredentialsForm{}))
	return nil
}

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) error {
	if needed, err := s.needsSetup(r.Context()); err != nil || !needed {
		return errOr(err, errNotFound)
	}
	form := views.CredentialsForm{Email: strings.TrimSpace(r.PostFormValue("email")), Errors: views.FormErrors{}}
	password := r.PostFormValue("password")
	checkNewPassword(form.Errors, password, r.PostFormValue("password2"))
	if !looksLikeEmail(form.Email) {
		form.Errors["email"] = "Enter an email address, such as name@example.com."
	}
	if len(form.Errors) > 0 {
		return s.renderForm(w, r, views.SetupPage(s.page(r, "Set up"), form), views.SetupForm(form))
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return err
	}
	u, err := s.store.CreateFirstManager(r.Context(), form.Email, hash)
	if errors.Is(err, store.ErrConflict) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	s.setup.done.Store(true)
	if err := s.signIn(w, r, u); err != nil {
		return err
	}
	s.redirect(w, r, homeFor(u))
	return nil
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if u := viewer(r); u != nil {
		s.redirect(w, r, homeFor(*u))
		return nil
	}
	if needed, err := s.needsSetup(r.Context()); err != nil || needed {
		if err != nil {
			return err
		}
		s.redirect(w, r, "/setup")
		return nil
	}
	s.render(w, r, http.StatusOK, views.LoginPage(s.page(r, "Sign in"), views.CredentialsForm{}))
	return nil
}

const wrongCredentials = "Email or password is wrong."

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	form := views.CredentialsForm{Email: strings.TrimSpace(r.PostFormValue("email")), Errors: views.FormErrors{}}
	email, client := strings.ToLower(form.Email), clientAddress(r)
	wait, err := s.logins.wait(r.Context(), email, client)
	if err != nil {
		return err
	}
	if wait > 0 {
		form.Errors[""] = "Too many failed sign-ins. Please wait " + humanSeconds(wait) + " and try again."
		w.Header().Set("Retry-After", retryAfter(wait))
		return s.renderFormStatus(w, r, http.StatusTooManyRequests, views.LoginPage(s.page(r, "Sign in"), form), views.LoginForm(form))
	}
	u, ok, err := s.checkPassword(r.Context(), email, r.PostFormValue("password"))
	if err != nil {
		return err
	}
	if !ok {
		if err := s.logins.failed(r.Context(), email, client); err != nil {
			return err
		}
		form.Errors[""] = wrongCredentials
		return s.renderFormStatus(w, r, http.StatusUnauthorized, views.LoginPage(s.page(r, "Sign in"), form), views.LoginForm(form))
	}
	if err := s.logins.succeeded(r.Context(), email); err != nil {
		return err
	}
	if err := s.signIn(w, r, u); err != nil {
		return err
	}
	s.redirect(w, r, homeFor(u))
	return nil
}

// checkPassword compares in constant work whether or not the email exists, so
// timing does not tell which emails have accounts.
func (s *Server) checkPassword(ctx context.Context, email, password string) (store.User, bool, error) {
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return u, false, err
	}
	hash := u.PasswordHash
	if err != nil || hash == nil || u.Disabled {
		bcrypt.CompareHashAndPassword(s.dummyHash, []byte(password))
		return u, false, nil
	}
	return u, bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	sess, _ := s.sessions.Get(r, sessionName)
	sess.Options.MaxAge = -1
	if err := s.sessions.Save(r, w, sess); err != nil {
		return err
	}
	s.redirect(w, r, "/login")
	return nil
}

func (s *Server) hashPassword(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), s.bcryptCost)
}

// checkNewPassword records what is wrong with a chosen password, if anything.
func checkNewPassword(errs views.FormErrors, password, again string) {
	switch {
	case utf8.RuneCountInString(password) < minPasswordLength:
		errs["password"] = "Use at least 12 characters."
	case len(password) > maxPasswordBytes:
		errs["password"] = "Use at most 72 bytes (about 72 letters)."
	case password != again:
		errs["password2"] = "The two passwords differ. Type the same password twice."
	}
}

// looksLikeEmail is a light check; the invitation proves the address works.
func looksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>") && len(s) <= 254
}

// renderForm answers a form that needs correcting: htmx gets the form
// fragment, a plain post the full page, both with status 422.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, full, fragment templ.Component) error {
	return s.renderFormStatus(w, r, http.StatusUnprocessableEntity, full, fragment)
}

func (s *Server) renderFormStatus(w http.ResponseWriter, r *http.Request, status int, full, fragment templ.Component) error {
	if isHTMX(r) {
		s.render(w, r, status, fragment)
	} else {
		s.render(w, r, status, full)
	}
	return nil
}

// errOr returns err when there is one, else fallback.
func errOr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
