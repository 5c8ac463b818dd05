package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Sizes of the lists benchmark: an account with 100,000 drafts, of which
// 10,000 wait for review and 10,000 are approved.
const (
	benchDrafts    = 100_000
	benchSubmitted = 10_000
	benchApproved  = 10_000
)

// benchWords name the drafts of the lists benchmark: "<word> bot <n>", so
// that a word is in one title of len(benchWords), "bot" in all, and a
// number of five digits in one.
var benchWords = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka",
	"Tyrell", "Cyberdyne", "Soylent", "Aperture", "Vandelay", "Gringotts", "Oscorp", "Monarch",
	"Dunder", "Pied Piper", "Massive", "Virtucon", "Sirius", "Nakatomi", "Gekko", "Prestige", "Zorg"}

// seedLists fills account "1" in one statement per table, as saves would
// have: the drafts (each saved a second after the one before, with a
// document of the guide's size), the revisions of those under review and
// of those approved.
func seedLists(b *testing.B, s *Store) {
	b.Helper()
	ctx := context.Background()
	mustAccount(b, s, "1", "One")
	manager := mustUser(b, s, User{Email: "m@example.com", Role: RoleManager})
	values := make([]string, len(benchWords))
	for i, w := range benchWords {
		values[i] = fmt.Sprintf("(%d, '%s')", i, w)
	}
	document := `{"client_name":"Bot","description":"` + strings.Repeat("x", 900) + `"}`
	steps := []struct {
		query string
		args  []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
			words(k, w) AS (VALUES ` + strings.Join(values, ", ") + `),
			titled(i, title, at) AS (SELECT i, w || ' bot ' || i, strftime('%Y-%m-%dT%H:%M:%S', 1735689600 + i, 'unixepoch') || '.000000000Z'
				FROM n JOIN words ON k = i % ?)
		INSERT INTO drafts (id, account_id, title, title_search, document, created_by, updated_by, created_at, updated_at)
		SELECT i, '1', title, lower(title), ?, ?, ?, at, at FROM titled`,
			[]any{benchDrafts, len(benchWords), document, manager.ID, manager.ID}},
		{`INSERT INTO revisions (draft_id, number, account_id, client_name, client_name_key, document, sha256,
			submitted_by, submitted_at, outcome, decided_by, decided_at)
		SELECT id, 1, account_id, title, title_search, document, printf('%064d', id), ?, updated_at,
			CASE WHEN id <= ? THEN '' ELSE 'approved' END, CASE WHEN id <= ? THEN NULL ELSE ? END,
			CASE WHEN id <= ? THEN NULL ELSE updated_at END
		FROM drafts WHERE id <= ?`,
			[]any{manager.ID, benchSubmitted, benchSubmitted, manager.ID, benchSubmitted, benchSubmitted + benchApproved}},
		{`UPDATE drafts SET state = CASE WHEN id <= ? THEN 'submitted' ELSE 'approved' END WHERE id <= ?`,
			[]any{benchSubmitted, benchSubmitted + benchApproved}},
	}
	for _, step := range steps {
		if _, err := s.write.db.ExecContext(ctx, step.query, step.args...); err != nil {
			b.Fatalf("seed: %v", err)
		}
	}
}

// BenchmarkLists reads pages of the lists of an account with 100,000
// drafts: the first page and one half-way down, searches that find one
// draft, 4% of them and all of them, the review queue and the approved
// lists. Seeding takes a while, so -short skips it; make bench runs it.
func BenchmarkLists(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 drafts")
	}
	s, _ := newTestStore(b)
	seedLists(b, s)
	ctx := context.Background()
	// A cursor half-way down a list, where a reader paging by hand arrives.
	halfway := func(list func(PageQuery) (string, error), pages int) PageQuery {
		q := PageQuery{PerPage: maxPerPage}
		for range pages {
			next, err := list(q)
			if err != nil {
				b.Fatal(err)
			}
			q.After = next
		}
		return PageQuery{After: q.After}
	}
	draftsHalfway := halfway(func(q PageQuery) (string, error) {
		p, err := s.ListDrafts(ctx, "1", DraftQuery{PageQuery: q})
		return p.Next, err
	}, benchDrafts/2/maxPerPage)
	queueHalfway := halfway(func(q PageQuery) (string, error) {
		p, err := s.ReviewQueue(ctx, q)
		return p.Next, err
	}, benchSubmitted/2/maxPerPage)

	drafts := func(q DraftQuery, want int) func(*testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				p, err := s.ListDrafts(ctx, "1", q)
				if err != nil || len(p.Items) != want {
					b.Fatalf("%d drafts, %v; want %d", len(p.Items), err, want)
				}
			}
		}
	}
	b.Run("drafts/first", drafts(DraftQuery{}, defaultPerPage))
	b.Run("drafts/halfway", drafts(DraftQuery{PageQuery: draftsHalfway}, defaultPerPage))
	b.Run("drafts/search-one", drafts(DraftQuery{Search: "48213"}, 1))
	b.Run("drafts/search-4%", drafts(DraftQuery{Search: "initech"}, defaultPerPage))
	b.Run("drafts/search-all", drafts(DraftQuery{Search: "bot"}, defaultPerPage))
	b.Run("drafts/search-short", drafts(DraftQuery{Search: "48"}, defaultPerPage))
	b.Run("queue/first", func(b *testing.B) {
		for b.Loop() {
			if p, err := s.ReviewQueue(ctx, PageQuery{}); err != nil || len(p.Items) != defaultPerPage {
				b.Fatal(len(p.Items), err)
			}
		}
	})
	b.Run("queue/halfway", func(b *testing.B) {
		for b.Loop() {
			if p, err := s.ReviewQueue(ctx, queueHalfway); err != nil || len(p.Items) != defaultPerPage {
				b.Fatal(len(p.Items), err)
			}
		}
	})
	for _, account := range []string{"", "1"} {
		b.Run("finalized/account="+account, func(b *testing.B) {
			for b.Loop() {
				if p, err := s.ListFinalized(ctx, account, PageQuery{}); err != nil || len(p.Items) != defaultPerPage {
					b.Fatal(len(p.Items), err)
				}
			}
		})
	}
}
