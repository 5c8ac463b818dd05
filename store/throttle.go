package store

import (
	"context"
	"fmt"
	"time"
)

// ThrottleRule is a bucket of tokens: Burst failures at once, then one more
// each Refill.
type ThrottleRule struct {
	Burst  int
	Refill time.Duration
}

// The buckets are kept in the database, so that every instance on it counts
// every failure. A key's row holds one time, when its bucket is full again
// (full_at): at now it holds Burst - (full_at - now)/Refill tokens, and a
// key without a row has a full bucket. A failure spends a token when there
// is one, moving full_at a Refill later; one without a token changes
// nothing, as golang.org/x/time/rate's AllowN does.

// ThrottleWait is how long key must wait at now, under rule, before it has
// a token again: 0 when it has one.
func (s *Store) ThrottleWait(ctx context.Context, key string, rule ThrottleRule, now time.Time) (time.Duration, error) {
	var fullAt int64
	err := notFound(s.read.QueryRowContext(ctx, "SELECT full_at FROM throttle WHERE key = ?", key).Scan(&fullAt))
	switch {
	case err == ErrNotFound:
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("throttle %s: %w", key, err)
	}
	return max(0, time.Duration(fullAt-now.UnixNano())-time.Duration(rule.Burst-1)*rule.Refill), nil
}

// throttleSpend spends a token in one statement, which the database runs
// atomically however many instances spend at once. Its arguments: the key,
// the time its new bucket is full (now + Refill), now twice, Refill, and the
// latest full_at that still holds a token (now + (Burst-1)*Refill).
const throttleSpend = `INSERT INTO throttle (key, full_at) VALUES (?, ?)
	ON CONFLICT (key) DO UPDATE
	SET full_at = CASE WHEN throttle.full_at > ? THEN throttle.full_at ELSE ? END + ?
	WHERE throttle.full_at <= ?`

// ThrottleFailed counts a failure of key at now under rule: it spends a
// token if key has one.
func (s *Store) ThrottleFailed(ctx context.Context, key string, rule ThrottleRule, now time.Time) error {
	at, refill := now.UnixNano(), int64(rule.Refill)
	_, err := s.write.ExecContext(ctx, throttleSpend, key, at+refill, at, at, refill, at+int64(rule.Burst-1)*refill)
	if err != nil {
		return fmt.Errorf("throttle %s: %w", key, err)
	}
	return nil
}

// ThrottleForget forgets key's failures: its bucket is full again.
func (s *Store) ThrottleForget(ctx context.Context, key string) error {
	if _, err := s.write.ExecContext(ctx, "DELETE FROM throttle WHERE key = ?", key); err != nil {
		return fmt.Errorf("throttle %s: %w", key, err)
	}
	return nil
}

// PurgeThrottle removes the keys whose buckets are full at now, which
// remember nothing that a key without a row would not, and reports how many.
func (s *Store) PurgeThrottle(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, "DELETE FROM throttle WHERE full_at <= ?", now.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("purge throttle: %w", err)
	}
	return res.RowsAffected()
}
