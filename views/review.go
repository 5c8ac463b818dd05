package views

import (
	"strconv"
	"strings"
	"time"

	"github.com/liveengage/manifestd/manifest"
)

// Review is a draft's review page: the revision under review as readable
// text, what changed since the previous one, the comments, the activity, and
// what the viewer may do now.
type Review struct {
	DraftID                       int64
	AccountID, AccountName, Title string
	State                         string
	Version                       int64
	Manager                       bool // the viewer is an account manager (else the account's customer)

	Revision *RevisionRow // the revision shown; nil before the first submission
	Sections []manifest.DescribedSection
	Warnings []manifest.Problem
	Changes  []manifest.Change
	Previous int64 // the revision Changes compare with; 0 for none
	Reveal   bool  // show header values

	Comments  []CommentRow
	Timeline  []TransitionRow
	Revisions []RevisionRow

	// SubmitBlocked says why the draft cannot be submitted now ("" when it can).
	SubmitBlocked string
	FieldChoices  []FieldChoice
	Notice        string // what just happened, or why an action was refused
	NoticeIsError bool
	// ConfirmApprove asks the manager to confirm approving the revision
	// under review, the second step of Approve.
	ConfirmApprove bool
}

// RevisionRow is one submitted revision.
type RevisionRow struct {
	Number      int64
	SHA256      string
	SubmittedBy string
	SubmittedAt time.Time
	Outcome     string
	DecidedBy   string
	DecidedAt   time.Time
}

// CommentRow is one review comment.
type CommentRow struct {
	ID, Revision int64
	Pointer      string
	Where        string // the field's name, or "" for a general comment
	Body, Author string
	At           time.Time
	Resolved     bool
	ResolvedBy   string
}

// TransitionRow is one step of the activity timeline.
type TransitionRow struct {
	From, To string
	Revision int64
	By       string
	At       time.Time
}

// FieldChoice is a field a comment can be attached to.
type FieldChoice struct{ Pointer, Label string }

// StateLabel is how a review state reads to people.
func StateLabel(state string) string {
	switch state {
	case "submitted":
		return "Submitted for review"
	case "changes_requested":
		return "Changes requested"
	case "approved":
		return "Approved"
	}
	return "Draft"
}

// outcomeLabel is how a revision's outcome reads to people.
func outcomeLabel(outcome string) string {
	switch outcome {
	case "":
		return "under review"
	case "changes_requested":
		return "changes requested"
	}
	return outcome
}

func stateClass(state string) string {
	switch state {
	case "approved":
		return "badge ok"
	case "changes_requested":
		return "badge error"
	case "submitted":
		return "badge warning"
	}
	return "badge"
}

func (r Review) base() string { return "/drafts/" + strconv.FormatInt(r.DraftID, 10) }

func (r Review) revisionURL(n int64, file string) string {
	return r.base() + "/revisions/" + strconv.FormatInt(n, 10) + "/" + file
}

func (r Review) underReview() bool { return r.State == "submitted" && r.Revision != nil }

// hasActions reports whether the viewer can do anything, or should be told
// something, in the actions card; a manager has nothing to do before
// submission or after a decision.
func (r Review) hasActions() bool { return !r.Manager || r.underReview() }

// approveURL is the first step of approving the revision under review: the
// page that asks to confirm it.
func (r Review) approveURL() string {
	return r.base() + "/approve?revision=" + strconv.FormatInt(r.Revision.Number, 10)
}

func (r Review) canSubmit() bool {
	return !r.Manager && (r.State == "draft" || r.State == "changes_requested")
}

func (r Review) revealURL() string {
	if r.Reveal {
		return r.base() + "/review"
	}
	return r.base() + "/review?reveal=headers"
}

// masked shows a secret value only when asked.
func masked(value string, secret, reveal bool) string {
	if secret && !reveal && value != "" {
		return manifest.SecretMask
	}
	return value
}

// The diff and the revision view link to each other: each change to the
// field it shows at, each field to its change and its comments.
type reviewLinks struct {
	changes []changeRow
	marks   map[string]*fieldMarks // by the described item's pointer
}

// changeRow is one row of the diff table.
type changeRow struct {
	manifest.Change
	id    string // the row's anchor
	field string // the anchor of the field in the revision view; "" when it has none (removed)
}

// fieldMarks are what a field of the revision view is marked with.
type fieldMarks struct {
	change   string // the anchor of its first diff row; "" when unchanged
	comments []CommentRow
}

func (r Review) links() reviewLinks {
	var items []manifest.DescribedItem
	for _, s := range r.Sections {
		items = append(items, s.Items...)
	}
	l := reviewLinks{marks: map[string]*fieldMarks{}}
	mark := func(ptr string) *fieldMarks {
		if l.marks[ptr] == nil {
			l.marks[ptr] = &fieldMarks{}
		}
		return l.marks[ptr]
	}
	for i, c := range r.Changes {
		row := changeRow{Change: c, id: "change-" + strconv.Itoa(i+1)}
		if ptr := itemAt(c.Pointer, items); ptr != "" {
			row.field = revisionFieldID(ptr)
			if m := mark(ptr); m.change == "" {
				m.change = row.id
			}
		}
		l.changes = append(l.changes, row)
	}
	for _, c := range r.Comments {
		if ptr := itemAt(c.Pointer, items); c.Pointer != "" && ptr != "" {
			mark(ptr).comments = append(mark(ptr).comments, c)
		}
	}
	return l
}

// marksOf are the marks of the item at ptr (none when it has none).
func (l reviewLinks) marksOf(ptr string) fieldMarks {
	if m := l.marks[ptr]; m != nil {
		return *m
	}
	return fieldMarks{}
}

// itemAt is the pointer of the described item that shows what is at ptr:
// the field's own item, else the first item inside it (a webhook switched
// on: its endpoint), else an item of the same list row (a header's name:
// the row's value). "" when the revision has no item for it: it was removed.
func itemAt(ptr string, items []manifest.DescribedItem) string {
	for _, scope := range []string{ptr, listRow(ptr)} {
		for _, it := range items {
			if scope != "" && (it.Pointer == scope || strings.HasPrefix(it.Pointer, scope+"/")) {
				return it.Pointer
			}
		}
	}
	return ""
}

// listRow is the row of a list that ptr is a member of
// (".../headers/0/header_name" is in ".../headers/0"), or "".
func listRow(ptr string) string {
	parent := ptr[:max(strings.LastIndexByte(ptr, '/'), 0)]
	index := parent[strings.LastIndexByte(parent, '/')+1:]
	if _, err := strconv.Atoi(index); err != nil || parent == "" {
		return ""
	}
	return parent
}

// revisionFieldID is the anchor of a field in the revision view, apart
// from the editor's field ids.
func revisionFieldID(ptr string) string { return "rev-" + FieldID(ptr) }

// commentID is the anchor of a comment in the comments panel.
func commentID(c CommentRow) string { return "comment-" + strconv.FormatInt(c.ID, 10) }

// before and after are a change's two sides as the diff table shows them,
// with secrets masked unless revealed; "" is a side the field is not in.
func (c changeRow) before(reveal bool) string { return c.side(c.Old, c.Kind != manifest.Added, reveal) }
func (c changeRow) after(reveal bool) string {
	return c.side(c.New, c.Kind != manifest.Removed, reveal)
}

func (c changeRow) side(v string, present, reveal bool) string {
	switch {
	case !present:
		return ""
	case c.whole():
		return "on"
	case v == "":
		return "(empty)"
	}
	return masked(v, c.Secret, reveal)
}

// whole reports whether the change switches a known field without a value
// of its own on or off: a webhook or the engagement block, in the editor.
func (c changeRow) whole() bool { return c.Switched() && manifest.FieldLabel(c.Pointer) != "" }

// changeLabel is a change's kind as a word, so it reads without its colour.
func changeLabel(k manifest.ChangeKind) string {
	switch k {
	case manifest.Added:
		return "Added"
	case manifest.Removed:
		return "Removed"
	}
	return "Changed"
}

// waiting is how long something has waited, in words: "3 h 5 min".
func waiting(since, now time.Time) string {
	d := now.Sub(since).Round(time.Minute)
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h " + strconv.Itoa(int(d%time.Hour/time.Minute)) + " min"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days"
}

// QueueRow is a submitted draft waiting for a manager.
type QueueRow struct {
	DraftID                       int64
	AccountID, AccountName, Title string
	Revision                      int64
	SubmittedAt                   time.Time
	SubmittedBy                   string
}

// FinalizedRow is an approved manifest, ready to hand over.
type FinalizedRow struct {
	DraftID                int64
	AccountID, AccountName string
	ClientName             string
	Revision               int64
	ApprovedBy             string
	ApprovedAt             time.Time
	SHA256                 string
}

// shaID names the element that holds the row's sha256, for its Copy button.
func (f FinalizedRow) shaID() string {
	return "sha256-" + strconv.FormatInt(f.DraftID, 10) + "-" + strconv.FormatInt(f.Revision, 10)
}

func (f FinalizedRow) url(file string) string {
	return "/drafts/" + strconv.FormatInt(f.DraftID, 10) + "/revisions/" + strconv.FormatInt(f.Revision, 10) + "/" + file
}
