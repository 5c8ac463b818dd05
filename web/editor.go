package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// reshapingControls are the form names whose change adds or removes fields,
// so the whole section is drawn again rather than only its problems.
var reshapingControls = map[string]bool{views.FormOn: true, views.FormAction: true}

// editorSection is the section named in the URL; the draft page is General.
func editorSection(r *http.Request) (string, error) {
	name := r.PathValue("section")
	if name == "" {
		return "general", nil
	}
	for _, s := range views.EditorSections {
		if s.Name == name {
			return name, nil
		}
	}
	return "", errNotFound
}

// draftSection is the draft and the editor section named in the URL.
func (s *Server) draftSection(r *http.Request) (store.Draft, string, error) {
	section, err := editorSection(r)
	if err != nil {
		return store.Draft{}, "", err
	}
	d, err := s.draft(r)
	return d, section, err
}

// editorPage shows a draft in the editor.
func (s *Server) editorPage(w http.ResponseWriter, r *http.Request) error {
	d, section, err := s.draftSection(r)
	if err != nil {
		return err
	}
	e := storedEditor(d, section)
	e.RevealHeaders = r.URL.Query().Get("reveal") == "headers"
	e.PreviewLogo = r.URL.Query().Get("preview") == "logo"
	if err := s.withComments(r, &e); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, views.EditorPage(s.page(r, d.Title), e))
	return nil
}

// decodeStored reads a stored document; the editor only ever stores objects,
// but an empty document is a safe start should one not decode.
func decodeStored(text []byte) manifest.Document {
	doc, _ := manifest.Decode(text)
	if doc.Root == nil {
		return manifest.NewDocument()
	}
	return doc
}

// errSubmitted refuses an edit of a draft under review.
var errSubmitted = statusError(http.StatusConflict, "This draft is submitted for review and cannot be edited. Withdraw the submission on the review page to edit it again.")

// editorFor is what the editor shows of a draft whose document is doc.
func editorFor(d store.Draft, section string, doc manifest.Document, problems []manifest.Problem) views.Editor {
	e := views.Editor{
		DraftID: d.ID, AccountID: d.AccountID, Title: d.Title, Version: d.Version,
		SavedAt: d.UpdatedAt, SavedBy: d.UpdatedByEmail, Section: section,
		Doc: doc, Problems: problems, Touched: map[string]bool{},
		State: string(d.State), Revision: d.LatestRevision, Aside: decodeAside(d.SetAside).values,
		JSONText: string(d.JSONText), JSONKept: len(d.JSONText) > 0,
	}
	if section == jsonSection && e.JSONKept {
		_, e.JSONProblems = decodeJSONSection(e.JSONText)
	}
	return e
}

// withComments adds the draft's open review comments to what the editor shows.
func (s *Server) withComments(r *http.Request, e *views.Editor) error {
	comments, err := s.store.Comments(r.Context(), e.AccountID, e.DraftID)
	if err != nil {
		return err
	}
	for _, c := range commentRows(comments) {
		if !c.Resolved {
			e.Comments = append(e.Comments, c)
		}
	}
	return nil
}

// storedEditor is the editor for the draft as stored.
func storedEditor(d store.Draft, section string) views.Editor {
	doc := decodeStored(d.Document)
	return editorFor(d, section, doc, manifest.Validate(doc))
}

// saveSection is the autosave of one form section, and its Save button.
func (s *Server) saveSection(w http.ResponseWriter, r *http.Request) error {
	d, section, err := s.draftSection(r)
	if err != nil {
		return err
	}
	doc, aside := decodeStored(d.Document), decodeAside(d.SetAside)
	before := doc.Clone()
	undo := applySection(&doc, aside, section, r.PostForm)
	changed := r.PostFormValue("_changed")
	var e views.Editor
	status := http.StatusUnprocessableEntity
	if validUTF8(r.PostForm) {
		if e, status, err = s.saveDocument(r, d, section, doc, aside, !doc.Equal(before)); err != nil {
			return err
		}
	} else {
		// Bytes that are not text cannot be stored without changing them:
		// nothing is saved, and the validator says which field holds them.
		e = editorFor(d, section, doc, manifest.Validate(doc))
	}
	e.Touched = touchedFields(r.PostForm, changed)
	e.ShowAll = !isHTMX(r) || changed == "_save"
	e.RevealHeaders = r.URL.Query().Get("reveal") == "headers"
	e.Focus = focusAfter(r.PostFormValue(views.FormAction), doc)
	e.Undo = undo
	return s.renderEditor(w, r, status, e, reshapingControls[changed])
}

// saveDocument stores doc, and the values set aside beside it, as the
// draft's new version when it changed, or when the page was based on an
// older version (which then is a conflict). It answers the editor to show
// and its status: 409 after a conflict.
func (s *Server) saveDocument(r *http.Request, d store.Draft, section string, doc manifest.Document, aside setAside, changed bool) (views.Editor, int, error) {
	base, _ := strconv.ParseInt(r.PostFormValue("_version"), 10, 64)
	problems := manifest.Validate(doc)
	if !changed && base == d.Version {
		return editorFor(d, section, doc, problems), http.StatusOK, nil
	}
	text, err := doc.Root.MarshalJSON()
	if err != nil {
		return views.Editor{}, 0, err
	}
	aside.prune(doc)
	in := draftInputFrom(doc, text, problems)
	in.SetAside = aside.encode()
	if section != jsonSection {
		// The JSON section's text stays until that section applies one that parses.
		in.JSONText = d.JSONText
	}
	saved, err := s.store.SaveDraft(r.Context(), d.AccountID, d.ID, base, viewer(r).ID, in)
	if errors.Is(err, store.ErrConflict) {
		return s.conflictEditor(r, d, section, doc, problems)
	}
	if errors.Is(err, store.ErrNotAllowed) {
		return views.Editor{}, 0, errSubmitted
	}
	if err != nil {
		return views.Editor{}, 0, err
	}
	return editorFor(saved, section, doc, problems), http.StatusOK, nil
}

// validUTF8 reports whether every posted value is UTF-8 text.
func validUTF8(form url.Values) bool {
	for _, values := range form {
		for _, v := range values {
			if !utf8.ValidString(v) {
				return false
			}
		}
	}
	return true
}

// conflictEditor keeps what the person has on screen, says that the draft
// changed elsewhere, and leaves the stored draft as the other saver left it.
func (s *Server) conflictEditor(r *http.Request, d store.Draft, section string, doc manifest.Document, problems []manifest.Problem) (views.Editor, int, error) {
	current, err := s.store.Draft(r.Context(), d.AccountID, d.ID)
	if err != nil {
		return views.Editor{}, 0, err
	}
	e := editorFor(d, section, doc, problems)
	base, _ := strconv.ParseInt(r.PostFormValue("_version"), 10, 64)
	e.Version = base
	e.Conflict = &views.Conflict{Version: current.Version, By: current.UpdatedByEmail, At: current.UpdatedAt}
	return e, http.StatusConflict, nil
}

// touchedFields are the fields changed so far on this page, and the one just changed.
func touchedFields(form url.Values, changed string) map[string]bool {
	touched := map[string]bool{}
	for _, ptr := range strings.Fields(form.Get("_touched")) {
		touched[ptr] = true
	}
	if strings.HasPrefix(changed, "/") || strings.HasPrefix(changed, views.FormTag+"/") || strings.HasPrefix(changed, views.FormName+"/") {
		touched[changed] = true
	}
	return touched
}

// renderEditor answers htmx with the update fragments, a plain post with the page.
func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, status int, e views.Editor, reshaped bool) error {
	if err := s.withComments(r, &e); err != nil {
		return err
	}
	if isHTMX(r) {
		s.render(w, r, status, views.EditorUpdate(e, reshaped))
		return nil
	}
	s.render(w, r, status, views.EditorPage(s.page(r, e.Title), e))
	return nil
}

// savedVersion shows the draft as it is stored now, for someone whose save
// ran into a newer version.
func (s *Server) savedVersion(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	e := storedEditor(d, jsonSection)
	s.render(w, r, http.StatusOK, views.SavedVersionPage(s.page(r, d.Title+", as saved"), e))
	return nil
}

// focusAfter is where focus goes after a list button: the new row's first
// input, the row brought back, or the list a row was removed from.
func focusAfter(action string, doc manifest.Document) string {
	verb, rest, _ := strings.Cut(action, " ")
	ptr, rest, _ := strings.Cut(rest, " ")
	index, _, _ := strings.Cut(rest, " ")
	f, ok := manifest.FieldAt(ptr)
	rows, _ := listAt(doc, ptr)
	switch {
	case !ok || (verb != "add-row" && verb != "remove-row" && verb != "restore-row"):
		return ""
	case verb == "remove-row" || f.Control == manifest.ControlNames || len(rows) == 0:
		return ptr
	case verb == "add-row":
		return rowStart(f, len(rows)-1)
	}
	i, _ := strconv.Atoi(index)
	return rowStart(f, min(max(i, 0), len(rows)-1))
}

// rowStart is the first input of a list's row i.
func rowStart(f manifest.Field, i int) string {
	row := f.Pointer + "/" + strconv.Itoa(i)
	if len(f.Children) > 0 {
		return row + f.Children[0].Pointer
	}
	return row
}
