package web

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store"
)

// TestHousekeepingOncePerHour: of two instances on one database, one does
// each hour's housekeeping, which also forgets rested sign-in throttles.
func TestHousekeepingOncePerHour(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	source := filepath.Join(t.TempDir(), "shared.db")
	a := newTestServerAt(t, source, store.Options{}, clock)
	b := newTestServerAt(t, source, store.Options{}, clock)
	ctx := context.Background()
	if err := a.logins.failed(ctx, "a@x", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if !a.housekeepOnce(ctx) || b.housekeepOnce(ctx) {
		t.Fatal("9:30: the hour's housekeeping was done by more or fewer than one instance")
	}
	now = now.Add(45 * time.Minute)
	if !b.housekeepOnce(ctx) || a.housekeepOnce(ctx) {
		t.Fatal("10:15: the hour's housekeeping was done by more or fewer than one instance")
	}
	if n, err := a.store.PurgeThrottle(ctx, now); err != nil || n != 0 {
		t.Errorf("rested throttles left after housekeeping: %d, %v", n, err)
	}
}
