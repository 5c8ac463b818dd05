package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCreateAccount(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		tests := []struct {
			name, id, accountName string
			wantID, wantName      string
			wantField             string
		}{
			{name: "ok", id: "12345678", accountName: "Acme", wantID: "12345678", wantName: "Acme"},
			{name: "trimmed", id: " 42 ", accountName: "  Acme Bank  ", wantID: "42", wantName: "Acme Bank"},
			{name: "leading zeros kept", id: "007", accountName: "Bond", wantID: "007", wantName: "Bond"},
			{name: "20 digits", id: strings.Repeat("9", 20), accountName: "Big", wantID: strings.Repeat("9", 20), wantName: "Big"},
			{name: "100 character name", id: "1", accountName: strings.Repeat("é", 100), wantID: "1", wantName: strings.Repeat("é", 100)},
			{name: "empty id", id: "  ", accountName: "Acme", wantField: "id"},
			{name: "letters", id: "12a4", accountName: "Acme", wantField: "id"},
			{name: "negative", id: "-12", accountName: "Acme", wantField: "id"},
			{name: "unicode digits", id: "١٢٣", accountName: "Acme", wantField: "id"},
			{name: "21 digits", id: strings.Repeat("9", 21), accountName: "Acme", wantField: "id"},
			{name: "empty name", id: "5", accountName: " \t", wantField: "name"},
			{name: "101 character name", id: "5", accountName: strings.Repeat("x", 101), wantField: "name"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, clock := db.open(t)
				a, err := s.CreateAccount(context.Background(), tt.id, tt.accountName)
				if tt.wantField != "" {
					wantFieldError(t, err, tt.wantField)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if a.ID != tt.wantID || a.Name != tt.wantName || !a.CreatedAt.Equal(clock.Now()) {
					t.Fatalf("got %+v, want id %q name %q created %v", a, tt.wantID, tt.wantName, clock.Now())
				}
				got, err := s.Account(context.Background(), tt.wantID)
				if err != nil || got != a {
					t.Fatalf("Account = %+v, %v; want %+v", got, err, a)
				}
			})
		}
	})
}

func TestCreateAccountDuplicate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		mustAccount(t, s, "42", "First")
		if _, err := s.CreateAccount(context.Background(), " 42", "Second"); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("err = %v, want ErrDuplicate", err)
		}
	})
}

func TestAccountNotFound(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		if _, err := s.Account(context.Background(), "1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestListAccounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock := db.open(t)
		ctx := context.Background()

		if list, err := s.ListAccounts(ctx); err != nil || len(list) != 0 {
			t.Fatalf("empty ListAccounts = %v, %v", list, err)
		}
		mustAccount(t, s, "3", "zeta")
		mustAccount(t, s, "1", "Beta")
		mustAccount(t, s, "2", "alpha")
		mgr := mustUser(t, s, User{Email: "m@example.com", Role: RoleManager})
		mustUser(t, s, User{Email: "a@example.com", Role: RoleCustomer, AccountID: "1"})
		mustUser(t, s, User{Email: "b@example.com", Role: RoleCustomer, AccountID: "1", Disabled: true})
		mustUser(t, s, User{Email: "c@example.com", Role: RoleCustomer, AccountID: "3"})

		newDraft := func(account string) Draft {
			d, err := s.CreateDraft(ctx, account, mgr.ID, DraftInput{Document: []byte("{}")})
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		newDraft("1")
		newDraft("1")
		old := newDraft("1")
		if err := s.TrashDraft(ctx, "1", old.ID, mgr.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(TrashRetention + time.Hour) // old's trash time is now past restoring
		recent := newDraft("1")
		if err := s.TrashDraft(ctx, "1", recent.ID, mgr.ID); err != nil {
			t.Fatal(err)
		}
		newDraft("2")

		list, err := s.ListAccounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			id                         string
			customers, drafts, trashed int
		}
		want := []row{{"2", 0, 1, 0}, {"1", 2, 2, 1}, {"3", 1, 0, 0}}
		if len(list) != len(want) {
			t.Fatalf("got %d accounts, want %d", len(list), len(want))
		}
		for i, w := range want {
			g := list[i]
			if (row{g.ID, g.Customers, g.Drafts, g.Trashed}) != w {
				t.Errorf("row %d = %+v, want %+v", i, g, w)
			}
		}
	})
}
