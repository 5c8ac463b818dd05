package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// importFormMemory is what an import keeps in memory of an upload; a bigger
// file (up to the body limit) waits in a temporary file until it is read.
const importFormMemory = 64 << 10

const (
	importTooLarge = "The file is larger than " + manifest.MaxSizeText + "; a manifest is a few kilobytes."
	importEmpty    = "Choose a file or paste the manifest."
)

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	form := views.ImportForm{AccountID: acct.ID, AccountName: acct.Name}
	s.render(w, r, http.StatusOK, views.ImportPage(s.page(r, "Import"), form))
	return nil
}

// importInput is what an import form brought: a file's bytes, or else the
// pasted text.
type importInput struct {
	data     []byte
	field    string // views.ImportFileField or views.ImportTextField
	fileName string
	text     string // as pasted, to show again when it is not a manifest
}

// importRefusal is why there is nothing to import, said at a field.
type importRefusal struct {
	status         int
	field, message string
}

func (e *importRefusal) Error() string { return e.message }

// importManifest turns an uploaded or pasted manifest into a new draft and
// sends the browser to the report on it. Input that is not a manifest comes
// back at its field, and nothing is created.
func (s *Server) importManifest(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	form := views.ImportForm{AccountID: acct.ID, AccountName: acct.Name}
	in, err := readImport(r)
	form.Text = in.text
	var refused *importRefusal
	if errors.As(err, &refused) {
		return s.refuseImport(w, r, form, refused, nil)
	}
	if err != nil {
		return err
	}
	doc, problems := manifest.Decode(in.data)
	if manifest.HasErrors(problems) {
		return s.refuseImport(w, r, form, &importRefusal{http.StatusUnprocessableEntity, in.field, notAManifest(in)}, problems)
	}
	d, renamed, err := s.createImportedDraft(r, acct.ID, doc)
	var tooBig *store.FieldError
	if errors.As(err, &tooBig) { // formatting can grow a minified file past the store's limit
		return s.refuseImport(w, r, form, &importRefusal{http.StatusRequestEntityTooLarge, in.field, tooBig.Message}, nil)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, importedURL(d.ID, renamed))
	return nil
}

// readImport reads the import form: the file if one was chosen, else the
// pasted text. An *importRefusal says why there is nothing to import.
func readImport(r *http.Request) (importInput, error) {
	err := r.ParseMultipartForm(importFormMemory)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		// The body limit cut the form short, so the file is too big; a
		// paste that size is unlikely, and cannot be told apart here.
		return importInput{}, &importRefusal{http.StatusRequestEntityTooLarge, views.ImportFileField, importTooLarge}
	case err != nil && !errors.Is(err, http.ErrNotMultipart):
		return importInput{}, statusError(http.StatusBadRequest, "The form could not be read. Please try again.")
	}
	in := importInput{field: views.ImportTextField, text: r.FormValue("manifest")}
	if file, header, err := r.FormFile("file"); err == nil {
		defer file.Close()
		in.field, in.fileName = views.ImportFileField, header.Filename
		in.data, err = readManifest(file, header.Size)
		return in, uploadRefusal(err)
	}
	switch {
	case len(in.text) > maxManifestBytes:
		return importInput{}, &importRefusal{http.StatusRequestEntityTooLarge, views.ImportTextField, importTooLarge}
	case strings.TrimSpace(in.text) == "":
		return in, &importRefusal{http.StatusUnprocessableEntity, views.ImportFileField, importEmpty}
	}
	in.data = []byte(in.text)
	return in, nil
}

// uploadRefusal turns a failure to read the uploaded file into what to say.
func uploadRefusal(err error) error {
	var maxErr *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errTooLarge), errors.As(err, &maxErr):
		return &importRefusal{http.StatusRequestEntityTooLarge, views.ImportFileField, importTooLarge}
	}
	return &importRefusal{http.StatusBadRequest, views.ImportFileField, "The file could not be read. Please choose it again."}
}

// notAManifest introduces the decoder's problems, naming the file if there was one.
func notAManifest(in importInput) string {
	if in.field == views.ImportFileField {
		return "“" + in.fileName + "” is not a manifest that can be imported."
	}
	return "The pasted text is not a manifest that can be imported."
}

func (s *Server) refuseImport(w http.ResponseWriter, r *http.Request, form views.ImportForm, why *importRefusal, problems []manifest.Problem) error {
	form.ErrorAt, form.Message, form.Problems = why.field, why.message, problems
	s.render(w, r, why.status, views.ImportPage(s.page(r, "Import"), form))
	return nil
}

// createImportedDraft stores doc in canonical form, so the draft starts as
// export would write it, and reports whether that renamed the legacy key.
func (s *Server) createImportedDraft(r *http.Request, accountID string, doc manifest.Document) (store.Draft, bool, error) {
	text := manifest.Format(doc)
	stored, _ := manifest.Decode(text) // canonical text always decodes
	d, err := s.store.CreateDraft(r.Context(), accountID, viewer(r).ID, draftInput(stored, text))
	return d, manifest.RenamesLegacyEvent(doc), err
}

// importedURL is the report's address. The rename cannot be seen in the
// stored draft any more, so it travels in the query; the rest is recomputed.
func importedURL(id int64, renamed bool) string {
	if renamed {
		return draftURL(id) + "/imported?renamed=1"
	}
	return draftURL(id) + "/imported"
}

// importedPage is the first screen after an import. It is a page of its own
// (the import redirects here) so that a reload does not import twice.
func (s *Server) importedPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	doc, problems := manifest.Check(d.Document)
	report := views.ImportReport{
		Row: draftRow(d), AccountID: d.AccountID, Problems: problems,
		Renamed:       r.URL.Query().Get("renamed") == "1",
		UnknownFields: manifest.UnknownFields(doc),
		Edited:        d.Version > 1,
		Kind:          manifest.KindOf(doc),
	}
	s.render(w, r, http.StatusOK, views.ImportedPage(s.page(r, "Imported "+d.Title), report))
	return nil
}

// exportable is a draft's canonical JSON, or the errors that block its export.
type exportable struct {
	draft    store.Draft
	body     []byte // nil while the draft has errors
	etag     string // the sha256 of body, in hex
	filename string
	problems []manifest.Problem
}

func (s *Server) exportDraft(r *http.Request) (exportable, error) {
	d, err := s.draft(r)
	if err != nil {
		return exportable{}, err
	}
	doc, problems := manifest.Check(d.Document)
	ex := exportable{draft: d, problems: problems}
	if !manifest.HasErrors(problems) {
		ex.body = manifest.Format(doc)
		sum := sha256.Sum256(ex.body)
		ex.etag = hex.EncodeToString(sum[:])
		ex.filename = manifest.Slug(manifest.AppName(doc)) + ".json"
	}
	return ex, nil
}

// downloadManifest gives the canonical JSON as a file named after the app,
// or, while the draft has errors, a page that says so and leads to them.
func (s *Server) downloadManifest(w http.ResponseWriter, r *http.Request) error {
	ex, err := s.exportDraft(r)
	if err != nil {
		return err
	}
	if ex.body == nil {
		blocked := views.ExportBlocked{Row: draftRow(ex.draft), Errors: errorsOnly(ex.problems)}
		s.render(w, r, http.StatusConflict, views.ExportBlockedPage(s.page(r, "Cannot download "+ex.draft.Title), blocked))
		return nil
	}
	return writeManifest(w, r, ex, ex.filename)
}

// manifestJSON serves the same bytes as the download, for scripts.
func (s *Server) manifestJSON(w http.ResponseWriter, r *http.Request) error {
	ex, err := s.exportDraft(r)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, errNotFound) {
		return writeJSONError(w, http.StatusNotFound, "There is no such draft, or it is not yours to see.")
	}
	if err != nil {
		return err
	}
	if ex.body == nil {
		return writeJSON(w, http.StatusConflict, exportRefusal{
			Error:    "The manifest has errors; fix them before exporting it.",
			Problems: ex.problems,
		})
	}
	return writeManifest(w, r, ex, "")
}

// exportRefusal is manifest.json's answer for a draft with errors: every
// problem, each with its severity, as the validation API gives them.
type exportRefusal struct {
	Error    string             `json:"error"`
	Problems []manifest.Problem `json:"problems"`
}

// writeManifest answers with the canonical bytes, or 304 when the client has them.
func writeManifest(w http.ResponseWriter, r *http.Request, ex exportable, filename string) error {
	return serveFile(w, r, ex.body, ex.etag, "application/json; charset=utf-8", filename)
}

// serveFile answers with body and its ETag, or 304 when the client has it;
// a filename makes it a download of that name. tag names the content (a
// sha256); the ETag is weak (W/) because the same content goes out gzipped
// or plain (see compress), and a strong ETag would promise identical bytes.
// No range requests are served, which are what strong ETags are for.
func serveFile(w http.ResponseWriter, r *http.Request, body []byte, tag, contentType, filename string) error {
	w.Header().Set("ETag", `W/"`+tag+`"`)
	if etagMatches(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if filename != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	}
	w.Header().Set("Content-Type", contentType)
	_, err := w.Write(body)
	return err
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110, 13.1.2):
// any listed entity tag, weak or strong, whose opaque value is tag; or "*".
func etagMatches(ifNoneMatch, tag string) bool {
	for listed := range strings.SplitSeq(ifNoneMatch, ",") {
		listed = strings.TrimSpace(listed)
		if listed == "*" || strings.TrimPrefix(listed, "W/") == `"`+tag+`"` {
			return true
		}
	}
	return false
}

func errorsOnly(problems []manifest.Problem) []manifest.Problem {
	var errs []manifest.Problem
	for _, p := range problems {
		if p.Severity == manifest.SeverityError {
			errs = append(errs, p)
		}
	}
	return errs
}
