package web

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// loginThrottle slows down repeated failed sign-ins, per email and per client
// address. Each failure spends a token; a key out of tokens waits for one.
type loginThrottle struct {
	mu       sync.Mutex
	byEmail  map[string]*rate.Limiter
	byClient map[string]*rate.Limiter
	now      func() time.Time
}

// Five quick failures per email, then one try every 30 s; twenty per client
// address (an office shares one), then one every 5 s.
const (
	emailBurst    = 5
	emailRefill   = 30 * time.Second
	clientBurst   = 20
	clientRefill  = 5 * time.Second
	throttleLimit = 10000 // keys kept before rested ones are dropped
)

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{byEmail: map[string]*rate.Limiter{}, byClient: map[string]*rate.Limiter{}, now: now}
}

// wait is how long the email or client must wait before trying again.
func (t *loginThrottle) wait(email, client string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	return max(delay(t.byEmail[email], now), delay(t.byClient[client], now))
}

func delay(l *rate.Limiter, now time.Time) time.Duration {
	if l == nil {
		return 0
	}
	r := l.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now) // only failures spend tokens
	return d
}

func (t *loginThrottle) failed(email, client string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	limiter(t.byEmail, email, rate.Every(emailRefill), emailBurst, now).AllowN(now, 1)
	limiter(t.byClient, client, rate.Every(clientRefill), clientBurst, now).AllowN(now, 1)
}

// succeeded forgets the email's failures; the client's stay, so one address
// cannot sign in to a known account between guesses at others.
func (t *loginThrottle) succeeded(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byEmail, email)
}

func limiter(m map[string]*rate.Limiter, key string, every rate.Limit, burst int, now time.Time) *rate.Limiter {
	l, ok := m[key]
	if !ok {
		if len(m) >= throttleLimit {
			forgetRested(m, now)
		}
		l = rate.NewLimiter(every, burst)
		m[key] = l
	}
	return l
}

// forgetRested drops limiters that have refilled completely: they remember
// nothing a new one would not. Memory stays bounded under a flood of keys.
func forgetRested(m map[string]*rate.Limiter, now time.Time) {
	for k, l := range m {
		if l.TokensAt(now) >= float64(l.Burst()) {
			delete(m, k)
		}
	}
}

// clientAddress is the peer's IP address, without the port.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func humanSeconds(d time.Duration) string {
	secs := int(d.Round(time.Second) / time.Second)
	if secs <= 1 {
		return "a second"
	}
	return strconv.Itoa(secs) + " seconds"
}

func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(d.Round(time.Second)/time.Second)))
}
