package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// State is where a draft stands in the review workflow:
// draft -> submitted -> (changes_requested -> submitted ...) -> approved.
// Editing an approved draft makes it a draft again.
type State string

const (
	StateDraft            State = "draft"
	StateSubmitted        State = "submitted"
	StateChangesRequested State = "changes_requested"
	StateApproved         State = "approved"
)

// Outcomes of a revision; "" while it is under review.
const (
	OutcomeWithdrawn        = "withdrawn"
	OutcomeChangesRequested = "changes_requested"
	OutcomeApproved         = "approved"
)

// Errors of the review workflow.
var (
	// ErrNotAllowed: the action is not allowed from the draft's state; see
	// *TransitionError for which action and state.
	ErrNotAllowed = errors.New("not allowed now")
	// ErrNameTaken: another draft, of any account (this one too), has an
	// approved manifest with this client_name.
	ErrNameTaken = errors.New("client_name is taken")
	// ErrNeedsComment: changes were requested without saying what to change.
	ErrNeedsComment = errors.New("at least one comment is needed")
)

// TransitionError says which action was refused in which state. It wraps
// ErrNotAllowed.
type TransitionError struct {
	Action string // "submit", "withdraw", "approve", "edit", ...
	State  State  // the draft's state when it was refused
}

func (e *TransitionError) Error() string {
	// Some actions name their object ("submit a draft with errors").
	if strings.Contains(e.Action, "draft") {
		return fmt.Sprintf("cannot %s (the draft is %q)", e.Action, e.State)
	}
	return fmt.Sprintf("cannot %s a draft that is %q", e.Action, e.State)
}

func (e *TransitionError) Unwrap() error { return ErrNotAllowed }

// Revision is a draft's document as it was submitted for review. What was
// submitted (Document, SHA256, ClientName, who and when) never changes;
// Outcome is set once, when the review ends.
type Revision struct {
	DraftID, Number       int64 // Number: 1, 2, ... per draft
	AccountID, ClientName string
	Document              []byte // the exact canonical bytes submitted
	SHA256                string // hex sha256 of Document

	SubmittedBy      int64
	SubmittedByEmail string
	SubmittedAt      time.Time

	Outcome        string // "" while under review, then OutcomeWithdrawn, OutcomeChangesRequested or OutcomeApproved
	DecidedBy      int64
	DecidedByEmail string
	DecidedAt      *time.Time
}

// Transition is one change of a draft's state, for its activity timeline.
type Transition struct {
	ID, DraftID, Revision int64 // Revision: the draft's latest revision then (0 for none)
	From, To              State
	By                    int64
	ByEmail               string
	At                    time.Time
}

// QueueItem is a submitted draft waiting for a manager.
type QueueItem struct {
	DraftID                int64
	AccountID, AccountName string
	Title                  string
	Revision               int64
	SubmittedAt            time.Time
	SubmittedByEmail       string
}

// Finalized is an approved revision as a list of them shows it: what was
// approved, where and by whom, without the document.
type Finalized struct {
	DraftID, Number        int64
	AccountID, AccountName string
	ClientName, SHA256     string
	ApprovedByEmail        string
	ApprovedAt             time.Time
}

// nameKey is what client_names are compared by: case-insensitively, beyond
// ASCII.
func nameKey(clientName string) string { return strings.ToLower(strings.TrimSpace(clientName)) }

// draftStatus is what a transition needs to know about a draft; read inside
// the transition's (immediate) transaction, it stays true until the commit.
type draftStatus struct {
	accountID string
	state     State
	version   int64
	errors    int
	trashed   bool
	latest    int64 // latest revision number, 0 for none
	approved  bool  // has an approved revision
}

// draftStatusByID reads a draft's status in any account, live or trashed.
func draftStatusByID(ctx context.Context, q querier, id int64) (draftStatus, error) {
	var st draftStatus
	err := q.QueryRowContext(ctx, `SELECT account_id, state, version, errors, deleted_at IS NOT NULL,
		`+latestRevisionExpr+`, `+approvedExpr+` FROM drafts WHERE id = ?`, id).
		Scan(&st.accountID, &st.state, &st.version, &st.errors, &st.trashed, &st.latest, &st.approved)
	return st, notFound(err)
}

// liveDraftStatus reads the status of a live draft of the account; any other
// draft is ErrNotFound.
func liveDraftStatus(ctx context.Context, q querier, accountID string, id int64) (draftStatus, error) {
	st, err := draftStatusByID(ctx, q, id)
	if err == nil && (st.accountID != accountID || st.trashed) {
		err = ErrNotFound
	}
	return st, err
}

// draftInAccount checks that the draft, live or trashed, is the account's.
func draftInAccount(ctx context.Context, q querier, accountID string, id int64) error {
	var one int
	err := q.QueryRowContext(ctx, "SELECT 1 FROM drafts WHERE id = ? AND account_id = ?", id, accountID).Scan(&one)
	return notFound(err)
}

// moveState changes a draft's state and records the transition. The state
// in the WHERE clause is the guard against anyone who moved it first.
func moveState(ctx context.Context, tx *txn, id int64, from, to State, revision, by int64, at string) error {
	res, err := tx.ExecContext(ctx, "UPDATE drafts SET state = ? WHERE id = ? AND state = ?", to, id, from)
	if err := requireRow(res, err); err == ErrNotFound {
		return fmt.Errorf("draft %d is no longer %q: %w", id, from, ErrNotAllowed)
	} else if err != nil {
		return err
	}
	return recordTransition(ctx, tx, id, revision, from, to, by, at)
}

func recordTransition(ctx context.Context, tx *txn, id, revision int64, from, to State, by int64, at string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO transitions (draft_id, revision, from_state, to_state, by, at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, revision, from, to, nullID(by), at)
	return err
}

// decideRevision ends the review of a revision that is under review. The
// empty outcome in the WHERE clause is the guard: an outcome is set once.
func decideRevision(ctx context.Context, tx *txn, draftID, number int64, outcome string, by int64, at string) error {
	res, err := tx.ExecContext(ctx, `UPDATE revisions SET outcome = ?, decided_by = ?, decided_at = ?
		WHERE draft_id = ? AND number = ? AND outcome = ''`, outcome, nullID(by), at, draftID, number)
	if err := requireRow(res, err); err == ErrNotFound {
		return fmt.Errorf("revision %d of draft %d is not under review: %w", number, draftID, ErrNotAllowed)
	} else if err != nil {
		return err
	}
	return nil
}

// nameTakenQuery tells whether a draft other than the second argument, in
// any account, has an approved revision with the name key in the first.
const nameTakenQuery = `SELECT EXISTS (SELECT 1 FROM revisions
	WHERE outcome = 'approved' AND client_name_key = ? AND draft_id <> ?)`

// checkNameFree refuses a client_name that another draft's approved
// revision has: finalized names are unique across all accounts. The draft's
// own revisions do not count: approving its next revision replaces them.
func checkNameFree(ctx context.Context, q querier, draftID int64, key string) error {
	var taken bool
	err := q.QueryRowContext(ctx, nameTakenQuery, key, draftID).Scan(&taken)
	if err != nil {
		return err
	}
	if taken {
		return ErrNameTaken
	}
	return nil
}

// Submit freezes the draft's document, canonical, as a new revision and puts
// it under review. It is allowed from draft and changes_requested
// (*TransitionError otherwise), for a draft still at baseVersion (else
// ErrConflict) whose stored Errors are 0 (else *TransitionError), and whose
// clientName no other draft, of any account, has an approved manifest for,
// compared case-insensitively (else ErrNameTaken). A draft not live in the account is
// ErrNotFound.
func (s *Store) Submit(ctx context.Context, accountID string, draftID, baseVersion, by int64, canonical []byte, clientName string) (Revision, error) {
	key := nameKey(clientName)
	switch {
	case len(canonical) == 0:
		return Revision{}, fmt.Errorf("submit draft %d: the document is empty", draftID)
	case key == "":
		return Revision{}, &FieldError{"client_name", "Give the app a name (client_name) before you submit it."}
	}
	sum := sha256.Sum256(canonical)
	var rev Revision
	err := s.inTx(ctx, func(tx *txn) error {
		st, err := liveDraftStatus(ctx, tx, accountID, draftID)
		switch {
		case err != nil:
			return err
		case st.state != StateDraft && st.state != StateChangesRequested:
			return &TransitionError{Action: "submit", State: st.state}
		case st.version != baseVersion:
			return ErrConflict
		case st.errors > 0:
			return &TransitionError{Action: "submit a draft with errors", State: st.state}
		}
		if err := checkNameFree(ctx, tx, draftID, key); err != nil {
			return err
		}
		number, now := st.latest+1, dbTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO revisions (draft_id, number, account_id, client_name,
				client_name_key, document, sha256, submitted_by, submitted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			draftID, number, accountID, clientName, key, canonical, hex.EncodeToString(sum[:]), nullID(by), now); err != nil {
			return err
		}
		if err := moveState(ctx, tx, draftID, st.state, StateSubmitted, number, by, now); err != nil {
			return err
		}
		rev, err = revisionByNumber(ctx, tx, accountID, draftID, number)
		return err
	})
	if err != nil {
		return Revision{}, fmt.Errorf("submit draft %d: %w", draftID, err)
	}
	return rev, nil
}

// Withdraw takes a submitted draft of the account back to draft; its
// revision's outcome becomes withdrawn.
func (s *Store) Withdraw(ctx context.Context, accountID string, draftID, by int64) error {
	err := s.inTx(ctx, func(tx *txn) error {
		st, err := liveDraftStatus(ctx, tx, accountID, draftID)
		switch {
		case err != nil:
			return err
		case st.state != StateSubmitted:
			return &TransitionError{Action: "withdraw", State: st.state}
		}
		now := dbTime(s.now())
		if err := decideRevision(ctx, tx, draftID, st.latest, OutcomeWithdrawn, by, now); err != nil {
			return err
		}
		return moveState(ctx, tx, draftID, StateSubmitted, StateDraft, st.latest, by, now)
	})
	if err != nil {
		return fmt.Errorf("withdraw draft %d: %w", draftID, err)
	}
	return nil
}

// underReview reads a live draft (of any account: managers review them all)
// and checks that revision is the one under review. action is how a refusal
// names what was refused ("approve").
func underReview(ctx context.Context, tx *txn, draftID, revision int64, action string) (draftStatus, error) {
	st, err := draftStatusByID(ctx, tx, draftID)
	switch {
	case err != nil:
		return st, err
	case st.trashed:
		return st, ErrNotFound
	case st.state != StateSubmitted:
		return st, &TransitionError{Action: action, State: st.state}
	case revision >= 1 && revision < st.latest:
		// Someone acted on that revision first, and it was submitted again.
		return st, &TransitionError{Action: action + " an older revision of", State: st.state}
	case revision != st.latest:
		return st, ErrNotFound
	}
	return st, nil
}

// RequestChanges (for managers) sends the submitted revision of a draft
// back to its authors: submitted -> changes_requested. revision must be the
// one under review (*TransitionError when someone acted first). A comment
// that is not blank is added first as a general comment on that revision;
// then the revision must have at least one comment, else ErrNeedsComment and
// nothing changes.
func (s *Store) RequestChanges(ctx context.Context, draftID, revision, by int64, comment string) error {
	body, err := commentBody(comment, true)
	if err != nil {
		return fmt.Errorf("request changes to draft %d: %w", draftID, err)
	}
	err = s.inTx(ctx, func(tx *txn) error {
		if _, err := underReview(ctx, tx, draftID, revision, "request changes to"); err != nil {
			return err
		}
		now := dbTime(s.now())
		if body != "" {
			if _, err := insertComment(ctx, tx, draftID, revision, "", body, by, now); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM comments WHERE draft_id = ? AND revision = ?",
			draftID, revision).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNeedsComment
		}
		if err := decideRevision(ctx, tx, draftID, revision, OutcomeChangesRequested, by, now); err != nil {
			return err
		}
		return moveState(ctx, tx, draftID, StateSubmitted, StateChangesRequested, revision, by, now)
	})
	if err != nil {
		return fmt.Errorf("request changes to draft %d: %w", draftID, err)
	}
	return nil
}

// Approve (for managers) makes the submitted revision of a draft its
// finalized manifest: submitted -> approved. revision must be the one under
// review (*TransitionError when someone acted first), and its client_name
// must still be free of other drafts' approved manifests (ErrNameTaken).
func (s *Store) Approve(ctx context.Context, draftID, revision, by int64) (Revision, error) {
	var rev Revision
	err := s.inTx(ctx, func(tx *txn) error {
		st, err := underReview(ctx, tx, draftID, revision, "approve")
		if err != nil {
			return err
		}
		var key string
		if err := tx.QueryRowContext(ctx, "SELECT client_name_key FROM revisions WHERE draft_id = ? AND number = ?",
			draftID, revision).Scan(&key); err != nil {
			return notFound(err)
		}
		// Another draft may have had the same name approved since this
		// one was submitted.
		if err := checkNameFree(ctx, tx, draftID, key); err != nil {
			return err
		}
		now := dbTime(s.now())
		if err := decideRevision(ctx, tx, draftID, revision, OutcomeApproved, by, now); err != nil {
			return err
		}
		if err := moveState(ctx, tx, draftID, StateSubmitted, StateApproved, revision, by, now); err != nil {
			return err
		}
		rev, err = revisionByNumber(ctx, tx, st.accountID, draftID, revision)
		return err
	})
	if err != nil {
		return Revision{}, fmt.Errorf("approve draft %d: %w", draftID, err)
	}
	return rev, nil
}

const revisionSelect = `SELECT r.draft_id, r.number, r.account_id, r.client_name, r.document, r.sha256,
	COALESCE(r.submitted_by, 0), COALESCE(su.email, ''), r.submitted_at,
	r.outcome, COALESCE(r.decided_by, 0), COALESCE(du.email, ''), r.decided_at`

const revisionJoins = `
	LEFT JOIN users su ON su.id = r.submitted_by
	LEFT JOIN users du ON du.id = r.decided_by `

func scanRevision(row interface{ Scan(...any) error }, r *Revision, more ...any) error {
	return row.Scan(append([]any{&r.DraftID, &r.Number, &r.AccountID, &r.ClientName, &r.Document, &r.SHA256,
		&r.SubmittedBy, &r.SubmittedByEmail, timeCol{&r.SubmittedAt},
		&r.Outcome, &r.DecidedBy, &r.DecidedByEmail, nullTimeCol{&r.DecidedAt}}, more...)...)
}

func revisionByNumber(ctx context.Context, q querier, accountID string, draftID, number int64) (Revision, error) {
	var r Revision
	err := scanRevision(q.QueryRowContext(ctx, revisionSelect+" FROM revisions r"+revisionJoins+
		"WHERE r.draft_id = ? AND r.number = ? AND r.account_id = ?", draftID, number, accountID), &r)
	return r, notFound(err)
}

// Revision returns revision number of a draft of the account (live or in
// the trash), or ErrNotFound.
func (s *Store) Revision(ctx context.Context, accountID string, draftID, number int64) (Revision, error) {
	r, err := revisionByNumber(ctx, s.read, accountID, draftID, number)
	if err != nil {
		return Revision{}, fmt.Errorf("revision %d of draft %d: %w", number, draftID, err)
	}
	return r, nil
}

// Revisions returns the revisions of a draft of the account (live or in the
// trash), newest first; ErrNotFound when the draft is not the account's.
func (s *Store) Revisions(ctx context.Context, accountID string, draftID int64) ([]Revision, error) {
	list := []Revision{}
	err := s.inReadTx(ctx, func(tx *txn) error {
		if err := draftInAccount(ctx, tx, accountID, draftID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, revisionSelect+" FROM revisions r"+revisionJoins+
			"WHERE r.draft_id = ? ORDER BY r.number DESC", draftID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Revision
			if err := scanRevision(rows, &r); err != nil {
				return err
			}
			list = append(list, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("revisions of draft %d: %w", draftID, err)
	}
	return list, nil
}

// Transitions returns the state changes of a draft of the account (live or
// in the trash), oldest first; ErrNotFound when the draft is not the
// account's.
func (s *Store) Transitions(ctx context.Context, accountID string, draftID int64) ([]Transition, error) {
	list := []Transition{}
	err := s.inReadTx(ctx, func(tx *txn) error {
		if err := draftInAccount(ctx, tx, accountID, draftID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.id, t.draft_id, t.revision, t.from_state, t.to_state,
				COALESCE(t.by, 0), COALESCE(u.email, ''), t.at
			FROM transitions t LEFT JOIN users u ON u.id = t.by
			WHERE t.draft_id = ? ORDER BY t.id`, draftID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t Transition
			if err := rows.Scan(&t.ID, &t.DraftID, &t.Revision, &t.From, &t.To, &t.By, &t.ByEmail, timeCol{&t.At}); err != nil {
				return err
			}
			list = append(list, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("transitions of draft %d: %w", draftID, err)
	}
	return list, nil
}

// reviewQueueOrder is the queue's order, the longest waiting first (the
// revisions_under_review index).
var reviewQueueOrder = keyset{key: "r.submitted_at", id: "r.draft_id"}

const reviewQueueQuery = `SELECT r.submitted_at, r.draft_id,
		r.draft_id, d.account_id, a.name, d.title, r.number, r.submitted_at,
		COALESCE((SELECT email FROM users WHERE users.id = r.submitted_by), '')
	FROM revisions r
	JOIN drafts d ON d.id = r.draft_id
	JOIN accounts a ON a.id = d.account_id
	WHERE r.outcome = '' AND d.state = 'submitted' AND d.deleted_at IS NULL`

// ReviewQueue returns a page of the submitted live drafts of every account,
// the longest waiting first. It reads the revisions under review, which are
// the latest of submitted drafts.
func (s *Store) ReviewQueue(ctx context.Context, q PageQuery) (Page[QueueItem], error) {
	p, err := page(ctx, s.read, reviewQueueOrder, reviewQueueQuery, nil, q,
		func(i *QueueItem) []any {
			return []any{&i.DraftID, &i.AccountID, &i.AccountName, &i.Title, &i.Revision, timeCol{&i.SubmittedAt}, &i.SubmittedByEmail}
		})
	if err != nil {
		return Page[QueueItem]{}, fmt.Errorf("review queue: %w", err)
	}
	return p, nil
}

// finalizedOrder is the approved lists' order, the most recently approved
// first (the revisions_approved_at and revisions_approved_in_account indexes).
var finalizedOrder = keyset{key: "r.decided_at", id: "r.draft_id", desc: true}

const finalizedQuery = `SELECT r.decided_at, r.draft_id,
		r.draft_id, r.number, r.account_id, a.name, r.client_name, r.sha256,
		COALESCE((SELECT email FROM users WHERE users.id = r.decided_by), ''), r.decided_at
	FROM revisions r
	JOIN accounts a ON a.id = r.account_id
	WHERE r.outcome = 'approved' AND NOT EXISTS (SELECT 1 FROM revisions later
		WHERE later.draft_id = r.draft_id AND later.outcome = 'approved' AND later.number > r.number)`

// ListFinalized returns a page of the latest approved revision of each
// draft of the account (every account for ""), in the trash or not, the
// most recently approved first.
func (s *Store) ListFinalized(ctx context.Context, accountID string, q PageQuery) (Page[Finalized], error) {
	query := finalizedQuery
	var args []any
	if accountID != "" {
		query += " AND r.account_id = ?"
		args = append(args, accountID)
	}
	p, err := page(ctx, s.read, finalizedOrder, query, args, q, func(f *Finalized) []any {
		return []any{&f.DraftID, &f.Number, &f.AccountID, &f.AccountName, &f.ClientName, &f.SHA256,
			&f.ApprovedByEmail, timeCol{&f.ApprovedAt}}
	})
	if err != nil {
		return Page[Finalized]{}, fmt.Errorf("list finalized manifests: %w", err)
	}
	return p, nil
}
