package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

// browserlessClient is a person with a cookie jar who does not follow redirects.
type browserlessClient struct {
	t    *testing.T
	base string
	http *http.Client
}

type answer struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (ts *testServer) client(t *testing.T) *browserlessClient {
	t.Helper()
	srv := ts.httpServer(t)
	jar, _ := cookiejar.New(nil)
	return &browserlessClient{t: t, base: srv.URL, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (ts *testServer) httpServer(t *testing.T) *httptest.Server {
	if ts.srv == nil {
		ts.srv = httptest.NewServer(ts)
		t.Cleanup(ts.srv.Close)
	}
	return ts.srv
}

func (c *browserlessClient) send(method, path string, form url.Values, header map[string]string) answer {
	c.t.Helper()
	resp, err := c.http.Do(c.request(method, path, form, header))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(b), header: resp.Header}
}

// request is a request to the test server, with form as its body when not nil.
func (c *browserlessClient) request(method, path string, form url.Values, header map[string]string) *http.Request {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req
}

func (c *browserlessClient) get(path string) answer { return c.send(http.MethodGet, path, nil, nil) }

func (c *browserlessClient) post(path string, form url.Values) answer {
	if form == nil {
		form = url.Values{}
	}
	return c.send(http.MethodPost, path, form, nil)
}

func (c *browserlessClient) sessionCookie() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == sessionName {
			return ck.Value
		}
	}
	return ""
}

const testPassword = "correct horse battery staple"

// world is a small installation: a manager, two accounts with a customer each,
// and a draft in each account.
type world struct {
	manager, alice, bob  store.User
	aliceDraft, bobDraft store.Draft
}

func (ts *testServer) seed(t *testing.T) world {
	t.Helper()
	ctx := context.Background()
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	var w world
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w.manager, err = ts.store.CreateFirstManager(ctx, "manager@example.com", hash)
	must(err)
	_, err = ts.store.CreateAccount(ctx, "111", "Acme")
	must(err)
	_, err = ts.store.CreateAccount(ctx, "222", "Globex")
	must(err)
	w.alice, err = ts.store.CreateUser(ctx, store.User{Email: "alice@acme.example", Role: store.RoleCustomer, AccountID: "111", PasswordHash: hash})
	must(err)
	w.bob, err = ts.store.CreateUser(ctx, store.User{Email: "bob@globex.example", Role: store.RoleCustomer, AccountID: "222", PasswordHash: hash})
	must(err)
	w.aliceDraft, err = ts.store.CreateDraft(ctx, "111", w.alice.ID, store.DraftInput{Title: "Acme bot", Document: []byte(`{"client_name":"Acme bot"}`)})
	must(err)
	w.bobDraft, err = ts.store.CreateDraft(ctx, "222", w.bob.ID, store.DraftInput{Title: "Globex bot", Document: []byte(`{"client_name":"Globex bot"}`)})
	must(err)
	return w
}

func (c *browserlessClient) signIn(email string) {
	c.t.Helper()
	a := c.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if a.status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d: %s", email, a.status, a.body)
	}
}

func TestSetupOnlyOnAnEmptyDatabase(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	if a := c.get("/"); a.status != http.StatusSeeOther || a.location != "/setup" {
		t.Fatalf("first visit: %d to %q", a.status, a.location)
	}
	if a := c.get("/login"); a.location != "/setup" {
		t.Errorf("sign-in page before setup goes to %q", a.location)
	}
	a := c.post("/setup", url.Values{"email": {"boss@example.com"}, "password": {"short"}, "password2": {"short"}})
	if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "at least 12 characters") || !strings.Contains(a.body, `value="boss@example.com"`) {
		t.Fatalf("short password: %d", a.status)
	}
	a = c.post("/setup", url.Values{"email": {"boss@example.com"}, "password": {testPassword}, "password2": {testPassword + "x"}})
	if !strings.Contains(a.body, "The two passwords differ") || !strings.Contains(a.body, `aria-invalid="true"`) {
		t.Fatalf("mismatch not shown at the field: %s", a.body)
	}
	a = c.post("/setup", url.Values{"email": {"boss@example.com"}, "password": {testPassword}, "password2": {testPassword}})
	if a.status != http.StatusSeeOther || a.location != "/accounts" {
		t.Fatalf("setup: %d to %q", a.status, a.location)
	}
	if a := c.get("/accounts"); a.status != http.StatusOK || !strings.Contains(a.body, "boss@example.com") {
		t.Fatalf("signed in after setup: %d", a.status)
	}
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		if a := c.send(method, "/setup", url.Values{}, nil); a.status != http.StatusNotFound {
			t.Errorf("%s /setup after setup: %d", method, a.status)
		}
	}
	u, err := ts.store.UserByEmail(context.Background(), "boss@example.com")
	if err != nil || u.Role != store.RoleManager || bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(testPassword)) != nil {
		t.Errorf("stored manager: %+v %v", u, err)
	}
}

func TestSignIn(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.get("/login")
	before := c.sessionCookie()
	for _, creds := range [][2]string{{"alice@acme.example", "wrong password!"}, {"nobody@example.com", testPassword}} {
		a := c.post("/login", url.Values{"email": {creds[0]}, "password": {creds[1]}})
		if a.status != http.StatusUnauthorized || !strings.Contains(a.body, "Email or password is wrong.") {
			t.Errorf("%s: %d", creds[0], a.status)
		}
	}
	c.signIn("ALICE@acme.example")
	if after := c.sessionCookie(); after == "" || after == before {
		t.Error("session id did not change at sign-in")
	}
	if a := c.get("/drafts"); a.location != "/accounts/111/drafts" {
		t.Errorf("customer's drafts link goes to %q", a.location)
	}
	if a := c.get("/accounts/111/drafts"); a.status != http.StatusOK || !strings.Contains(a.body, "Acme bot") {
		t.Errorf("drafts page: %d", a.status)
	}
}

func TestRepeatedFailuresAreSlowedDown(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	for range emailRule.Burst {
		c.post("/login", url.Values{"email": {"alice@acme.example"}, "password": {"guess guess guess"}})
	}
	a := c.post("/login", url.Values{"email": {"alice@acme.example"}, "password": {testPassword}})
	if a.status != http.StatusTooManyRequests || !strings.Contains(a.body, "Too many failed sign-ins") || a.header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d", emailRule.Burst, a.status)
	}
	// Another email from the same address is not locked out yet.
	if a := c.post("/login", url.Values{"email": {"bob@globex.example"}, "password": {testPassword}}); a.status != http.StatusSeeOther {
		t.Errorf("other email: %d", a.status)
	}
}

func TestSignOutAndDisablingEndSessions(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	stolen := alice.sessionCookie()

	alice.post("/logout", nil)
	replay := ts.client(t)
	u, _ := url.Parse(replay.base)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionName, Value: stolen}})
	if a := replay.get("/accounts/111/drafts"); a.status != http.StatusSeeOther || a.location != "/login" {
		t.Errorf("cookie from before sign-out still works: %d", a.status)
	}

	alice.signIn("alice@acme.example")
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	if a := manager.post("/accounts/111/people/"+itoa(w.alice.ID)+"/disable", nil); a.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", a.status)
	}
	if a := alice.get("/accounts/111/drafts"); a.location != "/login" {
		t.Errorf("disabled person still signed in: %d", a.status)
	}
	if a := alice.post("/login", url.Values{"email": {"alice@acme.example"}, "password": {testPassword}}); a.status != http.StatusUnauthorized {
		t.Errorf("disabled person signed in: %d", a.status)
	}
	manager.post("/accounts/111/people/"+itoa(w.alice.ID)+"/enable", nil)
	alice.signIn("alice@acme.example")
	// A manager cannot reach another account's person through this account's URL.
	if a := manager.post("/accounts/111/people/"+itoa(w.bob.ID)+"/disable", nil); a.status != http.StatusNotFound {
		t.Errorf("cross-account disable: %d", a.status)
	}
}

var inviteLink = regexp.MustCompile(`https?://[^"]+/invite/[A-Za-z0-9_-]+`)

func TestInviteFlow(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	a := manager.post("/accounts/111/invites", url.Values{"email": {"not-an-email"}})
	if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, `id="invite-email-error"`) {
		t.Fatalf("bad email: %d", a.status)
	}
	if a := manager.post("/accounts/111/invites", url.Values{"email": {"bob@globex.example"}}); a.status != http.StatusUnprocessableEntity {
		t.Errorf("someone else's person invited: %d", a.status)
	}
	a = manager.send(http.MethodPost, "/accounts/111/invites", url.Values{"email": {"carol@acme.example"}}, map[string]string{"HX-Request": "true"})
	link := inviteLink.FindString(a.body)
	if a.status != http.StatusOK || link == "" {
		t.Fatalf("invite: %d, no link in page", a.status)
	}
	// The redrawn people list has the invited person, waiting.
	if !strings.Contains(visibleText(a.body), "carol@acme.example invited · the invitation link works until") {
		t.Errorf("the invited person is not listed as invited after the invite:\n%s", visibleText(a.body))
	}
	path := link[strings.Index(link, "/invite/"):]
	if strings.Contains(ts.logs.String(), path) {
		t.Error("invite token written to the log")
	}

	carol := ts.client(t)
	if a := carol.get(path); a.status != http.StatusOK || !strings.Contains(a.body, "carol@acme.example") {
		t.Fatalf("open invite: %d", a.status)
	}
	if a := carol.post(path, url.Values{"password": {testPassword}, "password2": {"different password"}}); a.status != http.StatusUnprocessableEntity {
		t.Errorf("mismatched passwords: %d", a.status)
	}
	a = carol.post(path, url.Values{"password": {testPassword}, "password2": {testPassword}})
	if a.status != http.StatusSeeOther || a.location != "/drafts" {
		t.Fatalf("accept: %d to %q", a.status, a.location)
	}
	if a := carol.get("/accounts/111/drafts"); a.status != http.StatusOK {
		t.Errorf("invited customer not signed in: %d", a.status)
	}
	if a := ts.client(t).get(path); a.status != http.StatusNotFound || !strings.Contains(a.body, "used already or has expired") {
		t.Errorf("second use: %d", a.status)
	}

	a = manager.post("/accounts/111/invites", url.Values{"email": {"dave@acme.example"}})
	davePath := inviteLink.FindString(a.body)
	davePath = davePath[strings.Index(davePath, "/invite/"):]
	ts.now = func() time.Time { return time.Now().Add(inviteLifetime + time.Minute) }
	if a := ts.client(t).get(davePath); a.status != http.StatusNotFound {
		t.Errorf("invite opened after 72 hours: %d", a.status)
	}
	if page := manager.get("/accounts/111"); !strings.Contains(visibleText(page.body), "dave@acme.example invited · the invitation link expired") {
		t.Error("the account page does not say that dave's invitation expired")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
