package web

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// reviewPage shows the draft's latest revision, its changes since the one
// before, comments, activity, and what the viewer may do now.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	return s.renderReview(w, r, d, func(*views.Review) {})
}

// confirmApprovePage is Approve's first step: the review page asking the
// manager to confirm approving the revision under review. A revision that
// is no longer under review gets the page as it stands, saying so.
func (s *Server) confirmApprovePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draft(r)
	if err != nil {
		return err
	}
	if viewer(r).Role != approveStep.role {
		return statusError(http.StatusForbidden, roleRefusal(approveStep))
	}
	asked, _ := strconv.ParseInt(r.URL.Query().Get("revision"), 10, 64)
	return s.renderReview(w, r, d, func(rev *views.Review) {
		if rev.Revision != nil && rev.Revision.Number == asked && d.State == store.StateSubmitted {
			rev.ConfirmApprove = true
			return
		}
		rev.Notice, rev.NoticeIsError = "Revision "+strconv.FormatInt(asked, 10)+" is not waiting for approval. This is where the draft stands now.", true
	})
}

// renderReview renders the review page of d, with what the step adds.
func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, d store.Draft, step func(*views.Review)) error {
	acct, err := s.store.Account(r.Context(), d.AccountID)
	if err != nil {
		return err
	}
	rev := views.Review{
		DraftID: d.ID, AccountID: d.AccountID, AccountName: acct.Name, Title: d.Title, State: string(d.State),
		Version: d.Version, Manager: viewer(r).Role == store.RoleManager, Reveal: r.URL.Query().Get("reveal") == "headers",
		SubmitBlocked: submitBlocked(d),
	}
	if err := s.fillReview(r, d, &rev); err != nil {
		return err
	}
	step(&rev)
	p := s.page(r, "Review "+d.Title)
	if rev.Manager {
		p.Nav = "reviews"
	}
	s.render(w, r, http.StatusOK, views.ReviewPage(p, rev, s.now()))
	return nil
}

// submitBlocked says why the draft cannot be submitted, or "".
func submitBlocked(d store.Draft) string {
	if d.Errors > 0 {
		return "the draft has " + views.Plural(d.Errors, "error") + "; fix them in the editor first."
	}
	return ""
}

func (s *Server) fillReview(r *http.Request, d store.Draft, rev *views.Review) error {
	ctx := r.Context()
	revisions, err := s.store.Revisions(ctx, d.AccountID, d.ID)
	if err != nil {
		return err
	}
	comments, err := s.store.Comments(ctx, d.AccountID, d.ID)
	if err != nil {
		return err
	}
	transitions, err := s.store.Transitions(ctx, d.AccountID, d.ID)
	if err != nil {
		return err
	}
	for _, rv := range revisions {
		rev.Revisions = append(rev.Revisions, revisionRow(rv))
	}
	rev.Comments = commentRows(comments)
	for _, t := range transitions {
		rev.Timeline = append(rev.Timeline, views.TransitionRow{From: string(t.From), To: string(t.To), Revision: t.Revision, By: t.ByEmail, At: t.At})
	}
	if len(revisions) > 0 {
		describeRevision(rev, revisions)
	}
	return nil
}

// describeRevision shows the latest revision as text, with what changed since
// the previous one.
func describeRevision(rev *views.Review, revisions []store.Revision) {
	latest := revisionRow(revisions[0])
	rev.Revision = &latest
	doc := decodeStored(revisions[0].Document)
	rev.Sections = manifest.Describe(doc)
	for _, p := range manifest.Validate(doc) {
		if p.Severity == manifest.SeverityWarning {
			rev.Warnings = append(rev.Warnings, p)
		}
	}
	rev.FieldChoices = fieldChoices(rev.Sections)
	if len(revisions) > 1 {
		rev.Previous = revisions[1].Number
		rev.Changes = manifest.Diff(decodeStored(revisions[1].Document), doc)
	}
}

// fieldChoices are the fields a comment can be about: those the revision describes.
func fieldChoices(sections []manifest.DescribedSection) []views.FieldChoice {
	var choices []views.FieldChoice
	for _, section := range sections {
		for _, item := range section.Items {
			if item.Pointer != "" {
				choices = append(choices, views.FieldChoice{Pointer: item.Pointer, Label: section.Title + " › " + item.Label})
			}
		}
	}
	return choices
}

func revisionRow(rv store.Revision) views.RevisionRow {
	row := views.RevisionRow{Number: rv.Number, SHA256: rv.SHA256, SubmittedBy: rv.SubmittedByEmail, SubmittedAt: rv.SubmittedAt,
		Outcome: rv.Outcome, DecidedBy: rv.DecidedByEmail}
	if rv.DecidedAt != nil {
		row.DecidedAt = *rv.DecidedAt
	}
	return row
}

func commentRows(comments []store.Comment) []views.CommentRow {
	rows := make([]views.CommentRow, 0, len(comments))
	for _, c := range comments {
		row := views.CommentRow{ID: c.ID, Revision: c.Revision, Pointer: c.Pointer, Body: c.Body, Author: c.AuthorEmail,
			At: c.CreatedAt, Resolved: c.ResolvedAt != nil, ResolvedBy: c.ResolvedByEmail}
		if c.Pointer != "" {
			row.Where = manifest.FieldPlace(c.Pointer)
		}
		rows = append(rows, row)
	}
	return rows
}

// reviewsPerPage is how many rows a page of the review queue or of the
// approved manifests shows.
const reviewsPerPage = 50

// reviewQueue lists submitted drafts for managers, oldest first.
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) error {
	queue, err := s.store.ReviewQueue(r.Context(), pageQuery(r, reviewsPerPage))
	if err != nil {
		return err
	}
	rows := make([]views.QueueRow, len(queue.Items))
	for i, q := range queue.Items {
		rows[i] = views.QueueRow{DraftID: q.DraftID, AccountID: q.AccountID, AccountName: q.AccountName, Title: q.Title,
			Revision: q.Revision, SubmittedAt: q.SubmittedAt, SubmittedBy: q.SubmittedByEmail}
	}
	p := s.page(r, "Reviews")
	p.Nav = "reviews"
	s.render(w, r, http.StatusOK, views.QueuePage(p, rows, pageLinks(r, queue.Prev, queue.Next), s.now()))
	return nil
}

// accountFinalized lists one account's approved manifests.
func (s *Server) accountFinalized(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.account(r)
	if err != nil {
		return err
	}
	return s.renderFinalized(w, r, acct.ID, "Approved manifests · "+acct.Name, false)
}

// allFinalized lists every account's approved manifests, for managers.
func (s *Server) allFinalized(w http.ResponseWriter, r *http.Request) error {
	return s.renderFinalized(w, r, "", "Approved manifests", true)
}

func (s *Server) renderFinalized(w http.ResponseWriter, r *http.Request, accountID, heading string, showAccount bool) error {
	list, err := s.store.ListFinalized(r.Context(), accountID, pageQuery(r, reviewsPerPage))
	if err != nil {
		return err
	}
	rows := make([]views.FinalizedRow, len(list.Items))
	for i, f := range list.Items {
		rows[i] = views.FinalizedRow{DraftID: f.DraftID, AccountID: f.AccountID, AccountName: f.AccountName, ClientName: f.ClientName,
			Revision: f.Number, ApprovedBy: f.ApprovedByEmail, ApprovedAt: f.ApprovedAt, SHA256: f.SHA256}
	}
	p := s.page(r, "Approved manifests")
	p.Nav = "finalized"
	s.render(w, r, http.StatusOK, views.FinalizedPage(p, heading, rows, showAccount, pageLinks(r, list.Prev, list.Next)))
	return nil
}

// revision loads the revision in the URL, if the viewer may see its draft.
func (s *Server) revision(r *http.Request) (store.Revision, error) {
	accountID, id, err := s.draftAccount(r)
	if err != nil {
		return store.Revision{}, err
	}
	n, err := strconv.ParseInt(r.PathValue("revision"), 10, 64)
	if err != nil {
		return store.Revision{}, errNotFound
	}
	return s.store.Revision(r.Context(), accountID, id, n)
}

// revisionManifest serves a revision's exact bytes, at a stable URL for scripts.
func (s *Server) revisionManifest(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.revision(r)
	if err != nil {
		return err
	}
	return serveFile(w, r, rv.Document, rv.SHA256, "application/json; charset=utf-8", manifest.Slug(rv.ClientName)+".json")
}

// handoffBundle is a zip for the account team: the manifest file and a
// readable summary of what it configures, with the file's sha256.
func (s *Server) handoffBundle(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.revision(r)
	if err != nil {
		return err
	}
	if rv.Outcome != "approved" {
		return statusError(http.StatusConflict, "Only an approved revision has a handoff bundle.")
	}
	slug := manifest.Slug(rv.ClientName)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		body []byte
	}{{slug + ".json", rv.Document}, {"SUMMARY.txt", []byte(handoffSummary(rv))}} {
		// Dated at the approval, so the files say when they became final
		// (zip's own default is 1980).
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: slug + "/" + f.name, Method: zip.Deflate, Modified: *rv.DecidedAt})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.body); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return serveFile(w, r, buf.Bytes(), rv.SHA256+"-handoff", "application/zip", slug+"-handoff.zip")
}

// handoffSummary is the plain-text summary that travels with the file.
func handoffSummary(rv store.Revision) string {
	var b strings.Builder
	b.WriteString("LiveEngage app manifest: " + rv.ClientName + "\n\n")
	b.WriteString("File:      " + manifest.Slug(rv.ClientName) + ".json\n")
	b.WriteString("sha256:    " + rv.SHA256 + "\n")
	b.WriteString("Revision:  " + strconv.FormatInt(rv.Number, 10) + " of draft " + strconv.FormatInt(rv.DraftID, 10) + ", account " + rv.AccountID + "\n")
	b.WriteString("Submitted: " + rv.SubmittedAt.UTC().Format("2006-01-02 15:04 UTC") + " by " + rv.SubmittedByEmail + "\n")
	if rv.DecidedAt != nil {
		b.WriteString("Approved:  " + rv.DecidedAt.UTC().Format("2006-01-02 15:04 UTC") + " by " + rv.DecidedByEmail + "\n")
	}
	b.WriteString("\nCheck the file before installing: sha256sum " + manifest.Slug(rv.ClientName) + ".json\n")
	for _, section := range manifest.Describe(decodeStored(rv.Document)) {
		b.WriteString("\n" + section.Title + "\n" + strings.Repeat("-", len(section.Title)) + "\n")
		for _, item := range section.Items {
			value := item.Value
			if item.Secret {
				value = "(secret; in the file)" // summaries get printed and mailed
			}
			b.WriteString("  " + item.Label + ": " + value + "\n")
		}
	}
	return b.String()
}
