package store

import (
	"context"
	"sync"
	"testing"
	"time"
)

// twoInstances opens the database of one source twice, as two instances of
// the server do, with one clock.
func (db testDB) twoInstances(t *testing.T) (a, b *Store, c *clock) {
	t.Helper()
	source := db.source(t)
	c = newClock()
	for _, s := range []**Store{&a, &b} {
		var err error
		if *s, err = Open(context.Background(), source); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*s).Close() })
		(*s).SetClock(c.Now)
	}
	return a, b, c
}

func TestThrottle(t *testing.T) {
	rule := ThrottleRule{Burst: 3, Refill: 30 * time.Second}
	forEachEngine(t, func(t *testing.T, db testDB) {
		// Failures through two instances count as one.
		a, b, c := db.twoInstances(t)
		ctx := context.Background()
		wait := func(s *Store, key string) time.Duration {
			t.Helper()
			d, err := s.ThrottleWait(ctx, key, rule, c.Now())
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		fail := func(s *Store, key string) {
			t.Helper()
			if err := s.ThrottleFailed(ctx, key, rule, c.Now()); err != nil {
				t.Fatal(err)
			}
		}
		for i, s := range []*Store{a, b, a} {
			if w := wait(s, "k"); w != 0 {
				t.Fatalf("before failure %d: wait %v, want 0", i+1, w)
			}
			fail(s, "k")
		}
		if w := wait(b, "k"); w != rule.Refill {
			t.Fatalf("after %d failures: wait %v, want %v", rule.Burst, w, rule.Refill)
		}
		if w := wait(a, "other"); w != 0 {
			t.Errorf("another key waits %v", w)
		}
		// A failure without a token changes nothing.
		fail(b, "k")
		c.Advance(10 * time.Second)
		if w := wait(a, "k"); w != 20*time.Second {
			t.Fatalf("10 s on: wait %v, want 20s", w)
		}
		c.Advance(20 * time.Second)
		if w := wait(a, "k"); w != 0 {
			t.Fatalf("after the refill: wait %v, want 0", w)
		}
		fail(a, "k")
		if w := wait(b, "k"); w != rule.Refill {
			t.Fatalf("spending the refilled token: wait %v, want %v", w, rule.Refill)
		}
		if err := b.ThrottleForget(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if w := wait(a, "k"); w != 0 {
			t.Errorf("forgotten: wait %v, want 0", w)
		}
	})
}

// TestThrottleConcurrentFailures: failures at the same moment through two
// instances each spend a token; none is lost.
func TestThrottleConcurrentFailures(t *testing.T) {
	rule := ThrottleRule{Burst: 50, Refill: time.Minute}
	forEachEngine(t, func(t *testing.T, db testDB) {
		a, b, c := db.twoInstances(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := range 40 {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				if err := s.ThrottleFailed(ctx, "k", rule, c.Now()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		// 40 of 50 tokens spent, 10 left: asked as if 9 minutes earlier,
		// one is left; as if 10 minutes earlier, none.
		w, err := a.ThrottleWait(ctx, "k", rule, c.Now().Add(-9*time.Minute))
		if err != nil || w != 0 {
			t.Fatalf("as if 9 minutes earlier: wait %v, %v; want 0 (40 spent, not more)", w, err)
		}
		w, err = a.ThrottleWait(ctx, "k", rule, c.Now().Add(-10*time.Minute))
		if err != nil || w != time.Minute {
			t.Fatalf("as if 10 minutes earlier: wait %v, %v; want 1m (40 spent, not fewer)", w, err)
		}
	})
}

func TestPurgeThrottle(t *testing.T) {
	rule := ThrottleRule{Burst: 5, Refill: 30 * time.Second}
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, c := db.open(t)
		ctx := context.Background()
		for _, key := range []string{"rested", "busy"} {
			if err := s.ThrottleFailed(ctx, key, rule, c.Now()); err != nil {
				t.Fatal(err)
			}
			if key == "rested" {
				c.Advance(rule.Refill)
			}
		}
		n, err := s.PurgeThrottle(ctx, c.Now())
		if err != nil || n != 1 {
			t.Fatalf("PurgeThrottle = %d, %v; want the 1 rested key", n, err)
		}
		// Under a rule of one token, the failure still counting waits a Refill.
		if w, err := s.ThrottleWait(ctx, "busy", ThrottleRule{Burst: 1, Refill: rule.Refill}, c.Now()); err != nil || w != rule.Refill {
			t.Errorf("the key still counting was purged too: wait %v, %v", w, err)
		}
	})
}

func TestTakeTurn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		a, b, c := db.twoInstances(t)
		ctx := context.Background()
		hour := c.Now().Truncate(time.Hour)
		take := func(s *Store, period time.Time) bool {
			t.Helper()
			ok, err := s.TakeTurn(ctx, "housekeeping", period)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take(a, hour) || take(b, hour) || take(a, hour) {
			t.Fatal("the turn of one period went to more or fewer than one instance")
		}
		if take(b, hour.Add(-time.Hour)) {
			t.Error("an earlier period was given after a later one")
		}
		if !take(b, hour.Add(time.Hour)) || take(a, hour.Add(time.Hour)) {
			t.Error("the next period's turn went to more or fewer than one instance")
		}
		if ok, err := a.TakeTurn(ctx, "another job", hour); err != nil || !ok {
			t.Errorf("another job's turn: %v, %v", ok, err)
		}
	})
}
