package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

// twoInstances starts two servers on one new PostgreSQL database, as two
// instances behind a load balancer are, with a small installation seeded.
func twoInstances(t *testing.T) (a, b *testServer, w world) {
	t.Helper()
	source := storetest.Postgres(t)
	a = newTestServerAt(t, source, store.Options{}, nil)
	b = newTestServerAt(t, source, store.Options{}, nil)
	return a, b, a.seed(t)
}

// at is the same person, cookies and all, sending to another instance.
func (c *browserlessClient) at(ts *testServer) *browserlessClient {
	return &browserlessClient{t: c.t, base: ts.httpServer(c.t).URL, http: c.http}
}

// TestInstancesServeAsOne: whichever instance answers, a person is signed
// in, sees the same drafts and signs out everywhere at once.
func TestInstancesServeAsOne(t *testing.T) {
	a, b, _ := twoInstances(t)
	onA := a.client(t)
	onA.signIn("alice@acme.example")
	onB := onA.at(b)
	if page := onB.get("/accounts/111/drafts"); page.status != http.StatusOK || !strings.Contains(page.body, "Acme bot") {
		t.Fatalf("the other instance with the same cookie: %d, want the drafts page", page.status)
	}
	created := onB.post("/accounts/111/drafts", url.Values{"kind": {"connector"}})
	if created.status != http.StatusSeeOther || !strings.HasPrefix(created.location, "/drafts/") {
		t.Fatalf("new draft on B: %d to %q", created.status, created.location)
	}
	if page := onA.get(created.location); page.status != http.StatusOK || !strings.Contains(page.body, `id="section-form"`) {
		t.Errorf("the draft made on B, opened on A: %d, want its editor", page.status)
	}
	if out := onB.post("/logout", nil); out.status != http.StatusSeeOther {
		t.Fatalf("sign out on B: %d", out.status)
	}
	if page := onA.get("/accounts/111/drafts"); page.status != http.StatusSeeOther || !strings.HasPrefix(page.location, "/login") {
		t.Errorf("after signing out on B, A answers %d to %q; want the sign-in page", page.status, page.location)
	}
}

// TestInstancesCatchEditConflicts: two people who opened one draft save it
// through different instances; the second save is refused as a conflict.
func TestInstancesCatchEditConflicts(t *testing.T) {
	a, b, w := twoInstances(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if _, err := a.store.CreateUser(context.Background(), store.User{Email: "carol@acme.example", Role: store.RoleCustomer, AccountID: "111", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	alice, carol := a.client(t), b.client(t)
	alice.signIn("alice@acme.example")
	carol.signIn("carol@acme.example")
	section := "/drafts/" + itoa(w.aliceDraft.ID) + "/edit/general"
	if saved := alice.autosave(section, url.Values{"_version": {"1"}, "_changed": {"/client_name"}, "/client_name": {"Alice's name"}}); saved.status != http.StatusOK {
		t.Fatalf("alice's save on A: %d", saved.status)
	}
	stale := carol.autosave(section, url.Values{"_version": {"1"}, "_changed": {"/client_name"}, "/client_name": {"Carol's name"}})
	if stale.status != http.StatusConflict || !strings.Contains(stale.body, "Your last change was not saved") {
		t.Fatalf("carol's save on B of the version alice changed: %d, want 409 saying so", stale.status)
	}
	if d, err := b.store.Draft(context.Background(), "111", w.aliceDraft.ID); err != nil || d.Title != "Alice's name" || d.Version != 2 {
		t.Errorf("stored: %q at version %d, %v; want alice's save kept", d.Title, d.Version, err)
	}
}

// TestInstancesShareTheSignInThrottle: failed sign-ins spread over both
// instances are counted together.
func TestInstancesShareTheSignInThrottle(t *testing.T) {
	a, b, _ := twoInstances(t)
	guesser := a.client(t)
	instances := []*browserlessClient{guesser, guesser.at(b)}
	for i := range emailRule.Burst {
		c := instances[i%2]
		if wrong := c.post("/login", url.Values{"email": {"alice@acme.example"}, "password": {"guess guess guess"}}); wrong.status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i+1, wrong.status)
		}
	}
	for i, c := range instances {
		a := c.post("/login", url.Values{"email": {"alice@acme.example"}, "password": {testPassword}})
		if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") == "" {
			t.Errorf("instance %d after %d guesses spread over both: %d, Retry-After %q; want 429 with a delay",
				i+1, emailRule.Burst, a.status, a.header.Get("Retry-After"))
		}
	}
}
