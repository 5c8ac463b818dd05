package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestReviewListsPages: the review queue and the approved lists show a page
// at a time, with links to the next page and back that work without
// scripts.
func TestReviewListsPages(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	ctx := context.Background()
	for i := range 2 * (reviewsPerPage + 1) {
		d := ts.storeDraft(t, w.alice, fmt.Sprintf(`{"client_name":"Bot %d","grant_types":["client_credentials"],"scope":"msg.consumer"}`, i))
		rev, err := ts.store.Submit(ctx, "111", d.ID, d.Version, w.alice.ID, d.Document, d.Title)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := ts.store.Approve(ctx, d.ID, rev.Number, w.manager.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	for _, tt := range []struct {
		who              *browserlessClient
		path, prev, next string
	}{
		{manager, "/reviews", "Previous", "Next"},
		{manager, "/finalized", "Newer", "Older"},
		{alice, "/accounts/111/finalized", "Newer", "Older"},
	} {
		first := tt.who.get(tt.path)
		if rows := strings.Count(first.body, "<tr>") - 1; rows != reviewsPerPage || pagerLink(first.body, tt.prev) != "" {
			t.Fatalf("%s: %d rows, a %s link %q; want %d and none", tt.path, rows, tt.prev, pagerLink(first.body, tt.prev), reviewsPerPage)
		}
		second := tt.who.get(pagerLink(first.body, tt.next))
		if rows := strings.Count(second.body, "<tr>") - 1; rows != 1 || pagerLink(second.body, tt.next) != "" {
			t.Fatalf("%s, second page: %d rows, a %s link %q; want the last one and none", tt.path, rows, tt.next, pagerLink(second.body, tt.next))
		}
		if back := tt.who.get(pagerLink(second.body, tt.prev)); back.body != first.body {
			t.Errorf("%s: %s from the second page is not the first page", tt.path, tt.prev)
		}
	}
}
