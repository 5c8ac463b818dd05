package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// MaxCommentLen bounds a comment's body, in characters.
	MaxCommentLen = 2000
	// maxPointerLen bounds a comment's JSON Pointer, in bytes.
	maxPointerLen = 1000
)

// Comment is a remark on a revision of a draft: general (Pointer "") or on
// the field its JSON Pointer names.
type Comment struct {
	ID, DraftID, Revision int64
	Pointer               string // JSON Pointer of the field it is about; "" = a general comment
	Body                  string

	AuthorID    int64
	AuthorEmail string
	CreatedAt   time.Time

	ResolvedBy      int64 // 0 while unresolved
	ResolvedByEmail string
	ResolvedAt      *time.Time // nil while unresolved
}

// commentBody trims a comment and checks its length; a blank comment is ""
// and an error unless blankOK.
func commentBody(body string, blankOK bool) (string, error) {
	body = strings.TrimSpace(strings.ToValidUTF8(body, "\uFFFD"))
	switch {
	case body == "" && blankOK:
		return "", nil
	case body == "":
		return "", &FieldError{"body", "Write a comment."}
	case utf8.RuneCountInString(body) > MaxCommentLen:
		return "", &FieldError{"body", fmt.Sprintf("Keep a comment to %d characters; this one has %d.",
			MaxCommentLen, utf8.RuneCountInString(body))}
	}
	return body, nil
}

// checkPointer accepts "" and RFC 6901 JSON Pointers ("/a/b~1c").
func checkPointer(p string) error {
	bad := p != "" && (p[0] != '/' || len(p) > maxPointerLen || !utf8.ValidString(p))
	for i := 0; !bad && i < len(p); i++ {
		if p[i] == '~' && (i+1 == len(p) || (p[i+1] != '0' && p[i+1] != '1')) {
			bad = true
		}
	}
	if bad {
		return &FieldError{"pointer", "That is not a field of the manifest."}
	}
	return nil
}

func insertComment(ctx context.Context, tx *txn, draftID, revision int64, pointer, body string, by int64, at string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO comments (draft_id, revision, pointer, body, author_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, draftID, revision, pointer, body, nullID(by), at).Scan(&id)
	return id, err
}

// AddComment adds a comment by by on revision of a live draft of the
// account. The body is trimmed and must have 1 to MaxCommentLen characters
// (*FieldError "body"); pointer is "" or a JSON Pointer (*FieldError
// "pointer"). A draft or revision that is not there is ErrNotFound.
func (s *Store) AddComment(ctx context.Context, accountID string, draftID, revision int64, pointer, body string, by int64) (Comment, error) {
	body, err := commentBody(body, false)
	if err == nil {
		err = checkPointer(pointer)
	}
	if err != nil {
		return Comment{}, fmt.Errorf("comment on draft %d: %w", draftID, err)
	}
	var c Comment
	err = s.inTx(ctx, func(tx *txn) error {
		if _, err := liveDraftStatus(ctx, tx, accountID, draftID); err != nil {
			return err
		}
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM revisions WHERE draft_id = ? AND number = ?",
			draftID, revision).Scan(&one); err != nil {
			return notFound(err)
		}
		id, err := insertComment(ctx, tx, draftID, revision, pointer, body, by, dbTime(s.now()))
		if err != nil {
			return err
		}
		list, err := comments(ctx, tx, "c.id = ?", id)
		if err != nil {
			return err
		}
		c = list[0]
		return nil
	})
	if err != nil {
		return Comment{}, fmt.Errorf("comment on draft %d: %w", draftID, err)
	}
	return c, nil
}

// ResolveComment marks a comment on a live draft of the account resolved by
// by. Resolving a resolved comment changes nothing. A comment that is not
// that draft's is ErrNotFound.
func (s *Store) ResolveComment(ctx context.Context, accountID string, draftID, commentID, by int64) error {
	err := s.inTx(ctx, func(tx *txn) error {
		if _, err := liveDraftStatus(ctx, tx, accountID, draftID); err != nil {
			return err
		}
		var resolved bool
		err := tx.QueryRowContext(ctx, "SELECT resolved_at IS NOT NULL FROM comments WHERE id = ? AND draft_id = ?",
			commentID, draftID).Scan(&resolved)
		if err != nil {
			return notFound(err)
		}
		if resolved {
			return nil // the first resolution stands
		}
		return requireRow(tx.ExecContext(ctx, `UPDATE comments SET resolved_by = ?, resolved_at = ?
			WHERE id = ? AND draft_id = ? AND resolved_at IS NULL`, nullID(by), dbTime(s.now()), commentID, draftID))
	})
	if err != nil {
		return fmt.Errorf("resolve comment %d on draft %d: %w", commentID, draftID, err)
	}
	return nil
}

// Comments returns the comments on every revision of a draft of the account
// (live or in the trash), oldest first; ErrNotFound when the draft is not
// the account's. One statement answers both: the draft joined with its
// comments, a single row without a comment when it has none.
func (s *Store) Comments(ctx context.Context, accountID string, draftID int64) ([]Comment, error) {
	list, err := scanComments(s.read.QueryContext(ctx, commentSelect+`FROM drafts d
		LEFT JOIN comments c ON c.draft_id = d.id`+commentJoins+`
		WHERE d.id = ? AND d.account_id = ? ORDER BY c.id`, draftID, accountID))
	if err == nil && len(list) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("comments on draft %d: %w", draftID, err)
	}
	if list[0].ID == 0 {
		list = list[:0]
	}
	return list, nil
}

// commentSelect reads comments, where a left join found none as one with
// ID 0.
const commentSelect = `SELECT COALESCE(c.id, 0), COALESCE(c.draft_id, 0), COALESCE(c.revision, 0),
	COALESCE(c.pointer, ''), COALESCE(c.body, ''),
	COALESCE(c.author_id, 0), COALESCE(au.email, ''), c.created_at,
	COALESCE(c.resolved_by, 0), COALESCE(ru.email, ''), c.resolved_at `

const commentJoins = `
	LEFT JOIN users au ON au.id = c.author_id
	LEFT JOIN users ru ON ru.id = c.resolved_by`

// comments reads the comments that where selects, oldest first.
func comments(ctx context.Context, q querier, where string, args ...any) ([]Comment, error) {
	return scanComments(q.QueryContext(ctx, commentSelect+"FROM comments c"+commentJoins+`
		WHERE `+where+` ORDER BY c.id`, args...))
}

func scanComments(rows *rows, err error) ([]Comment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Comment{}
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ID, &c.DraftID, &c.Revision, &c.Pointer, &c.Body,
			&c.AuthorID, &c.AuthorEmail, timeCol{&c.CreatedAt},
			&c.ResolvedBy, &c.ResolvedByEmail, nullTimeCol{&c.ResolvedAt}); err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}
