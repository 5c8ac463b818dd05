package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

const draftsPerPage = 20

// draftAccount is the one place that decides whether the viewer may touch the
// draft in the URL. It answers the draft's account, or 404 for anyone who may
// not see it, whether it exists or not.
func (s *Server) draftAccount(r *http.Request) (accountID string, id int64, err error) {
	id, err = draftID(r)
	if err != nil {
		return "", 0, err
	}
	v := viewer(r)
	if v.Role == store.RoleManager {
		accountID, err = s.store.DraftAccountID(r.Context(), id)
		return accountID, id, err
	}
	return v.AccountID, id, nil
}

// draft loads the draft in the URL, if the viewer may see it, deciding as
// draftAccount does, in one query: managers' drafts are in any account.
func (s *Server) draft(r *http.Request) (store.Draft, error) {
	id, err := draftID(r)
	if err != nil {
		return store.Draft{}, err
	}
	v := viewer(r)
	if v.Role == store.RoleManager {
		return s.store.DraftInAnyAccount(r.Context(), id)
	}
	return s.store.Draft(r.Context(), v.AccountID, id)
}

// draftID is the draft id in the URL; one that is not a number is not found.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errNotFound
	}
	return id, nil
}

// myDrafts sends customers to their account's drafts and managers to accounts.
func (s *Server) myDrafts(w http.ResponseWriter, r *http.Request) error {
	v := viewer(r)
	if v.Role == store.RoleManager {
		s.redirect(w, r, "/accounts")
		return nil
	}
	s.redirect(w, r, "/accounts/"+v.AccountID+"/drafts")
	return nil
}

func (s *Server) draftsPage(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	search := strings.TrimSpace(r.URL.Query().Get("q"))
	result, err := s.store.ListDrafts(r.Context(), acct.ID, store.DraftQuery{Search: search, PageQuery: pageQuery(r, draftsPerPage)})
	if err != nil {
		return err
	}
	list := views.DraftList{
		AccountID: acct.ID, AccountName: acct.Name, Search: search, Pages: pageLinks(r, result.Prev, result.Next),
		Manager: viewer(r).Role == store.RoleManager,
	}
	for _, d := range result.Items {
		list.Rows = append(list.Rows, views.DraftRow{ID: d.ID, Title: d.Title, UpdatedAt: d.UpdatedAt, UpdatedBy: d.UpdatedByEmail,
			Errors: d.Errors, Warnings: d.Warnings, State: string(d.State)})
	}
	s.render(w, r, http.StatusOK, views.DraftsPage(s.page(r, "Drafts"), list))
	return nil
}

func draftRow(d store.Draft) views.DraftRow {
	row := views.DraftRow{ID: d.ID, Title: d.Title, UpdatedAt: d.UpdatedAt, UpdatedBy: d.UpdatedByEmail, Errors: d.Errors, Warnings: d.Warnings, State: string(d.State)}
	if d.DeletedAt != nil {
		row.DeletedAt = *d.DeletedAt
	}
	return row
}

// draftInput derives what the store keeps beside a document: its title and counts.
func draftInput(doc manifest.Document, text []byte) store.DraftInput {
	return draftInputFrom(doc, text, manifest.Validate(doc))
}

// draftInputFrom is draftInput for a document already validated.
func draftInputFrom(doc manifest.Document, text []byte, problems []manifest.Problem) store.DraftInput {
	errs, warns := manifest.Count(problems)
	return store.DraftInput{Title: draftTitle(doc), Document: text, Errors: errs, Warnings: warns}
}

// draftTitle is the draft's app name, or "Untitled" while it has none.
func draftTitle(doc manifest.Document) string {
	if name := manifest.AppName(doc); name != "" {
		return name
	}
	return "Untitled"
}

func (s *Server) newDraft(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	kind := manifest.Connector
	if asked := r.PostFormValue("kind"); asked != "" {
		var ok bool
		if kind, ok = manifest.ParseAppKind(asked); !ok {
			return statusError(http.StatusBadRequest, "Choose a connector or a web app for the new draft.")
		}
	}
	doc := manifest.NewDraft(kind)
	text, err := doc.Root.MarshalJSON()
	if err != nil {
		return err
	}
	d, err := s.store.CreateDraft(r.Context(), acct.ID, viewer(r).ID, draftInput(doc, text))
	if err != nil {
		return err
	}
	s.redirect(w, r, draftURL(d.ID))
	return nil
}

func draftURL(id int64) string { return "/drafts/" + strconv.FormatInt(id, 10) }

func (s *Server) duplicateDraft(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	dup, err := s.store.DuplicateDraft(r.Context(), d.AccountID, d.ID, viewer(r).ID, d.Title)
	if err != nil {
		return err
	}
	s.redirect(w, r, draftURL(dup.ID))
	return nil
}

func (s *Server) confirmDeleteDraft(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, views.DeleteDraftPage(s.page(r, "Delete "+d.Title), draftRow(d)))
	return nil
}

func (s *Server) deleteDraft(w http.ResponseWriter, r *http.Request) error {
	accountID, id, err := s.draftAccount(r)
	if err != nil {
		return err
	}
	err = s.store.TrashDraft(r.Context(), accountID, id, viewer(r).ID)
	if errors.Is(err, store.ErrNotAllowed) {
		return statusError(http.StatusConflict, "This draft cannot be deleted: a draft under review must be withdrawn first, and one with an approved manifest is kept so the manifest stays available.")
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/accounts/"+accountID+"/drafts")
	return nil
}

func (s *Server) trashPage(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	trashed, err := s.store.ListTrash(r.Context(), acct.ID, s.now())
	if err != nil {
		return err
	}
	rows := make([]views.DraftRow, len(trashed))
	for i, d := range trashed {
		rows[i] = draftRow(d)
	}
	s.render(w, r, http.StatusOK, views.TrashPage(s.page(r, "Trash"), acct.ID, acct.Name, rows))
	return nil
}

func (s *Server) restoreDraft(w http.ResponseWriter, r *http.Request) error {
	accountID, id, err := s.draftAccount(r)
	if err != nil {
		return err
	}
	d, err := s.store.RestoreDraft(r.Context(), accountID, id, viewer(r).ID, s.now())
	if err != nil {
		return err
	}
	s.redirect(w, r, draftURL(d.ID))
	return nil
}
