package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// inviteLifetime is how long an invitation link works.
const inviteLifetime = 72 * time.Hour

// account is the one place that decides whether the viewer may see the
// account named in the URL: managers see every account, customers only their own.
func (s *Server) account(r *http.Request) (store.Account, error) {
	id := r.PathValue("account")
	v := viewer(r)
	if v == nil || (v.Role != store.RoleManager && v.AccountID != id) {
		return store.Account{}, errNotFound
	}
	return s.store.Account(r.Context(), id)
}

func (s *Server) accountsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccounts(w, r, http.StatusOK, views.AccountForm{})
}

func (s *Server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, form views.AccountForm) error {
	summaries, err := s.store.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	rows := make([]views.AccountRow, len(summaries))
	for i, a := range summaries {
		rows[i] = views.AccountRow{ID: a.ID, Name: a.Name, Customers: a.Customers, Drafts: a.Drafts, Trashed: a.Trashed}
	}
	return s.renderFormStatus(w, r, status, views.AccountsPage(s.page(r, "Accounts"), rows, form), views.AccountFormView(form))
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	form := views.AccountForm{ID: strings.TrimSpace(r.PostFormValue("id")), Name: strings.TrimSpace(r.PostFormValue("name")), Errors: views.FormErrors{}}
	acct, err := s.store.CreateAccount(r.Context(), form.ID, form.Name)
	var fe *store.FieldError
	switch {
	case errors.As(err, &fe):
		form.Errors[fe.Field] = fe.Message
	case errors.Is(err, store.ErrDuplicate):
		form.Errors["id"] = "Account " + form.ID + " exists already."
	case err != nil:
		return err
	}
	if len(form.Errors) > 0 {
		return s.renderAccounts(w, r, http.StatusUnprocessableEntity, form)
	}
	s.redirect(w, r, "/accounts/"+acct.ID)
	return nil
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	return s.renderAccount(w, r, http.StatusOK, acct, views.InviteFormState{})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, acct store.Account, invite views.InviteFormState) error {
	people, err := s.people(r, acct.ID)
	if err != nil {
		return err
	}
	full := views.AccountPage(s.page(r, acct.Name), acct.ID, acct.Name, people, invite)
	return s.renderFormStatus(w, r, status, full, views.AccountPeople(acct.ID, people, invite))
}

// people lists the account's people, with the open invitation of each one
// who has not chosen a password yet.
func (s *Server) people(r *http.Request, accountID string) ([]views.Person, error) {
	users, err := s.store.ListUsers(r.Context(), accountID)
	if err != nil {
		return nil, err
	}
	invites, err := s.store.PendingInvites(r.Context(), accountID)
	if err != nil {
		return nil, err
	}
	expires := make(map[int64]time.Time, len(invites))
	for _, in := range invites {
		expires[in.UserID] = in.ExpiresAt
	}
	people := make([]views.Person, len(users))
	for i, u := range users {
		people[i] = views.Person{ID: u.ID, Email: u.Email, Disabled: u.Disabled, Status: personStatus(u),
			InviteExpires: expires[u.ID], InviteExpired: !expires[u.ID].After(s.now())}
	}
	return people, nil
}

func personStatus(u store.User) string {
	switch {
	case u.Disabled:
		return "disabled"
	case u.PasswordHash == nil:
		return "invited"
	}
	return "active"
}

// invite makes (or remakes) a customer and a one-time link for them to set a
// password. Only the link's hash is stored; the manager sees the link once.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	form := views.InviteFormState{Email: strings.TrimSpace(r.PostFormValue("email")), Errors: views.FormErrors{}}
	u, err := s.inviteeFor(r, acct, form.Email)
	var fe *store.FieldError
	switch {
	case errors.As(err, &fe):
		form.Errors["email"] = fe.Message
	case err != nil:
		return err
	}
	if len(form.Errors) > 0 {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, acct, form)
	}
	token, hash := newInviteToken()
	if err := s.store.CreateInvite(r.Context(), u.ID, viewer(r).ID, hash, s.now().Add(inviteLifetime)); err != nil {
		return err
	}
	link := s.absoluteURL(r, "/invite/"+token)
	return s.renderAccount(w, r, http.StatusOK, acct, views.InviteFormState{Link: link, LinkEmail: u.Email, Errors: views.FormErrors{}})
}

// inviteeFor finds the account's person with that email, or adds them.
func (s *Server) inviteeFor(r *http.Request, acct store.Account, email string) (store.User, error) {
	u, err := s.store.UserByEmail(r.Context(), email)
	if err == nil {
		if u.AccountID != acct.ID {
			return u, &store.FieldError{Field: "email", Message: "This email belongs to someone outside this account."}
		}
		if u.PasswordHash != nil {
			return u, &store.FieldError{Field: "email", Message: "This person has a password already. To let them in again, reset it from the command line."}
		}
		return u, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	u, err = s.store.CreateUser(r.Context(), store.User{Email: email, Role: store.RoleCustomer, AccountID: acct.ID})
	if errors.Is(err, store.ErrDuplicate) {
		return u, &store.FieldError{Field: "email", Message: "This email is taken."}
	}
	return u, err
}

func newInviteToken() (token string, hash []byte) {
	var b [32]byte
	rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// absoluteURL makes a link the invited person can open from their mail.
func (s *Server) absoluteURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.behindTLS {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// setPersonDisabled disables or enables one of the account's people; disabling
// ends their sessions at once.
func (s *Server) setPersonDisabled(disabled bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		acct, err := s.account(r)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(r.PathValue("person"), 10, 64)
		if err != nil {
			return errNotFound
		}
		u, err := s.store.UserByID(r.Context(), id)
		if err != nil || u.AccountID != acct.ID {
			return errOr(err, errNotFound)
		}
		if err := s.store.SetDisabled(r.Context(), u.ID, disabled); err != nil {
			return err
		}
		s.redirect(w, r, "/accounts/"+acct.ID)
		return nil
	}
}

// invitePage shows the choose-a-password form for a usable invitation.
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.InviteUser(r.Context(), hashToken(r.PathValue("token")), s.now())
	if err != nil {
		return errOr(inviteUnusable(err), err)
	}
	s.render(w, r, http.StatusOK, views.InvitePage(s.page(r, "Welcome"), u.Email, r.URL.Path, nil))
	return nil
}

func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	hash := hashToken(r.PathValue("token"))
	u, err := s.store.InviteUser(r.Context(), hash, s.now())
	if err != nil {
		return errOr(inviteUnusable(err), err)
	}
	errs := views.FormErrors{}
	password := r.PostFormValue("password")
	checkNewPassword(errs, password, r.PostFormValue("password2"))
	if len(errs) > 0 {
		return s.renderForm(w, r, views.InvitePage(s.page(r, "Welcome"), u.Email, r.URL.Path, errs), views.InviteForm(r.URL.Path, errs))
	}
	pwHash, err := s.hashPassword(password)
	if err != nil {
		return err
	}
	u, err = s.store.AcceptInvite(r.Context(), hash, s.now(), pwHash)
	if err != nil {
		return errOr(inviteUnusable(err), err)
	}
	if err := s.signIn(w, r, u); err != nil {
		return err
	}
	s.redirect(w, r, homeFor(u))
	return nil
}

// inviteUnusable says what a person opening a spent or expired link should do.
func inviteUnusable(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return statusError(http.StatusNotFound, "This invitation link has been used already or has expired. Ask your account team for a new one.")
	}
	return nil
}
