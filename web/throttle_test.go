package web

import (
	"strconv"
	"testing"
	"time"
)

func TestLoginThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }

	t.Run("per email", func(t *testing.T) {
		th := newLoginThrottle(clock)
		for i := range emailBurst {
			if w := th.wait("a@x", "10.0.0.1"); w != 0 {
				t.Fatalf("failure %d already waits %v", i, w)
			}
			th.failed("a@x", "10.0.0.1")
		}
		if w := th.wait("a@x", "10.0.0.2"); w <= 0 || w > emailRefill {
			t.Fatalf("after %d failures wait = %v, want (0, %v]", emailBurst, w, emailRefill)
		}
		if w := th.wait("b@x", "10.0.0.1"); w != 0 {
			t.Errorf("another email waits %v", w)
		}
		now = now.Add(emailRefill)
		if w := th.wait("a@x", "10.0.0.1"); w != 0 {
			t.Errorf("after the refill wait = %v", w)
		}
		th.failed("a@x", "10.0.0.1")
		th.succeeded("a@x")
		if w := th.wait("a@x", "10.0.0.3"); w != 0 {
			t.Errorf("after success wait = %v", w)
		}
	})

	t.Run("per client address, across emails", func(t *testing.T) {
		th := newLoginThrottle(clock)
		for i := range clientBurst {
			th.failed("user"+strconv.Itoa(i)+"@x", "192.0.2.9")
		}
		if w := th.wait("fresh@x", "192.0.2.9"); w <= 0 {
			t.Error("a client guessing across many emails is not slowed down")
		}
		if w := th.wait("fresh@x", "192.0.2.10"); w != 0 {
			t.Errorf("another client waits %v", w)
		}
	})

	t.Run("memory stays bounded", func(t *testing.T) {
		th := newLoginThrottle(clock)
		for i := range throttleLimit + 10 {
			th.failed("user"+strconv.Itoa(i)+"@x", "192.0.2.1")
			now = now.Add(emailRefill) // each earlier limiter has rested by now
		}
		if len(th.byEmail) > throttleLimit {
			t.Errorf("%d email limiters kept", len(th.byEmail))
		}
	})
}
