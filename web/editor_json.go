package web

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// jsonSection is the editor's section of the manifest's JSON text.
const jsonSection = "json"

// applyJSON replaces the manifest with the JSON section's text when it
// parses. When it does not, the text is saved beside the manifest as it is,
// and the forms keep showing the last version that parsed; Discard drops it.
func (s *Server) applyJSON(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	doc := decodeStored(d.Document)
	if r.PostFormValue(views.FormDiscard) == "" {
		text := r.PostFormValue("json")
		parsed, problems := decodeJSONSection(text)
		if manifest.HasErrors(problems) {
			return s.keepJSONText(w, r, d, text, problems)
		}
		doc = parsed
	}
	changed := !doc.Equal(decodeStored(d.Document)) || len(d.JSONText) > 0
	e, status, err := s.saveDocument(r, d, jsonSection, doc, decodeAside(d.SetAside), changed)
	if err != nil {
		return err
	}
	e.ShowAll = true
	return s.renderEditor(w, r, status, e, true)
}

// keepJSONText saves text that does not parse beside the draft's document,
// which stays as it is, and shows it again with why it does not parse.
// Text that is not UTF-8, or too large, cannot be kept as it is: it is
// shown, not saved (422).
func (s *Server) keepJSONText(w http.ResponseWriter, r *http.Request, d store.Draft, text string, problems []manifest.Problem) error {
	e := storedEditor(d, jsonSection)
	status := http.StatusUnprocessableEntity
	base, _ := strconv.ParseInt(r.PostFormValue("_version"), 10, 64)
	switch {
	case !utf8.ValidString(text) || pastedTooLarge(text) != nil:
	case text == string(d.JSONText) && base == d.Version:
		status = http.StatusOK // as saved already
	default:
		in := store.DraftInput{Title: d.Title, Document: d.Document, SetAside: d.SetAside, JSONText: []byte(text), Errors: d.Errors, Warnings: d.Warnings}
		saved, err := s.store.SaveDraft(r.Context(), d.AccountID, d.ID, base, viewer(r).ID, in)
		switch {
		case errors.Is(err, store.ErrConflict):
			if e, status, err = s.conflictEditor(r, d, jsonSection, e.Doc, e.Problems); err != nil {
				return err
			}
			e.JSONKept = false
		case errors.Is(err, store.ErrNotAllowed):
			return errSubmitted
		case err != nil:
			return err
		default:
			e, status = storedEditor(saved, jsonSection), http.StatusOK
		}
	}
	e.JSONText, e.JSONProblems = text, problems
	return s.renderEditor(w, r, status, e, true)
}

func decodeJSONSection(text string) (manifest.Document, []manifest.Problem) {
	if tooLarge := pastedTooLarge(text); tooLarge != nil {
		return manifest.Document{}, tooLarge
	}
	return manifest.Decode([]byte(text))
}
