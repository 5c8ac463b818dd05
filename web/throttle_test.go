package web

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store"
)

func TestLoginThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ctx := context.Background()
	newThrottle := func(t *testing.T) *loginThrottle {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "throttle.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return &loginThrottle{store: db, now: clock}
	}
	wait := func(t *testing.T, th *loginThrottle, email, client string) time.Duration {
		t.Helper()
		w, err := th.wait(ctx, email, client)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	failed := func(t *testing.T, th *loginThrottle, email, client string) {
		t.Helper()
		if err := th.failed(ctx, email, client); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("per email", func(t *testing.T) {
		th := newThrottle(t)
		for i := range emailRule.Burst {
			if w := wait(t, th, "a@x", "10.0.0.1"); w != 0 {
				t.Fatalf("failure %d already waits %v", i, w)
			}
			failed(t, th, "a@x", "10.0.0.1")
		}
		if w := wait(t, th, "a@x", "10.0.0.2"); w <= 0 || w > emailRule.Refill {
			t.Fatalf("after %d failures wait = %v, want (0, %v]", emailRule.Burst, w, emailRule.Refill)
		}
		if w := wait(t, th, "b@x", "10.0.0.1"); w != 0 {
			t.Errorf("another email waits %v", w)
		}
		now = now.Add(emailRule.Refill)
		if w := wait(t, th, "a@x", "10.0.0.1"); w != 0 {
			t.Errorf("after the refill wait = %v", w)
		}
		failed(t, th, "a@x", "10.0.0.1")
		if err := th.succeeded(ctx, "a@x"); err != nil {
			t.Fatal(err)
		}
		if w := wait(t, th, "a@x", "10.0.0.3"); w != 0 {
			t.Errorf("after success wait = %v", w)
		}
	})

	t.Run("per client address, across emails", func(t *testing.T) {
		th := newThrottle(t)
		for i := range clientRule.Burst {
			failed(t, th, "user"+strconv.Itoa(i)+"@x", "192.0.2.9")
		}
		if w := wait(t, th, "fresh@x", "192.0.2.9"); w <= 0 {
			t.Error("a client guessing across many emails is not slowed down")
		}
		if w := wait(t, th, "fresh@x", "192.0.2.10"); w != 0 {
			t.Errorf("another client waits %v", w)
		}
	})
}
