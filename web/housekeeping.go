package web

import (
	"context"
	"time"

	"github.com/liveengage/manifestd/store"
)

// housekeepingEvery is how often expired sessions and old trash are removed.
const housekeepingEvery = time.Hour

// Housekeep removes expired sessions and drafts past their 30 days in the
// trash, now and then every hour, until ctx ends.
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

func (s *Server) housekeepOnce(ctx context.Context) {
	if n, err := s.sessions.DeleteExpired(ctx); err != nil {
		s.log.ErrorContext(ctx, "removing expired sessions", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "removed expired sessions", "count", n)
	}
	if n, err := s.store.PurgeTrash(ctx, s.now().Add(-store.TrashRetention)); err != nil {
		s.log.ErrorContext(ctx, "emptying old trash", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "removed drafts past their time in the trash", "count", n)
	}
}
