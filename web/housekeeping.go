package web

import (
	"context"
	"time"

	"github.com/liveengage/manifestd/store"
)

// housekeepingEvery is how often expired sessions, old trash and rested
// sign-in throttles are removed.
const housekeepingEvery = time.Hour

// Housekeep removes expired sessions, drafts past their 30 days in the
// trash and rested sign-in throttles, now and then every hour, until ctx
// ends. Of the instances on one database, only the first to get to each
// clock hour does it for all.
func (s *Server) Housekeep(ctx context.Context) {
	ticker := time.NewTicker(housekeepingEvery)
	defer ticker.Stop()
	for {
		s.housekeepOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// housekeepOnce does the housekeeping of the current hour unless another
// instance has done it, and reports whether this one did.
func (s *Server) housekeepOnce(ctx context.Context) bool {
	now := s.now()
	mine, err := s.store.TakeTurn(ctx, "housekeeping", now.Truncate(housekeepingEvery))
	if err != nil {
		s.log.ErrorContext(ctx, "taking the turn to housekeep", "err", err)
		return false
	}
	if !mine {
		return false
	}
	if n, err := s.sessions.DeleteExpired(ctx); err != nil {
		s.log.ErrorContext(ctx, "removing expired sessions", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "removed expired sessions", "count", n)
	}
	if n, err := s.store.PurgeTrash(ctx, now.Add(-store.TrashRetention)); err != nil {
		s.log.ErrorContext(ctx, "emptying old trash", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "removed drafts past their time in the trash", "count", n)
	}
	if _, err := s.store.PurgeThrottle(ctx, now); err != nil {
		s.log.ErrorContext(ctx, "removing rested sign-in throttles", "err", err)
	}
	return true
}
