package views

import (
	"strconv"
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

// changeText is a change as one line, with secrets masked unless revealed.
func changeText(c manifest.Change, reveal bool) string {
	if !c.Secret || !reveal {
		return c.String()
	}
	c.Secret = false
	return c.String()
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
