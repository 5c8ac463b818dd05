package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Role is what a person may do.
type Role string

const (
	// RoleManager manages accounts and their people and sees every account.
	RoleManager Role = "manager"
	// RoleCustomer works on the drafts of one account.
	RoleCustomer Role = "customer"
)

// User is a person who signs in.
type User struct {
	ID            int64
	Email         string // trimmed and lower-cased
	Role          Role
	AccountID     string // the customer's account; "" for managers
	PasswordHash  []byte // nil until set (an invited person)
	Disabled      bool
	CreatedAt     time.Time
	PasswordSetAt time.Time // zero until a password is set
}

const maxEmailLen = 254

// userColumns read a person from users u. They also read the zero User
// from a left join that found nobody, for sessions read with their person.
const userColumns = `COALESCE(u.id, 0), COALESCE(u.email, ''), COALESCE(u.role, ''), COALESCE(u.account_id, ''),
	u.password_hash, COALESCE(u.disabled, FALSE), u.created_at, u.password_set_at`

// scanUser reads userColumns into u, after what before points to.
func scanUser(row interface{ Scan(...any) error }, u *User, before ...any) error {
	return row.Scan(append(before, &u.ID, &u.Email, &u.Role, &u.AccountID, &u.PasswordHash,
		&u.Disabled, timeCol{&u.CreatedAt}, timeCol{&u.PasswordSetAt})...)
}

// normalizeEmail is how emails are stored and looked up.
func normalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// checkEmail is a light check that an address has the shape of one; the
// invitation proves that it works.
func checkEmail(email string) error {
	at := strings.LastIndexByte(email, '@')
	switch {
	case email == "":
		return &FieldError{"email", "Enter an email address."}
	case len(email) > maxEmailLen:
		return &FieldError{"email", "That email address is too long."}
	case at <= 0 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n<>,;\"") ||
		strings.Count(email, "@") != 1:
		return &FieldError{"email", "Enter an email address, such as name@example.com."}
	}
	return nil
}

// CountUsers returns how many people exist (zero means first run).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateUser adds a person. The email is trimmed and lower-cased and must
// look like an email (*FieldError "email"); a customer must name an existing
// account and a manager none (*FieldError "account"). An email in use gives
// ErrDuplicate. u.ID and u.CreatedAt are ignored; PasswordSetAt is set when a
// hash is given.
func (s *Store) CreateUser(ctx context.Context, u User) (User, error) {
	var created User
	err := s.inTx(ctx, func(tx *txn) error {
		var err error
		created, err = s.insertUser(ctx, tx, u)
		return err
	})
	return created, err
}

// CreateFirstManager adds the first person, a manager, only while there is
// nobody at all; otherwise ErrConflict. The check and the insert share one
// write transaction, so of two racing setup forms exactly one wins.
func (s *Store) CreateFirstManager(ctx context.Context, email string, hash []byte) (User, error) {
	if len(hash) == 0 {
		return User{}, errors.New("create first manager: empty password hash")
	}
	var created User
	err := s.inTx(ctx, func(tx *txn) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
			return fmt.Errorf("create first manager: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("create first manager: someone exists already: %w", ErrConflict)
		}
		var err error
		created, err = s.insertUser(ctx, tx, User{Email: email, Role: RoleManager, PasswordHash: hash})
		return err
	})
	return created, err
}

func (s *Store) insertUser(ctx context.Context, tx *txn, u User) (User, error) {
	u.Email = normalizeEmail(u.Email)
	if err := checkEmail(u.Email); err != nil {
		return User{}, err
	}
	switch u.Role {
	case RoleManager:
		if u.AccountID != "" {
			return User{}, &FieldError{"account", "An account manager belongs to no single account."}
		}
	case RoleCustomer:
		if u.AccountID == "" {
			return User{}, &FieldError{"account", "Choose the customer's account."}
		}
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM accounts WHERE id = ?", u.AccountID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return User{}, &FieldError{"account", "There is no account " + u.AccountID + "."}
		}
		if err != nil {
			return User{}, fmt.Errorf("create user: %w", err)
		}
	default:
		return User{}, &FieldError{"role", `Choose the role "manager" or "customer".`}
	}
	now := dbTime(s.now())
	var passwordSetAt any
	if u.PasswordHash != nil {
		passwordSetAt = now
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users
			(email, role, account_id, password_hash, disabled, created_at, password_set_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, string(u.Role), nullString(u.AccountID), u.PasswordHash, u.Disabled, now, passwordSetAt).Scan(&id)
	if isUnique(err) {
		return User{}, fmt.Errorf("create user %s: %w", u.Email, ErrDuplicate)
	}
	if err != nil {
		return User{}, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return userByID(ctx, tx, id)
}

// UserByID returns the person with that id, or ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	return userByID(ctx, s.read, id)
}

func userByID(ctx context.Context, q querier, id int64) (User, error) {
	var u User
	err := scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = ?", id), &u)
	if err != nil {
		return User{}, fmt.Errorf("user %d: %w", id, notFound(err))
	}
	return u, nil
}

// UserByEmail returns the person with that email (any case, surrounding
// spaces ignored), or ErrNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	var u User
	err := scanUser(s.read.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users u WHERE u.email = ?",
		normalizeEmail(email)), &u)
	if err != nil {
		return User{}, fmt.Errorf("user by email: %w", notFound(err))
	}
	return u, nil
}

// ListUsers returns the people of an account by email, or with accountID ""
// the account managers.
func (s *Store) ListUsers(ctx context.Context, accountID string) ([]User, error) {
	query := "SELECT " + userColumns + " FROM users u WHERE u.account_id = ? ORDER BY u.email"
	args := []any{accountID}
	if accountID == "" {
		query = "SELECT " + userColumns + " FROM users u WHERE u.role = ? ORDER BY u.email"
		args = []any{string(RoleManager)}
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	list := []User{}
	for rows.Next() {
		var u User
		if err := scanUser(rows, &u); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return list, nil
}

// SetPassword stores a new password hash and ends all of the person's
// sessions (callers start a new one afterwards) and open invites.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash []byte) error {
	if len(hash) == 0 {
		return errors.New("set password: empty password hash")
	}
	err := s.inTx(ctx, func(tx *txn) error { return s.setPassword(ctx, tx, userID, hash) })
	if err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	return nil
}

func (s *Store) setPassword(ctx context.Context, tx *txn, userID int64, hash []byte) error {
	err := requireRow(tx.ExecContext(ctx, "UPDATE users SET password_hash = ?, password_set_at = ? WHERE id = ?",
		hash, dbTime(s.now()), userID))
	if err != nil {
		return err
	}
	if err := deleteUserSessions(ctx, tx, userID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM invites WHERE user_id = ? AND used_at IS NULL", userID)
	return err
}

// SetDisabled disables or enables a person. Disabling ends their sessions in
// the same transaction, so they are signed out at once.
func (s *Store) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	err := s.inTx(ctx, func(tx *txn) error {
		if err := requireRow(tx.ExecContext(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, userID)); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		return deleteUserSessions(ctx, tx, userID)
	})
	if err != nil {
		return fmt.Errorf("set disabled of user %d: %w", userID, err)
	}
	return nil
}

// nullString stores "" as NULL, for optional text references.
func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}
