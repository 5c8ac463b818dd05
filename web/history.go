package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// versionsPerPage is how many versions the history page lists at a time.
const versionsPerPage = 20

// historyPage lists a draft's versions, newest first, each with what
// changed since the one before it.
func (s *Server) historyPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	// One more than the page shows: the last one's predecessor, for its changes.
	list, err := s.store.Versions(r.Context(), d.AccountID, d.ID, before, versionsPerPage+1)
	if err != nil {
		return err
	}
	h := historyOf(d)
	for i := range min(len(list), versionsPerPage) {
		var previous *store.Version
		if i+1 < len(list) {
			previous = &list[i+1]
		}
		h.Versions = append(h.Versions, versionRow(d, list[i], previous))
	}
	if len(list) > versionsPerPage {
		h.Older = list[versionsPerPage-1].Version
	}
	s.render(w, r, http.StatusOK, views.HistoryPage(s.page(r, "History of "+d.Title), h))
	return nil
}

// historyOf is the history view of a draft, before its versions are added.
func historyOf(d store.Draft) views.History {
	return views.History{Editor: storedEditor(d, views.HistorySection),
		MergeMinutes: int(store.VersionMergeWindow / time.Minute), Kept: store.VersionsKept}
}

// versionRow is one version as the history shows it, with its changes
// since previous (nil when no earlier version is kept).
func versionRow(d store.Draft, v store.Version, previous *store.Version) views.VersionRow {
	row := views.VersionRow{
		Number: v.Version, Saves: v.Saves(), By: v.SavedByEmail, At: v.SavedAt, RestoredFrom: v.RestoredFrom,
		Current: string(v.Document) == string(d.Document), First: v.FirstVersion == 1,
		Doc: decodeStored(v.Document),
	}
	if previous != nil {
		row.Previous = previous.Version
		row.Changes = manifest.Diff(decodeStored(previous.Document), row.Doc)
	}
	return row
}

// versionPage shows one version of a draft: who saved it and when, what
// changed since the version before, the manifest as it was, and a way to
// restore it.
func (s *Server) versionPage(w http.ResponseWriter, r *http.Request) error {
	d, v, previous, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	h := historyOf(d)
	h.Reveal = r.URL.Query().Get("reveal") == "headers"
	h.Versions = []views.VersionRow{versionRow(d, v, previous)}
	s.render(w, r, http.StatusOK, views.VersionPage(s.page(r, "Version "+strconv.FormatInt(v.Version, 10)+" of "+d.Title), h))
	return nil
}

// draftVersion is the draft in the URL, if the viewer may see it, and the
// version the URL names with the one before it.
func (s *Server) draftVersion(r *http.Request) (store.Draft, store.Version, *store.Version, error) {
	n, err := strconv.ParseInt(r.PathValue("version"), 10, 64)
	if err != nil {
		return store.Draft{}, store.Version{}, nil, errNotFound
	}
	d, err := s.draft(r)
	if err != nil {
		return store.Draft{}, store.Version{}, nil, err
	}
	v, previous, err := s.store.DraftVersion(r.Context(), d.AccountID, d.ID, n)
	return d, v, previous, err
}

// restoreVersion saves a version's document as the draft's new version:
// the versions after it stay in the history, nothing is rewritten.
func (s *Server) restoreVersion(w http.ResponseWriter, r *http.Request) error {
	d, v, _, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	base, _ := strconv.ParseInt(r.PostFormValue("_version"), 10, 64)
	doc, aside := decodeStored(v.Document), decodeAside(d.SetAside)
	aside.prune(doc)
	in := draftInput(doc, v.Document)
	in.SetAside, in.RestoredFrom = aside.encode(), v.Version
	_, err = s.store.SaveDraft(r.Context(), d.AccountID, d.ID, base, viewer(r).ID, in)
	switch {
	case errors.Is(err, store.ErrConflict):
		return statusError(http.StatusConflict, "The draft was saved again since you opened its history, so nothing was restored. Open the history again to see the latest versions, then restore.")
	case errors.Is(err, store.ErrNotAllowed):
		return statusError(http.StatusConflict, "This draft is submitted for review and cannot be changed. Withdraw the submission on the review page to restore a version.")
	case err != nil:
		return err
	}
	s.redirect(w, r, draftURL(d.ID)+"/history")
	return nil
}
