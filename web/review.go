package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// Who does what in a review: customers submit and withdraw their account's
// drafts; managers approve and request changes; both comment and resolve.
func customerOnly(r *http.Request, action string) error {
	if viewer(r).Role != store.RoleCustomer {
		return statusError(http.StatusForbidden, "Only the account's customers "+action+"; account managers approve or request changes.")
	}
	return nil
}

func managerAction(r *http.Request, action string) error {
	if viewer(r).Role != store.RoleManager {
		return statusError(http.StatusForbidden, "Only account managers "+action+".")
	}
	return nil
}

// reviewRefusal turns a refused transition into what the person should know.
func reviewRefusal(err error, clientName string) error {
	var te *store.TransitionError
	switch {
	case errors.As(err, &te):
		return statusError(http.StatusConflict, fmt.Sprintf("That cannot be done now: the draft is %s. Reload the page to see where it stands.", strings.ToLower(views.StateLabel(string(te.State)))))
	case errors.Is(err, store.ErrNameTaken):
		return statusError(http.StatusConflict, fmt.Sprintf("Another account has an approved manifest named %q. Choose another client_name in the editor, then submit again.", clientName))
	case errors.Is(err, store.ErrNeedsComment):
		return statusError(http.StatusUnprocessableEntity, "Say what needs to change: write it in the box, or comment on the fields first.")
	case errors.Is(err, store.ErrConflict):
		return statusError(http.StatusConflict, "The draft changed since you opened this page. Reload it, check the changes, and submit again.")
	case errors.Is(err, store.ErrNotAllowed):
		return statusError(http.StatusConflict, "That cannot be done in the draft's present state. Reload the page to see where it stands.")
	}
	return err
}

// submitDraft freezes the draft as a new revision for review.
func (s *Server) submitDraft(w http.ResponseWriter, r *http.Request) error {
	if err := customerOnly(r, "submit drafts"); err != nil {
		return err
	}
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	doc := decodeStored(d.Document)
	if errs, _ := manifest.Count(manifest.Validate(doc)); errs > 0 {
		return statusError(http.StatusConflict, "Fix the draft's "+views.Plural(errs, "error")+" before you submit it.")
	}
	base, _ := strconv.ParseInt(r.PostFormValue("_version"), 10, 64)
	name := draftTitle(doc)
	if _, err := s.store.Submit(r.Context(), d.AccountID, d.ID, base, viewer(r).ID, manifest.Format(doc), name); err != nil {
		return reviewRefusal(err, name)
	}
	s.redirect(w, r, draftURL(d.ID)+"/review")
	return nil
}

func (s *Server) withdrawDraft(w http.ResponseWriter, r *http.Request) error {
	if err := customerOnly(r, "withdraw submissions"); err != nil {
		return err
	}
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	if err := s.store.Withdraw(r.Context(), d.AccountID, d.ID, viewer(r).ID); err != nil {
		return reviewRefusal(err, d.Title)
	}
	s.redirect(w, r, draftURL(d.ID))
	return nil
}

func (s *Server) approveDraft(w http.ResponseWriter, r *http.Request) error {
	if err := managerAction(r, "approve"); err != nil {
		return err
	}
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	revision, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	if _, err := s.store.Approve(r.Context(), d.ID, revision, viewer(r).ID); err != nil {
		return reviewRefusal(err, d.Title)
	}
	s.redirect(w, r, draftURL(d.ID)+"/review")
	return nil
}

func (s *Server) requestChanges(w http.ResponseWriter, r *http.Request) error {
	if err := managerAction(r, "request changes"); err != nil {
		return err
	}
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	revision, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	if err := s.store.RequestChanges(r.Context(), d.ID, revision, viewer(r).ID, r.PostFormValue("comment")); err != nil {
		return reviewRefusal(err, d.Title)
	}
	s.redirect(w, r, draftURL(d.ID)+"/review")
	return nil
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	revision, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	pointer := r.PostFormValue("pointer")
	if pointer != "" && manifest.FieldLabel(pointer) == "" {
		return statusError(http.StatusUnprocessableEntity, "Choose a field of the manifest, or the whole manifest.")
	}
	_, err = s.store.AddComment(r.Context(), d.AccountID, d.ID, revision, pointer, r.PostFormValue("body"), viewer(r).ID)
	var fe *store.FieldError
	if errors.As(err, &fe) {
		return statusError(http.StatusUnprocessableEntity, "Write a comment of at most 2,000 characters.")
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, draftURL(d.ID)+"/review#comments")
	return nil
}

func (s *Server) resolveComment(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("comment"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := s.store.ResolveComment(r.Context(), d.AccountID, d.ID, id, viewer(r).ID); err != nil {
		return err
	}
	back := r.Referer()
	if !strings.HasPrefix(back, s.absoluteURL(r, "/drafts/")) {
		back = draftURL(d.ID) + "/review#comments"
	}
	s.redirect(w, r, back)
	return nil
}
