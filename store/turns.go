package store

import (
	"context"
	"fmt"
	"time"
)

// TakeTurn claims name's work for the period that starts at periodStart
// (the housekeeping of an hour, say) and reports whether this caller got
// it: of the instances on the database, the first to ask for a period gets
// it, and everyone after is told it was taken, so the work is done once per
// period. A period earlier than the latest taken is never given.
func (s *Store) TakeTurn(ctx context.Context, name string, periodStart time.Time) (bool, error) {
	res, err := s.write.ExecContext(ctx, `INSERT INTO turns (name, period) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET period = excluded.period WHERE turns.period < excluded.period`,
		name, dbTime(periodStart))
	if err != nil {
		return false, fmt.Errorf("take the turn of %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take the turn of %s: %w", name, err)
	}
	return n == 1, nil
}
