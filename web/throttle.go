package web

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/liveengage/manifestd/store"
)

// loginThrottle slows down repeated failed sign-ins, per email and per
// client address. Each failure spends a token of the key's bucket; a key
// out of tokens waits for one. The buckets are in the database, so that
// failures spread over several instances count as much as at one.
type loginThrottle struct {
	store *store.Store
	now   func() time.Time
}

// Five quick failures per email, then one try every 30 s; twenty per client
// address (an office shares one), then one every 5 s.
var (
	emailRule  = store.ThrottleRule{Burst: 5, Refill: 30 * time.Second}
	clientRule = store.ThrottleRule{Burst: 20, Refill: 5 * time.Second}
)

// Keys of the two kinds of bucket, which share one table.
func emailKey(email string) string   { return "email " + email }
func clientKey(client string) string { return "client " + client }

// wait is how long the email or client must wait before trying again.
func (t *loginThrottle) wait(ctx context.Context, email, client string) (time.Duration, error) {
	now := t.now()
	byEmail, err := t.store.ThrottleWait(ctx, emailKey(email), emailRule, now)
	if err != nil {
		return 0, err
	}
	byClient, err := t.store.ThrottleWait(ctx, clientKey(client), clientRule, now)
	return max(byEmail, byClient), err
}

func (t *loginThrottle) failed(ctx context.Context, email, client string) error {
	now := t.now()
	if err := t.store.ThrottleFailed(ctx, emailKey(email), emailRule, now); err != nil {
		return err
	}
	return t.store.ThrottleFailed(ctx, clientKey(client), clientRule, now)
}

// succeeded forgets the email's failures; the client's stay, so one address
// cannot sign in to a known account between guesses at others.
func (t *loginThrottle) succeeded(ctx context.Context, email string) error {
	return t.store.ThrottleForget(ctx, emailKey(email))
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
