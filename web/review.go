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

// reviewStep is one review action: who may take it, what it does to the
// draft in the URL, and where the browser goes after it (a path under the draft).
type reviewStep struct {
	role   store.Role
	what   string // what that role does, for the refusal anyone else gets
	act    func(r *http.Request, d store.Draft) error
	thenTo string
}

// Who does what in a review: customers submit and withdraw their account's
// drafts; managers approve and request changes; both comment and resolve.
var (
	submitStep   = reviewStep{role: store.RoleCustomer, what: "submit drafts", thenTo: "/review"}
	withdrawStep = reviewStep{role: store.RoleCustomer, what: "withdraw submissions"}
	approveStep  = reviewStep{role: store.RoleManager, what: "approve", thenTo: "/review"}
	changesStep  = reviewStep{role: store.RoleManager, what: "request changes", thenTo: "/review"}
)

// reviewAction adapts a step: the draft must be the viewer's to see (else
// 404), the viewer must have the step's role (else 403, saying who does it),
// and a refused transition says why.
func (s *Server) reviewAction(step reviewStep) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.draft(r)
		if err != nil {
			return err
		}
		if viewer(r).Role != step.role {
			return statusError(http.StatusForbidden, roleRefusal(step))
		}
		if err := step.act(r, d); err != nil {
			return reviewRefusal(err, d.Title, step.role)
		}
		s.redirect(w, r, draftURL(d.ID)+step.thenTo)
		return nil
	}
}

func roleRefusal(step reviewStep) string {
	if step.role == store.RoleCustomer {
		return "Only the account's customers " + step.what + "; account managers approve or request changes."
	}
	return "Only account managers " + step.what + "."
}

// reviewRefusal turns a refused transition into what the person, of role,
// should know and do.
func reviewRefusal(err error, clientName string, role store.Role) error {
	var te *store.TransitionError
	switch {
	case errors.As(err, &te):
		return statusError(http.StatusConflict, fmt.Sprintf("That cannot be done now: the draft is %s. Reload the page to see where it stands.", strings.ToLower(views.StateLabel(string(te.State)))))
	case errors.Is(err, store.ErrNameTaken):
		return statusError(http.StatusConflict, nameTakenMessage(clientName, role))
	case errors.Is(err, store.ErrNeedsComment):
		return statusError(http.StatusUnprocessableEntity, "Say what needs to change: write it in the box, or comment on the fields first.")
	case errors.Is(err, store.ErrConflict):
		return statusError(http.StatusConflict, "The draft changed since you opened this page. Reload it, check the changes, and submit again.")
	case errors.Is(err, store.ErrNotAllowed):
		return statusError(http.StatusConflict, "That cannot be done in the draft's present state. Reload the page to see where it stands.")
	}
	return err
}

// nameTakenMessage says that an approved manifest, of this account or
// another, has the name, and what the person can do about it.
func nameTakenMessage(clientName string, role store.Role) string {
	taken := fmt.Sprintf("An approved manifest is named %q already: a client_name is used by one approved manifest only, in any account. ", clientName)
	if role == store.RoleManager {
		return taken + "Request changes, so that the customer chooses another name."
	}
	return taken + "Choose another client_name in the editor, then submit again."
}

// submitDraft freezes the draft as a new revision for review.
func (s *Server) submitDraft(r *http.Request, d store.Draft) error {
	doc := decodeStored(d.Document)
	if errs, _ := manifest.Count(manifest.Validate(doc)); errs > 0 {
		return statusError(http.StatusConflict, "Fix the draft's "+views.Plural(errs, "error")+" before you submit it.")
	}
	base, _ := strconv.ParseInt(r.PostFormValue("_version"), 10, 64)
	_, err := s.store.Submit(r.Context(), d.AccountID, d.ID, base, viewer(r).ID, manifest.Format(doc), draftTitle(doc))
	return err
}

func (s *Server) withdrawDraft(r *http.Request, d store.Draft) error {
	return s.store.Withdraw(r.Context(), d.AccountID, d.ID, viewer(r).ID)
}

func (s *Server) approveDraft(r *http.Request, d store.Draft) error {
	_, err := s.store.Approve(r.Context(), d.ID, postedRevision(r), viewer(r).ID)
	return err
}

func (s *Server) requestChanges(r *http.Request, d store.Draft) error {
	return s.store.RequestChanges(r.Context(), d.ID, postedRevision(r), viewer(r).ID, r.PostFormValue("comment"))
}

// postedRevision is the revision the page showed when the person acted.
func postedRevision(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	return n
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	pointer := r.PostFormValue("pointer")
	if pointer != "" && manifest.FieldLabel(pointer) == "" {
		return statusError(http.StatusUnprocessableEntity, "Choose a field of the manifest, or the whole manifest.")
	}
	_, err = s.store.AddComment(r.Context(), d.AccountID, d.ID, postedRevision(r), pointer, r.PostFormValue("body"), viewer(r).ID)
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

// with gives the step what it does; the steps' roles stay in one table above.
func (step reviewStep) with(act func(*http.Request, store.Draft) error) reviewStep {
	step.act = act
	return step
}
