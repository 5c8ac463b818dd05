package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liveengage/manifestd/manifest"
)

// TrashRetention is how long a deleted draft can be restored.
const TrashRetention = 30 * 24 * time.Hour

const (
	// DefaultTitle names a draft whose title (client_name) is still empty.
	DefaultTitle = "Untitled"
	// MaxTitleLen is where longer titles are cut (in characters).
	MaxTitleLen = 200
	// MaxDocumentSize bounds a draft's JSON text, in bytes.
	MaxDocumentSize = manifest.MaxSize
)

// Draft is an app manifest being edited for one account.
type Draft struct {
	ID        int64
	AccountID string
	Title     string
	Document  []byte // JSON text, stored even while invalid
	// SetAside is what the editor keeps beside the document, not in it:
	// values of parts switched off, by JSON Pointer, as a JSON object.
	SetAside []byte
	// JSONText is the JSON section's text as typed while it does not parse
	// (the document stays the last version that did); empty when there is none.
	JSONText []byte
	Version  int64 // 1 on create, +1 on every save
	Errors   int
	Warnings int

	CreatedBy, UpdatedBy           int64 // 0 when that person no longer exists
	CreatedByEmail, UpdatedByEmail string
	CreatedAt, UpdatedAt           time.Time

	DeletedAt      *time.Time // non-nil when in the trash
	DeletedBy      int64      // who moved it to the trash (0 when not trashed)
	DeletedByEmail string

	State          State // where it stands in the review workflow
	LatestRevision int64 // the number of its latest revision; 0 when never submitted
	Approved       bool  // it has at least one approved revision
}

// DraftInput is what a save writes.
type DraftInput struct {
	Title    string // "" becomes DefaultTitle
	Document []byte
	SetAside []byte // as Draft.SetAside
	JSONText []byte // as Draft.JSONText
	Errors   int    // problem counts from the validator
	Warnings int
	// RestoredFrom is the version of the draft's history this save brings
	// back (0 for an ordinary save); such a save is a version of its own.
	RestoredFrom int64
}

// DraftQuery selects a page of an account's drafts.
type DraftQuery struct {
	Search string // title substring, any case
	PageQuery
}

// DraftSummary is what a list of drafts shows of each.
type DraftSummary struct {
	ID               int64
	Title            string
	Errors, Warnings int
	State            State
	UpdatedAt        time.Time
	UpdatedByEmail   string
}

// draftColumns are a draft without its document, with the emails of the
// people involved and its review facts. They are written for both a SELECT
// FROM drafts and an UPDATE drafts ... RETURNING, which cannot join, so the
// table is named in full and the emails are subqueries.
const draftColumns = `drafts.id, drafts.account_id, drafts.title, drafts.version, drafts.errors, drafts.warnings,
	COALESCE(drafts.created_by, 0), COALESCE((SELECT email FROM users WHERE users.id = drafts.created_by), ''),
	COALESCE(drafts.updated_by, 0), COALESCE((SELECT email FROM users WHERE users.id = drafts.updated_by), ''),
	drafts.created_at, drafts.updated_at, drafts.deleted_at,
	COALESCE(drafts.deleted_by, 0), COALESCE((SELECT email FROM users WHERE users.id = drafts.deleted_by), ''),
	drafts.state, ` + latestRevisionExpr + `, ` + approvedExpr

// draftSelect reads whole drafts. Every query that uses it is scoped by
// account_id, except for managers, who see every account: authorization for
// drafts is the caller choosing the account.
const draftSelect = "SELECT " + draftColumns + ", drafts.document, drafts.set_aside, drafts.json_text FROM drafts "

// scanDraft reads a row of draftSelect.
func scanDraft(row interface{ Scan(...any) error }, d *Draft) error {
	return scanDraftColumns(row, d, &d.Document, &d.SetAside, &d.JSONText)
}

// scanDraftColumns reads draftColumns, then into extra what follows them.
func scanDraftColumns(row interface{ Scan(...any) error }, d *Draft, extra ...any) error {
	return row.Scan(append([]any{&d.ID, &d.AccountID, &d.Title, &d.Version, &d.Errors, &d.Warnings,
		&d.CreatedBy, &d.CreatedByEmail, &d.UpdatedBy, &d.UpdatedByEmail,
		timeCol{&d.CreatedAt}, timeCol{&d.UpdatedAt}, nullTimeCol{&d.DeletedAt},
		&d.DeletedBy, &d.DeletedByEmail,
		&d.State, &d.LatestRevision, &d.Approved}, extra...)...)
}

// A draft's latest revision number and whether it has an approved revision
// are read from revisions, the one place that knows.
const (
	latestRevisionExpr = `COALESCE((SELECT max(r.number) FROM revisions r WHERE r.draft_id = drafts.id), 0)`
	approvedExpr       = `EXISTS (SELECT 1 FROM revisions r WHERE r.draft_id = drafts.id AND r.outcome = 'approved')`
)

// normalizeTitle trims, defaults and cuts a title to MaxTitleLen characters.
func normalizeTitle(title string) string {
	title = strings.TrimSpace(strings.ToValidUTF8(title, "\uFFFD"))
	if title == "" {
		return DefaultTitle
	}
	if utf8.RuneCountInString(title) > MaxTitleLen {
		title = strings.TrimSpace(string([]rune(title)[:MaxTitleLen]))
	}
	return title
}

// searchKey is what title searches compare against; SQLite's own LIKE folds
// ASCII case only.
func searchKey(title string) string { return strings.ToLower(title) }

func checkDraftInput(in DraftInput) error {
	switch {
	case len(in.Document) > MaxDocumentSize || len(in.SetAside) > MaxDocumentSize || len(in.JSONText) > MaxDocumentSize:
		return &FieldError{"document", "The manifest is larger than " + manifest.MaxSizeText + "; a manifest is a few kilobytes, so check for text pasted by mistake."}
	case in.Errors < 0 || in.Warnings < 0:
		return fmt.Errorf("negative problem counts (%d errors, %d warnings)", in.Errors, in.Warnings)
	}
	return nil
}

// CreateDraft adds a draft to an account, at version 1.
func (s *Store) CreateDraft(ctx context.Context, accountID string, by int64, in DraftInput) (Draft, error) {
	if err := checkDraftInput(in); err != nil {
		return Draft{}, err
	}
	var d Draft
	err := s.inTx(ctx, func(tx *txn) error {
		id, err := s.insertDraft(ctx, tx, accountID, by, in)
		if err != nil {
			return err
		}
		d, err = draftByID(ctx, tx, accountID, id)
		return err
	})
	if err != nil {
		return Draft{}, fmt.Errorf("create draft in account %s: %w", accountID, err)
	}
	return d, nil
}

func (s *Store) insertDraft(ctx context.Context, tx *txn, accountID string, by int64, in DraftInput) (int64, error) {
	title, now := normalizeTitle(in.Title), dbTime(s.now())
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO drafts
			(account_id, title, title_search, document, set_aside, json_text, errors, warnings, created_by, updated_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		accountID, title, searchKey(title), s.eng.document(in.Document), s.eng.document(in.SetAside), s.eng.document(in.JSONText),
		in.Errors, in.Warnings,
		nullID(by), nullID(by), now, now).Scan(&id)
	return id, err
}

// Draft returns a live draft of the account. A draft that does not exist, is
// in the trash, or belongs to another account is ErrNotFound alike.
func (s *Store) Draft(ctx context.Context, accountID string, id int64) (Draft, error) {
	d, err := draftByID(ctx, s.read, accountID, id)
	if err != nil {
		return Draft{}, fmt.Errorf("draft %d: %w", id, err)
	}
	return d, nil
}

func draftByID(ctx context.Context, q querier, accountID string, id int64) (Draft, error) {
	var d Draft
	err := scanDraft(q.QueryRowContext(ctx, draftSelect+
		"WHERE drafts.id = ? AND drafts.account_id = ? AND drafts.deleted_at IS NULL", id, accountID), &d)
	return d, notFound(err)
}

// DraftInAnyAccount returns a live draft of whichever account it belongs
// to, or ErrNotFound. It is for managers, who may see every account, and
// reads the draft with its account in one statement.
func (s *Store) DraftInAnyAccount(ctx context.Context, id int64) (Draft, error) {
	var d Draft
	err := scanDraft(s.read.QueryRowContext(ctx, draftSelect+"WHERE drafts.id = ? AND drafts.deleted_at IS NULL", id), &d)
	if err != nil {
		return Draft{}, fmt.Errorf("draft %d: %w", id, notFound(err))
	}
	return d, nil
}

// DraftAccountID returns the account a draft belongs to, live or in the
// trash, or ErrNotFound. It is for managers, who may see every account, to
// find where a draft named only by id lives; the draft operations themselves
// still take the account.
func (s *Store) DraftAccountID(ctx context.Context, id int64) (string, error) {
	var accountID string
	err := s.read.QueryRowContext(ctx, "SELECT account_id FROM drafts WHERE id = ?", id).Scan(&accountID)
	if err != nil {
		return "", fmt.Errorf("account of draft %d: %w", id, notFound(err))
	}
	return accountID, nil
}

// draftsByUpdate is the order of the drafts page: most recently updated
// first (the drafts_live index).
var draftsByUpdate = keyset{key: "drafts.updated_at", id: "drafts.id", desc: true}

// draftListSelect and liveInAccount make the query of the drafts page:
// an account's live drafts, with what the page shows of each.
const (
	draftListSelect = `SELECT drafts.updated_at, drafts.id,
		drafts.id, drafts.title, drafts.errors, drafts.warnings, drafts.state, drafts.updated_at,
		COALESCE((SELECT email FROM users WHERE users.id = drafts.updated_by), '')
	FROM drafts`
	liveInAccount = ` WHERE drafts.account_id = ? AND drafts.deleted_at IS NULL`
)

// ListDrafts returns a page of the account's live drafts, most recently
// updated first; with a search, those whose title contains it, in any case.
func (s *Store) ListDrafts(ctx context.Context, accountID string, q DraftQuery) (Page[DraftSummary], error) {
	query, args := draftListSelect+liveInAccount, []any{accountID}
	if search := strings.TrimSpace(strings.ToValidUTF8(q.Search, "")); search != "" {
		f, err := s.eng.titleSearch(ctx, s.read, search)
		if err != nil {
			return Page[DraftSummary]{}, fmt.Errorf("search drafts of account %s: %w", accountID, err)
		}
		query, args = draftListSelect+f.from+liveInAccount+f.where, append(args, f.args...)
	}
	p, err := page(ctx, s.read, draftsByUpdate, query, args, q.PageQuery, func(d *DraftSummary) []any {
		return []any{&d.ID, &d.Title, &d.Errors, &d.Warnings, &d.State, timeCol{&d.UpdatedAt}, &d.UpdatedByEmail}
	})
	if err != nil {
		return Page[DraftSummary]{}, fmt.Errorf("list drafts of account %s: %w", accountID, err)
	}
	return p, nil
}

func scanDrafts(rows *rows) ([]Draft, error) {
	defer rows.Close()
	list := []Draft{}
	for rows.Next() {
		var d Draft
		if err := scanDraft(rows, &d); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// SaveDraft writes a new state of a live draft, but only if it is still at
// baseVersion, the version the editor's page was based on; the version then
// goes up by one. If someone saved in between, nothing is written and the
// error is ErrConflict. A draft that is not live in this account is
// ErrNotFound.
//
// A submitted draft cannot be edited (*TransitionError, nothing saved) until
// it is withdrawn or a manager decides. Editing an approved draft makes it a
// draft again, a new working copy, while its approved revisions stay as they
// are; a draft with changes requested stays so while it is being edited.
func (s *Store) SaveDraft(ctx context.Context, accountID string, id, baseVersion, by int64, in DraftInput) (Draft, error) {
	if err := checkDraftInput(in); err != nil {
		return Draft{}, err
	}
	d, err := s.saveEditedDraft(ctx, accountID, id, baseVersion, by, in)
	if errors.Is(err, ErrNotFound) {
		// Not a draft being edited at that version: find out why, or make
		// an approved draft a draft again, in a transaction.
		d, err = s.saveDraftInState(ctx, accountID, id, baseVersion, by, in)
	}
	if err != nil {
		return Draft{}, fmt.Errorf("save draft %d: %w", id, err)
	}
	return d, nil
}

// saveDraftSet is what a save writes; its arguments are those of draftSaveArgs.
const saveDraftSet = `title = ?, title_search = ?, document = ?, set_aside = ?, json_text = ?, errors = ?, warnings = ?,
	restored_from = ?, version = version + 1, updated_by = ?, updated_at = ?`

func (s *Store) draftSaveArgs(by int64, in DraftInput) []any {
	title := normalizeTitle(in.Title)
	return []any{title, searchKey(title), s.eng.document(in.Document), s.eng.document(in.SetAside), s.eng.document(in.JSONText),
		in.Errors, in.Warnings,
		nullID(in.RestoredFrom), nullID(by), dbTime(s.now())}
}

// saveEditedQuery saves a draft that is being edited, the common case, in
// one statement that returns what the editor shows. The version in the
// WHERE clause is the guard: of two saves based on the same version only the
// first changes a row.
const saveEditedQuery = `UPDATE drafts SET ` + saveDraftSet + `
	WHERE id = ? AND account_id = ? AND version = ? AND deleted_at IS NULL
		AND state IN ('draft', 'changes_requested')
	RETURNING ` + draftColumns

// saveEditedDraft saves a live draft of the account that is at baseVersion
// and in a state that stays as it is when edited; any other draft is
// ErrNotFound.
func (s *Store) saveEditedDraft(ctx context.Context, accountID string, id, baseVersion, by int64, in DraftInput) (Draft, error) {
	var d Draft
	args := append(s.draftSaveArgs(by, in), id, accountID, baseVersion)
	if err := scanDraftColumns(s.write.QueryRowContext(ctx, saveEditedQuery, args...), &d); err != nil {
		return Draft{}, notFound(err)
	}
	d.Document, d.SetAside, d.JSONText = in.Document, in.SetAside, in.JSONText
	return d, nil
}

// saveDraftInState saves a draft from whatever state it is in, refusing as
// SaveDraft says, and records the change of state when an approved draft
// becomes a draft again.
func (s *Store) saveDraftInState(ctx context.Context, accountID string, id, baseVersion, by int64, in DraftInput) (Draft, error) {
	var d Draft
	err := s.inTx(ctx, func(tx *txn) error {
		st, err := liveDraftStatus(ctx, tx, accountID, id)
		if err != nil {
			return err
		}
		if st.state == StateSubmitted {
			return &TransitionError{Action: "edit", State: st.state}
		}
		if st.version != baseVersion {
			return ErrConflict
		}
		to := st.state
		if to == StateApproved {
			to = StateDraft
		}
		args := append(s.draftSaveArgs(by, in), to, id, accountID, baseVersion, st.state)
		err = requireRow(tx.ExecContext(ctx, `UPDATE drafts SET `+saveDraftSet+`, state = ?
			WHERE id = ? AND account_id = ? AND version = ? AND state = ? AND deleted_at IS NULL`, args...))
		if err != nil {
			return err
		}
		if to != st.state {
			if err := recordTransition(ctx, tx, id, st.latest, st.state, to, by, dbTime(s.now())); err != nil {
				return err
			}
		}
		d, err = draftByID(ctx, tx, accountID, id)
		return err
	})
	return d, err
}

// DuplicateDraft copies a live draft of the account into a new draft (version
// 1, created by by) titled title, or "Copy of <title>" when title is "".
func (s *Store) DuplicateDraft(ctx context.Context, accountID string, id, by int64, title string) (Draft, error) {
	var d Draft
	err := s.inTx(ctx, func(tx *txn) error {
		src, err := draftByID(ctx, tx, accountID, id)
		if err != nil {
			return err
		}
		if strings.TrimSpace(title) == "" {
			title = "Copy of " + src.Title
		}
		newID, err := s.insertDraft(ctx, tx, accountID, by, DraftInput{
			Title: title, Document: src.Document, SetAside: src.SetAside, JSONText: src.JSONText, Errors: src.Errors, Warnings: src.Warnings})
		if err != nil {
			return err
		}
		d, err = draftByID(ctx, tx, accountID, newID)
		return err
	})
	if err != nil {
		return Draft{}, fmt.Errorf("duplicate draft %d: %w", id, err)
	}
	return d, nil
}

// TrashDraft moves a live draft of the account to the trash. A submitted
// draft cannot be trashed, nor one with an approved revision: approved
// manifests are kept (*TransitionError).
func (s *Store) TrashDraft(ctx context.Context, accountID string, id, by int64) error {
	err := s.inTx(ctx, func(tx *txn) error {
		st, err := liveDraftStatus(ctx, tx, accountID, id)
		switch {
		case err != nil:
			return err
		case st.state == StateSubmitted:
			return &TransitionError{Action: "trash", State: st.state}
		case st.approved:
			return &TransitionError{Action: "trash a draft with an approved revision", State: st.state}
		}
		return requireRow(tx.ExecContext(ctx, `UPDATE drafts SET deleted_at = ?, deleted_by = ?
			WHERE id = ? AND account_id = ? AND deleted_at IS NULL AND state = ?`,
			dbTime(s.now()), nullID(by), id, accountID, st.state))
	})
	if err != nil {
		return fmt.Errorf("trash draft %d: %w", id, err)
	}
	return nil
}

// ListTrash returns the account's drafts trashed within TrashRetention
// before now, most recently deleted first.
func (s *Store) ListTrash(ctx context.Context, accountID string, now time.Time) ([]Draft, error) {
	rows, err := s.read.QueryContext(ctx, draftSelect+`WHERE drafts.account_id = ? AND drafts.deleted_at >= ?
		ORDER BY drafts.deleted_at DESC, drafts.id DESC`, accountID, dbTime(now.Add(-TrashRetention)))
	if err != nil {
		return nil, fmt.Errorf("list trash of account %s: %w", accountID, err)
	}
	list, err := scanDrafts(rows)
	if err != nil {
		return nil, fmt.Errorf("list trash of account %s: %w", accountID, err)
	}
	return list, nil
}

// RestoreDraft takes a draft of the account out of the trash if it went in
// less than TrashRetention before now; otherwise ErrNotFound. The restored
// draft counts as updated by by at now, so it shows at the top of the list;
// its version stays, as its document has not changed.
func (s *Store) RestoreDraft(ctx context.Context, accountID string, id, by int64, now time.Time) (Draft, error) {
	var d Draft
	err := s.inTx(ctx, func(tx *txn) error {
		err := requireRow(tx.ExecContext(ctx, `UPDATE drafts SET deleted_at = NULL, deleted_by = NULL,
				updated_by = ?, updated_at = ?
			WHERE id = ? AND account_id = ? AND deleted_at >= ?`,
			nullID(by), dbTime(now), id, accountID, dbTime(now.Add(-TrashRetention))))
		if err != nil {
			return err
		}
		d, err = draftByID(ctx, tx, accountID, id)
		return err
	})
	if err != nil {
		return Draft{}, fmt.Errorf("restore draft %d: %w", id, err)
	}
	return d, nil
}

// purgeTrashQuery deletes old trash, with its revisions, comments and
// transitions, but never a draft with an approved revision (which cannot be
// trashed in the first place; a trigger refuses it too).
const purgeTrashQuery = `DELETE FROM drafts WHERE deleted_at < ?
	AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.draft_id = drafts.id AND r.outcome = 'approved')`

// PurgeTrash deletes for good the drafts trashed before before (normally
// now minus TrashRetention), with their review history, and reports how
// many. Drafts with an approved revision are never deleted.
func (s *Store) PurgeTrash(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, purgeTrashQuery, dbTime(before))
	if err != nil {
		return 0, fmt.Errorf("purge trash: %w", err)
	}
	return res.RowsAffected()
}
