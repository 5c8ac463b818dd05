package views

import (
	"strconv"
	"time"

	"github.com/liveengage/manifestd/manifest"
)

// HistorySection names the editor's history view, which the navigation
// lists beside the sections.
const HistorySection = "history"

// History is a draft's history: a page of its versions, or one version.
type History struct {
	Editor   Editor // the draft as it is now, for the navigation
	Versions []VersionRow
	// Older is where the next, older page of versions starts (they are
	// those before it); 0 when this page reaches the oldest kept.
	Older  int64
	Reveal bool // show header values in the version's manifest
	// MergeMinutes and Kept say how the history keeps versions.
	MergeMinutes, Kept int
}

// VersionRow is one version of the draft.
type VersionRow struct {
	Number       int64 // the draft's version at its last save
	Saves        int64 // saves merged into it
	By           string
	At           time.Time
	RestoredFrom int64 // the version it restored; 0 for an ordinary save
	Current      bool  // the draft is as this version now
	First        bool  // the draft started with it
	Doc          manifest.Document
	// Changes are what changed since Previous, the version before it; with
	// Previous 0 no earlier version is kept.
	Changes  []manifest.Change
	Previous int64
}

// changesListed is how many changes the history list shows of a version;
// the version's own page shows them all.
const changesListed = 6

func (h History) versionURL(n int64) string {
	return h.Editor.historyURL() + "/" + strconv.FormatInt(n, 10)
}

func (h History) olderURL() string {
	return h.Editor.historyURL() + "?before=" + strconv.FormatInt(h.Older, 10)
}

func (h History) revealURL(n int64) string {
	if h.Reveal {
		return h.versionURL(n)
	}
	return h.versionURL(n) + "?reveal=headers"
}

func (e Editor) historyURL() string { return e.base() + "/history" }

// listed are the changes the history list shows, and how many more there are.
func (v VersionRow) listed() ([]changeRow, int) {
	rows := v.rows()
	if len(rows) > changesListed {
		return rows[:changesListed], len(rows) - changesListed
	}
	return rows, 0
}

func (v VersionRow) rows() []changeRow {
	rows := make([]changeRow, len(v.Changes))
	for i, c := range v.Changes {
		rows[i] = changeRow{Change: c, id: "change-" + strconv.Itoa(i+1)}
	}
	return rows
}

// savedBy names who saved a version; people deleted since are not named.
func (v VersionRow) savedBy() string {
	if v.By == "" {
		return "someone no longer here"
	}
	return v.By
}

func (v VersionRow) title() string { return "Version " + strconv.FormatInt(v.Number, 10) }

// export is the version's manifest as a download gives it, header values
// masked unless revealed.
func (v VersionRow) export(reveal bool) string {
	return Editor{Doc: v.Doc, RevealHeaders: reveal}.Preview()
}
