package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"
	"time"
)

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// inviteFixture is an account with a manager and an invited customer.
func inviteFixture(t *testing.T, db testDB) (s *Store, c *clock, manager, customer User) {
	t.Helper()
	s, c = db.open(t)
	mustAccount(t, s, "1", "One")
	manager = mustUser(t, s, User{Email: "m@example.com", Role: RoleManager, PasswordHash: []byte("m")})
	customer = mustUser(t, s, User{Email: "c@example.com", Role: RoleCustomer, AccountID: "1"})
	return s, c, manager, customer
}

func TestInviteUser(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock, manager, customer := inviteFixture(t, db)
		ctx := context.Background()
		expires := clock.Now().Add(72 * time.Hour)
		if err := s.CreateInvite(ctx, customer.ID, manager.ID, tokenHash("good"), expires); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			token string
			now   time.Time
			ok    bool
		}{
			{"fresh", "good", clock.Now(), true},
			{"just before expiry", "good", expires.Add(-time.Nanosecond), true},
			{"at expiry", "good", expires, false},
			{"after expiry", "good", expires.Add(time.Hour), false},
			{"wrong token", "bad", clock.Now(), false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u, err := s.InviteUser(ctx, tokenHash(tt.token), tt.now)
				if !tt.ok {
					if !errors.Is(err, ErrNotFound) {
						t.Fatalf("err = %v, want ErrNotFound", err)
					}
					return
				}
				if err != nil || u.ID != customer.ID {
					t.Fatalf("got %+v, %v; want user %d", u, err, customer.ID)
				}
			})
		}

		// A disabled person's invite does not work.
		if err := s.SetDisabled(ctx, customer.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InviteUser(ctx, tokenHash("good"), clock.Now()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("disabled user's invite: err = %v, want ErrNotFound", err)
		}
		if _, err := s.AcceptInvite(ctx, tokenHash("good"), clock.Now(), []byte("pw")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("disabled user accepted an invite: err = %v", err)
		}
	})
}

func TestAcceptInvite(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock, manager, customer := inviteFixture(t, db)
		ctx := context.Background()
		token := tokenHash("token")
		if err := s.CreateInvite(ctx, customer.ID, manager.ID, token, clock.Now().Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, SessionRecord{ID: "old", UserID: customer.ID}); err != nil {
			t.Fatal(err)
		}

		clock.Advance(time.Hour)
		u, err := s.AcceptInvite(ctx, token, clock.Now(), []byte("hash"))
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != customer.ID || string(u.PasswordHash) != "hash" || !u.PasswordSetAt.Equal(clock.Now()) {
			t.Fatalf("accepted user = %+v", u)
		}
		if _, err := s.LoadSession(ctx, "old"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("older session survives setting the password: %v", err)
		}

		// Single use.
		if _, err := s.AcceptInvite(ctx, token, clock.Now(), []byte("again")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second use: err = %v, want ErrNotFound", err)
		}
		if _, err := s.InviteUser(ctx, token, clock.Now()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("used invite still shows: err = %v", err)
		}
		if got, _ := s.UserByID(ctx, customer.ID); string(got.PasswordHash) != "hash" {
			t.Fatalf("second use changed the password to %q", got.PasswordHash)
		}
		if pending, _ := s.PendingInvites(ctx, "1"); len(pending) != 0 {
			t.Fatalf("used invite pending: %+v", pending)
		}

		if _, err := s.AcceptInvite(ctx, tokenHash("token2"), clock.Now(), nil); err == nil {
			t.Fatal("empty password hash accepted")
		}
	})
}

func TestAcceptInviteExpired(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock, manager, customer := inviteFixture(t, db)
		ctx := context.Background()
		token := tokenHash("token")
		if err := s.CreateInvite(ctx, customer.ID, manager.ID, token, clock.Now().Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AcceptInvite(ctx, token, clock.Now().Add(73*time.Hour), []byte("hash")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("expired invite: err = %v, want ErrNotFound", err)
		}
		if got, _ := s.UserByID(ctx, customer.ID); got.PasswordHash != nil {
			t.Fatal("expired invite set a password")
		}
	})
}

func TestAcceptInviteRace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock, manager, customer := inviteFixture(t, db)
		ctx := context.Background()
		token := tokenHash("token")
		if err := s.CreateInvite(ctx, customer.ID, manager.ID, token, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { _, errs[i] = s.AcceptInvite(ctx, token, clock.Now(), []byte{byte('a' + i)}) })
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else if !errors.Is(err, ErrNotFound) {
				t.Errorf("err = %v, want nil or ErrNotFound", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d accepted one invite, want 1", won)
		}
	})
}

func TestCreateInviteReplacesOpenOne(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock, manager, customer := inviteFixture(t, db)
		ctx := context.Background()
		first, second := tokenHash("first"), tokenHash("second")
		if err := s.CreateInvite(ctx, customer.ID, manager.ID, first, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		if err := s.CreateInvite(ctx, customer.ID, manager.ID, second, clock.Now().Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InviteUser(ctx, first, clock.Now()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("replaced invite works: %v", err)
		}
		if u, err := s.InviteUser(ctx, second, clock.Now()); err != nil || u.ID != customer.ID {
			t.Fatalf("new invite: %+v, %v", u, err)
		}
		pending, err := s.PendingInvites(ctx, "1")
		if err != nil || len(pending) != 1 {
			t.Fatalf("PendingInvites = %+v, %v; want one", pending, err)
		}
		want := Invite{UserID: customer.ID, ExpiresAt: clock.Now().Add(72 * time.Hour), CreatedAt: clock.Now(), CreatedBy: manager.ID}
		if p := pending[0]; p.UserID != want.UserID || !p.ExpiresAt.Equal(want.ExpiresAt) || !p.CreatedAt.Equal(want.CreatedAt) || p.CreatedBy != want.CreatedBy {
			t.Fatalf("pending = %+v, want %+v", p, want)
		}

		if err := s.CreateInvite(ctx, customer.ID, manager.ID, []byte("raw token, not a hash"), clock.Now()); err == nil {
			t.Fatal("CreateInvite accepted something that is not a sha256")
		}
		if err := s.CreateInvite(ctx, 9999, manager.ID, tokenHash("x"), clock.Now()); err == nil {
			t.Fatal("CreateInvite for a missing user succeeded")
		}
	})
}

func TestPendingInvites(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock, _, customer := inviteFixture(t, db)
		ctx := context.Background()
		mustAccount(t, s, "2", "Two")
		other := mustUser(t, s, User{Email: "o@example.com", Role: RoleCustomer, AccountID: "2"})
		newManager := mustUser(t, s, User{Email: "m2@example.com", Role: RoleManager})
		for i, u := range []User{customer, other, newManager} {
			// createdBy 0: made at the command line.
			if err := s.CreateInvite(ctx, u.ID, 0, tokenHash(u.Email), clock.Now().Add(time.Duration(i+1)*time.Hour)); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Second)
		}
		tests := []struct {
			account string
			want    []int64
		}{
			{"1", []int64{customer.ID}},
			{"2", []int64{other.ID}},
			{"", []int64{newManager.ID}},
			{"404", nil},
		}
		for _, tt := range tests {
			t.Run("account "+tt.account, func(t *testing.T) {
				got, err := s.PendingInvites(ctx, tt.account)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(tt.want) {
					t.Fatalf("got %+v, want users %v", got, tt.want)
				}
				for i := range got {
					if got[i].UserID != tt.want[i] || got[i].CreatedBy != 0 {
						t.Fatalf("got %+v, want users %v", got, tt.want)
					}
				}
			})
		}
		// Expired invites stay pending (to be shown as expired) until replaced or used.
		clock.Advance(2 * time.Hour)
		if got, _ := s.PendingInvites(ctx, "1"); len(got) != 1 {
			t.Fatalf("expired invite dropped from pending: %+v", got)
		}
	})
}
