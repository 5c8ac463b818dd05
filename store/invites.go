package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"
)

// Invite is an open one-time link for a person to choose a password.
type Invite struct {
	UserID    int64
	ExpiresAt time.Time
	CreatedAt time.Time
	CreatedBy int64 // 0 when the inviting person no longer exists
}

// CreateInvite records a new invite link for userID, replacing any previous
// unused one. tokenHash is sha256 of the link's token; the token itself is
// never stored. createdBy may be 0 (an operator at the command line).
func (s *Store) CreateInvite(ctx context.Context, userID, createdBy int64, tokenHash []byte, expiresAt time.Time) error {
	if len(tokenHash) != sha256.Size {
		return fmt.Errorf("create invite: token hash must be %d bytes (sha256), not %d", sha256.Size, len(tokenHash))
	}
	err := s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM invites WHERE user_id = ? AND used_at IS NULL", userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO invites (token_hash, user_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, tokenHash, userID, nullID(createdBy), dbTime(s.now()), dbTime(expiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("create invite for user %d: %w", userID, err)
	}
	return nil
}

// usableInvite selects the user of an invite that is unused, unexpired at
// now, and whose person is not disabled.
const usableInvite = `SELECT i.user_id FROM invites i JOIN users u ON u.id = i.user_id
	WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ? AND NOT u.disabled`

// InviteUser returns the person a usable invite is for: unused, unexpired at
// now, and not disabled. Anything else is ErrNotFound.
func (s *Store) InviteUser(ctx context.Context, tokenHash []byte, now time.Time) (User, error) {
	var userID int64
	err := s.read.QueryRowContext(ctx, usableInvite, tokenHash, dbTime(now)).Scan(&userID)
	if err != nil {
		return User{}, fmt.Errorf("invite: %w", notFound(err))
	}
	return s.UserByID(ctx, userID)
}

// AcceptInvite uses an invite: in one transaction it checks the invite as
// InviteUser does, marks it used, and sets the person's password (which also
// ends their sessions). A second use, or any unusable invite, is ErrNotFound.
func (s *Store) AcceptInvite(ctx context.Context, tokenHash []byte, now time.Time, passwordHash []byte) (User, error) {
	if len(passwordHash) == 0 {
		return User{}, errors.New("accept invite: empty password hash")
	}
	var u User
	err := s.inTx(ctx, func(tx *txn) error {
		var userID int64
		if err := tx.QueryRowContext(ctx, usableInvite, tokenHash, dbTime(now)).Scan(&userID); err != nil {
			return notFound(err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE invites SET used_at = ? WHERE token_hash = ?", dbTime(now), tokenHash); err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, userID, passwordHash); err != nil {
			return err
		}
		var err error
		u, err = userByID(ctx, tx, userID)
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("accept invite: %w", err)
	}
	return u, nil
}

// PendingInvites returns the unused invites of an account's people (with
// accountID "", of the managers), newest first. Expired ones are included:
// compare ExpiresAt to tell "waiting" from "expired, invite again".
func (s *Store) PendingInvites(ctx context.Context, accountID string) ([]Invite, error) {
	query := `SELECT i.user_id, i.expires_at, i.created_at, COALESCE(i.created_by, 0)
		FROM invites i JOIN users u ON u.id = i.user_id
		WHERE i.used_at IS NULL AND u.account_id = ?
		ORDER BY i.created_at DESC, i.user_id`
	args := []any{accountID}
	if accountID == "" {
		query = `SELECT i.user_id, i.expires_at, i.created_at, COALESCE(i.created_by, 0)
			FROM invites i JOIN users u ON u.id = i.user_id
			WHERE i.used_at IS NULL AND u.role = ?
			ORDER BY i.created_at DESC, i.user_id`
		args = []any{string(RoleManager)}
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pending invites: %w", err)
	}
	defer rows.Close()
	list := []Invite{}
	for rows.Next() {
		var in Invite
		if err := rows.Scan(&in.UserID, timeCol{&in.ExpiresAt}, timeCol{&in.CreatedAt}, &in.CreatedBy); err != nil {
			return nil, fmt.Errorf("pending invites: %w", err)
		}
		list = append(list, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending invites: %w", err)
	}
	return list, nil
}
