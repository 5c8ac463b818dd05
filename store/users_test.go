package store

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCreateUser(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		tests := []struct {
			name      string
			in        User
			wantEmail string
			wantField string
		}{
			{name: "manager", in: User{Email: "Boss@Example.com ", Role: RoleManager}, wantEmail: "boss@example.com"},
			{name: "customer", in: User{Email: "c@example.com", Role: RoleCustomer, AccountID: "100"}, wantEmail: "c@example.com"},
			{name: "with password", in: User{Email: "p@example.com", Role: RoleManager, PasswordHash: []byte("hash")}, wantEmail: "p@example.com"},
			{name: "disabled", in: User{Email: "d@example.com", Role: RoleCustomer, AccountID: "100", Disabled: true}, wantEmail: "d@example.com"},
			{name: "empty email", in: User{Email: " ", Role: RoleManager}, wantField: "email"},
			{name: "no at", in: User{Email: "example.com", Role: RoleManager}, wantField: "email"},
			{name: "nothing before at", in: User{Email: "@example.com", Role: RoleManager}, wantField: "email"},
			{name: "nothing after at", in: User{Email: "me@", Role: RoleManager}, wantField: "email"},
			{name: "space inside", in: User{Email: "me @example.com", Role: RoleManager}, wantField: "email"},
			{name: "two ats", in: User{Email: "a@b@example.com", Role: RoleManager}, wantField: "email"},
			{name: "display name", in: User{Email: "Me <me@example.com>", Role: RoleManager}, wantField: "email"},
			{name: "too long", in: User{Email: strings.Repeat("a", 250) + "@x.io", Role: RoleManager}, wantField: "email"},
			{name: "customer without account", in: User{Email: "c@example.com", Role: RoleCustomer}, wantField: "account"},
			{name: "customer of missing account", in: User{Email: "c@example.com", Role: RoleCustomer, AccountID: "404"}, wantField: "account"},
			{name: "manager with account", in: User{Email: "m@example.com", Role: RoleManager, AccountID: "100"}, wantField: "account"},
			{name: "unknown role", in: User{Email: "x@example.com", Role: "admin"}, wantField: "role"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, clock := db.open(t)
				mustAccount(t, s, "100", "Acme")
				u, err := s.CreateUser(context.Background(), tt.in)
				if tt.wantField != "" {
					wantFieldError(t, err, tt.wantField)
					if n, _ := s.CountUsers(context.Background()); n != 0 {
						t.Fatalf("a rejected user was stored")
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if u.ID == 0 || u.Email != tt.wantEmail || u.Role != tt.in.Role || u.AccountID != tt.in.AccountID ||
					u.Disabled != tt.in.Disabled || !bytes.Equal(u.PasswordHash, tt.in.PasswordHash) ||
					!u.CreatedAt.Equal(clock.Now()) {
					t.Fatalf("got %+v for %+v", u, tt.in)
				}
				if (tt.in.PasswordHash == nil) != u.PasswordSetAt.IsZero() {
					t.Fatalf("PasswordSetAt = %v with hash %q", u.PasswordSetAt, tt.in.PasswordHash)
				}
				if tt.in.PasswordHash == nil && u.PasswordHash != nil {
					t.Fatalf("an invited user has a password hash %q", u.PasswordHash)
				}
				got, err := s.UserByID(context.Background(), u.ID)
				if err != nil || !sameUser(got, u) {
					t.Fatalf("UserByID = %+v, %v; want %+v", got, err, u)
				}
			})
		}
	})
}

func sameUser(a, b User) bool {
	return a.ID == b.ID && a.Email == b.Email && a.Role == b.Role && a.AccountID == b.AccountID &&
		bytes.Equal(a.PasswordHash, b.PasswordHash) && a.Disabled == b.Disabled &&
		a.CreatedAt.Equal(b.CreatedAt) && a.PasswordSetAt.Equal(b.PasswordSetAt)
}

func TestCreateUserDuplicateEmail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		mustUser(t, s, User{Email: "me@example.com", Role: RoleManager})
		_, err := s.CreateUser(context.Background(), User{Email: " ME@Example.COM", Role: RoleManager})
		if !errors.Is(err, ErrDuplicate) {
			t.Fatalf("err = %v, want ErrDuplicate", err)
		}
	})
}

func TestCountUsers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		for i, email := range []string{"", "a@example.com", "b@example.com"} {
			if email != "" {
				mustUser(t, s, User{Email: email, Role: RoleManager})
			}
			if n, err := s.CountUsers(ctx); err != nil || n != i {
				t.Fatalf("CountUsers = %d, %v; want %d", n, err, i)
			}
		}
	})
}

func TestCreateFirstManager(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		u, err := s.CreateFirstManager(ctx, "First@Example.com", []byte("hash"))
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "first@example.com" || u.Role != RoleManager || string(u.PasswordHash) != "hash" || u.PasswordSetAt.IsZero() {
			t.Fatalf("got %+v", u)
		}
		if _, err := s.CreateFirstManager(ctx, "second@example.com", []byte("hash")); !errors.Is(err, ErrConflict) {
			t.Fatalf("second CreateFirstManager err = %v, want ErrConflict", err)
		}
		s2, _ := db.open(t)
		_, err = s2.CreateFirstManager(ctx, "not an email", []byte("hash"))
		wantFieldError(t, err, "email")
		if _, err := s2.CreateFirstManager(ctx, "ok@example.com", nil); err == nil {
			t.Fatal("CreateFirstManager without a hash succeeded")
		}
	})
}

func TestCreateFirstManagerRace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = s.CreateFirstManager(ctx, "racer"+string(rune('a'+i))+"@example.com", []byte("hash"))
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, ErrConflict):
				t.Errorf("racer %d: err = %v, want nil or ErrConflict", i, err)
			}
		}
		if count, _ := s.CountUsers(ctx); won != 1 || count != 1 {
			t.Fatalf("%d racers won and %d users exist; want exactly 1", won, count)
		}
	})
}

func TestUserLookups(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		u := mustUser(t, s, User{Email: "someone@example.com", Role: RoleManager})

		tests := []struct {
			name    string
			lookup  func() (User, error)
			wantErr error
		}{
			{"by id", func() (User, error) { return s.UserByID(ctx, u.ID) }, nil},
			{"by missing id", func() (User, error) { return s.UserByID(ctx, u.ID+1) }, ErrNotFound},
			{"by email", func() (User, error) { return s.UserByEmail(ctx, "someone@example.com") }, nil},
			{"by email in other case", func() (User, error) { return s.UserByEmail(ctx, " SomeOne@EXAMPLE.com ") }, nil},
			{"by missing email", func() (User, error) { return s.UserByEmail(ctx, "nobody@example.com") }, ErrNotFound},
			{"by a LIKE pattern", func() (User, error) { return s.UserByEmail(ctx, "%@example.com") }, ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := tt.lookup()
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("err = %v, want %v", err, tt.wantErr)
					}
					return
				}
				if err != nil || !sameUser(got, u) {
					t.Fatalf("got %+v, %v; want %+v", got, err, u)
				}
			})
		}
	})
}

func TestListUsers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		mustAccount(t, s, "1", "One")
		mustAccount(t, s, "2", "Two")
		mustAccount(t, s, "3", "Empty")
		mustUser(t, s, User{Email: "zed@example.com", Role: RoleManager})
		mustUser(t, s, User{Email: "amy@example.com", Role: RoleManager})
		mustUser(t, s, User{Email: "c2@example.com", Role: RoleCustomer, AccountID: "1"})
		mustUser(t, s, User{Email: "c1@example.com", Role: RoleCustomer, AccountID: "1"})
		mustUser(t, s, User{Email: "other@example.com", Role: RoleCustomer, AccountID: "2"})

		tests := []struct {
			account string
			want    []string
		}{
			{"", []string{"amy@example.com", "zed@example.com"}},
			{"1", []string{"c1@example.com", "c2@example.com"}},
			{"2", []string{"other@example.com"}},
			{"3", []string{}},
			{"404", []string{}},
		}
		for _, tt := range tests {
			t.Run("account "+tt.account, func(t *testing.T) {
				users, err := s.ListUsers(ctx, tt.account)
				if err != nil {
					t.Fatal(err)
				}
				got := []string{}
				for _, u := range users {
					got = append(got, u.Email)
				}
				if strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func TestSetPassword(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock := db.open(t)
		ctx := context.Background()
		u := mustUser(t, s, User{Email: "me@example.com", Role: RoleManager})
		other := mustUser(t, s, User{Email: "other@example.com", Role: RoleManager})
		for _, rec := range []SessionRecord{{ID: "mine-1", UserID: u.ID}, {ID: "mine-2", UserID: u.ID}, {ID: "theirs", UserID: other.ID}} {
			if err := s.CreateSession(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
		token := tokenHash("invite")
		if err := s.CreateInvite(ctx, u.ID, other.ID, token, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}

		clock.Advance(time.Minute)
		if err := s.SetPassword(ctx, u.ID, []byte("new hash")); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(ctx, u.ID)
		if string(got.PasswordHash) != "new hash" || !got.PasswordSetAt.Equal(clock.Now()) {
			t.Fatalf("after SetPassword: %+v", got)
		}
		for id, want := range map[string]error{"mine-1": ErrNotFound, "mine-2": ErrNotFound, "theirs": nil} {
			if _, err := s.LoadSession(ctx, id); !errors.Is(err, want) {
				t.Errorf("session %s: err = %v, want %v", id, err, want)
			}
		}
		if _, err := s.InviteUser(ctx, token, clock.Now()); !errors.Is(err, ErrNotFound) {
			t.Errorf("an open invite still works after the password was set: %v", err)
		}

		if err := s.SetPassword(ctx, 9999, []byte("hash")); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown user: err = %v, want ErrNotFound", err)
		}
		if err := s.SetPassword(ctx, u.ID, nil); err == nil {
			t.Error("empty hash accepted")
		}
	})
}

func TestSetDisabled(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		u := mustUser(t, s, User{Email: "me@example.com", Role: RoleManager})
		if err := s.CreateSession(ctx, SessionRecord{ID: "one", UserID: u.ID}); err != nil {
			t.Fatal(err)
		}

		// Enabling leaves sessions alone.
		if err := s.SetDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadSession(ctx, "one"); err != nil {
			t.Fatalf("enabling ended a session: %v", err)
		}

		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByID(ctx, u.ID); !got.Disabled {
			t.Fatal("user not disabled")
		}
		if _, err := s.LoadSession(ctx, "one"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("disabled user's session survives: %v", err)
		}

		if err := s.SetDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByID(ctx, u.ID); got.Disabled {
			t.Fatal("user still disabled")
		}
		if err := s.SetDisabled(ctx, 9999, true); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown user: err = %v, want ErrNotFound", err)
		}
	})
}
