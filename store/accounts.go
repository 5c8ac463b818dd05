package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Account is a LiveEngage account whose people edit manifests here.
type Account struct {
	ID        string // LiveEngage's numeric account id, as digits
	Name      string
	CreatedAt time.Time
}

// AccountSummary is an account with the counts the accounts list shows.
type AccountSummary struct {
	Account
	Customers int // people of the account, disabled ones included
	Drafts    int // drafts not in the trash
	Trashed   int // drafts in the trash that can still be restored
}

const (
	maxAccountIDLen   = 20
	maxAccountNameLen = 100
)

// CreateAccount adds an account. A malformed id or name gives a *FieldError
// (Field "id" or "name"); an id in use gives ErrDuplicate.
func (s *Store) CreateAccount(ctx context.Context, id, name string) (Account, error) {
	a := Account{ID: strings.TrimSpace(id), Name: strings.TrimSpace(name), CreatedAt: s.now().UTC()}
	if err := validAccountID(a.ID); err != nil {
		return Account{}, err
	}
	switch {
	case a.Name == "":
		return Account{}, &FieldError{"name", "Enter the account's name."}
	case utf8.RuneCountInString(a.Name) > maxAccountNameLen:
		return Account{}, &FieldError{"name", fmt.Sprintf("Use at most %d characters for the name.", maxAccountNameLen)}
	}
	_, err := s.write.ExecContext(ctx, "INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)",
		a.ID, a.Name, dbTime(a.CreatedAt))
	if isUnique(err) {
		return Account{}, fmt.Errorf("create account %s: %w", a.ID, ErrDuplicate)
	}
	if err != nil {
		return Account{}, fmt.Errorf("create account %s: %w", a.ID, err)
	}
	return s.Account(ctx, a.ID)
}

func validAccountID(id string) error {
	switch {
	case id == "":
		return &FieldError{"id", "Enter the LiveEngage account id (digits only)."}
	case len(id) > maxAccountIDLen:
		return &FieldError{"id", fmt.Sprintf("An account id has at most %d digits.", maxAccountIDLen)}
	case strings.Trim(id, "0123456789") != "":
		return &FieldError{"id", "Use digits only for the account id, as LiveEngage shows it."}
	}
	return nil
}

// Account returns the account with that id, or ErrNotFound.
func (s *Store) Account(ctx context.Context, id string) (Account, error) {
	var a Account
	err := s.read.QueryRowContext(ctx, "SELECT id, name, created_at FROM accounts WHERE id = ?", id).
		Scan(&a.ID, &a.Name, timeCol{&a.CreatedAt})
	if err != nil {
		return Account{}, fmt.Errorf("account %s: %w", id, notFound(err))
	}
	return a, nil
}

// ListAccounts returns every account ordered by name, with its counts.
func (s *Store) ListAccounts(ctx context.Context) ([]AccountSummary, error) {
	restorableSince := dbTime(s.now().Add(-TrashRetention))
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.name, a.created_at,
			(SELECT count(*) FROM users u WHERE u.account_id = a.id),
			(SELECT count(*) FROM drafts d WHERE d.account_id = a.id AND d.deleted_at IS NULL),
			(SELECT count(*) FROM drafts d WHERE d.account_id = a.id AND d.deleted_at >= ?)
		FROM accounts a
		ORDER BY `+s.eng.accountsByName, restorableSince)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	list := []AccountSummary{}
	for rows.Next() {
		var a AccountSummary
		if err := rows.Scan(&a.ID, &a.Name, timeCol{&a.CreatedAt}, &a.Customers, &a.Drafts, &a.Trashed); err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return list, nil
}
