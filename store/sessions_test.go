package store

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/sessions"
)

func TestSessionRecords(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock := db.open(t)
		ctx := context.Background()
		u := mustUser(t, s, User{Email: "u@example.com", Role: RoleManager})

		created := clock.Now()
		if err := s.CreateSession(ctx, SessionRecord{ID: "a", UserID: u.ID, Data: []byte("data")}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, SessionRecord{ID: "a"}); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("same id twice: err = %v, want ErrDuplicate", err)
		}
		if err := s.CreateSession(ctx, SessionRecord{}); err == nil {
			t.Fatal("empty id accepted")
		}
		rec, err := s.LoadSession(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if rec.ID != "a" || rec.UserID != u.ID || string(rec.Data) != "data" || !rec.CreatedAt.Equal(created) || !rec.LastSeenAt.Equal(created) {
			t.Fatalf("loaded %+v", rec)
		}

		// The id itself is not what the table stores.
		var n int
		if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM sessions WHERE id_hash = ? OR id_hash = ?", "a", []byte("a")).Scan(&n); err != nil || n != 0 {
			t.Fatalf("session id stored in the clear (%d rows, %v)", n, err)
		}

		later := created.Add(time.Minute)
		if err := s.TouchSession(ctx, "a", nil, later); err != nil {
			t.Fatal(err)
		}
		if rec, _ := s.LoadSession(ctx, "a"); string(rec.Data) != "data" || !rec.LastSeenAt.Equal(later) {
			t.Fatalf("after touch without data: %+v", rec)
		}
		if err := s.TouchSession(ctx, "a", []byte("new"), later.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if rec, _ := s.LoadSession(ctx, "a"); string(rec.Data) != "new" || !rec.LastSeenAt.Equal(later.Add(time.Minute)) {
			t.Fatalf("after touch with data: %+v", rec)
		}
		if err := s.TouchSession(ctx, "missing", nil, later); !errors.Is(err, ErrNotFound) {
			t.Fatalf("touch missing: err = %v, want ErrNotFound", err)
		}

		if err := s.DeleteSession(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadSession(ctx, "a"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted session loads: %v", err)
		}
		if err := s.DeleteSession(ctx, "a"); err != nil {
			t.Fatalf("deleting twice: %v", err)
		}
	})
}

func TestDeleteUserSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		a := mustUser(t, s, User{Email: "a@example.com", Role: RoleManager})
		b := mustUser(t, s, User{Email: "b@example.com", Role: RoleManager})
		for _, rec := range []SessionRecord{{ID: "a1", UserID: a.ID}, {ID: "a2", UserID: a.ID}, {ID: "b1", UserID: b.ID}, {ID: "anon"}} {
			if err := s.CreateSession(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteUserSessions(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		for id, gone := range map[string]bool{"a1": true, "a2": true, "b1": false, "anon": false} {
			_, err := s.LoadSession(ctx, id)
			if gone != errors.Is(err, ErrNotFound) {
				t.Errorf("session %s: err = %v, gone want %v", id, err, gone)
			}
		}
	})
}

func TestDeleteSessionsBefore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, clock := db.open(t)
		ctx := context.Background()
		t0 := clock.Now()
		recs := []SessionRecord{
			{ID: "fresh", CreatedAt: t0, LastSeenAt: t0},
			{ID: "too old", CreatedAt: t0.Add(-25 * time.Hour), LastSeenAt: t0},
			{ID: "idle", CreatedAt: t0.Add(-3 * time.Hour), LastSeenAt: t0.Add(-3 * time.Hour)},
			{ID: "active", CreatedAt: t0.Add(-23 * time.Hour), LastSeenAt: t0.Add(-time.Hour)},
		}
		for _, rec := range recs {
			if err := s.CreateSession(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.DeleteSessionsBefore(ctx, t0.Add(-24*time.Hour), t0.Add(-2*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("deleted %d, %v; want 2", n, err)
		}
		for id, gone := range map[string]bool{"fresh": false, "too old": true, "idle": true, "active": false} {
			_, err := s.LoadSession(ctx, id)
			if gone != errors.Is(err, ErrNotFound) {
				t.Errorf("session %s: err = %v, gone want %v", id, err, gone)
			}
		}
	})
}

// sessionTest drives a SessionStore the way handlers do, one request at a
// time, carrying the last cookie like a browser.
type sessionTest struct {
	t      *testing.T
	store  *Store
	ss     *SessionStore
	clock  *clock
	cookie *http.Cookie
}

const cookieName = "test_session"

var testKeys = [][]byte{bytes.Repeat([]byte("k"), 32), bytes.Repeat([]byte("e"), 32)}

func newSessionTest(t *testing.T, opts SessionOptions) *sessionTest {
	s, c := newTestStore(t)
	opts.Now = c.Now
	return &sessionTest{t: t, store: s, ss: s.NewSessionStore(opts, testKeys...), clock: c}
}

func (st *sessionTest) request() *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	if st.cookie != nil {
		r.AddCookie(st.cookie)
	}
	return r
}

// get loads the session as a new request would.
func (st *sessionTest) get() (*http.Request, *sessions.Session) {
	st.t.Helper()
	r := st.request()
	sess, err := st.ss.Get(r, cookieName)
	if err != nil {
		st.t.Fatalf("Get: %v", err)
	}
	return r, sess
}

// keep takes the cookie the response set, as a browser would.
func (st *sessionTest) keep(w *httptest.ResponseRecorder) *http.Cookie {
	st.t.Helper()
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != cookieName {
		st.t.Fatalf("response cookies = %v, want one %q", cookies, cookieName)
	}
	st.cookie = cookies[0]
	return cookies[0]
}

// signIn stores a session for user id and returns its cookie.
func (st *sessionTest) signIn(userID int64) *http.Cookie {
	st.t.Helper()
	r, sess := st.get()
	sess.Values[SessionUserID] = userID
	w := httptest.NewRecorder()
	if err := st.ss.Save(r, w, sess); err != nil {
		st.t.Fatal(err)
	}
	return st.keep(w)
}

func TestSessionStoreNewAndSave(t *testing.T) {
	st := newSessionTest(t, SessionOptions{Secure: true})
	u := mustUser(t, st.store, User{Email: "u@example.com", Role: RoleManager})

	r, sess := st.get()
	if !sess.IsNew || len(sess.Values) != 0 || sess.ID != "" {
		t.Fatalf("no cookie: got %+v, want a new empty session", sess)
	}
	if again, _ := st.ss.Get(r, cookieName); again != sess {
		t.Fatal("Get does not return the request's cached session")
	}
	sess.Values[SessionUserID] = u.ID
	sess.Values["flash"] = "Saved."
	w := httptest.NewRecorder()
	if err := st.ss.Save(r, w, sess); err != nil {
		t.Fatal(err)
	}
	c := st.keep(w)
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != 24*60*60 {
		t.Fatalf("cookie attributes: %+v", c)
	}
	if strings.Contains(c.Value, sess.ID) {
		t.Fatal("cookie carries the session id in the clear")
	}
	if rec, err := st.store.LoadSession(context.Background(), sess.ID); err != nil || rec.UserID != u.ID {
		t.Fatalf("stored session = %+v, %v; want user_id mirrored", rec, err)
	}

	_, got := st.get()
	if got.IsNew || got.ID != sess.ID || got.Values[SessionUserID] != u.ID || got.Values["flash"] != "Saved." {
		t.Fatalf("reloaded session = %+v, want the saved values", got)
	}
}

func TestSessionStoreDefaults(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ss := s.NewSessionStore(SessionOptions{}, testKeys[0])
		r := httptest.NewRequest("GET", "/", nil)
		sess, err := ss.Get(r, "")
		if err != nil || sess.Name() != "manifestd_session" {
			t.Fatalf("default name: %q, %v", sess.Name(), err)
		}
		w := httptest.NewRecorder()
		if err := ss.Save(r, w, sess); err != nil {
			t.Fatal(err)
		}
		c := w.Result().Cookies()[0]
		if c.Secure || !c.HttpOnly || c.MaxAge != 24*60*60 {
			t.Fatalf("cookie with defaults: %+v", c)
		}
		if ss.opts.IdleTimeout != 2*time.Hour {
			t.Fatalf("idle timeout %v", ss.opts.IdleTimeout)
		}
	})
}

func TestSessionStoreTimeouts(t *testing.T) {
	tests := []struct {
		name string
		// steps between sign-in and the final Get; each advances the
		// clock and then loads the session (which notes activity).
		steps   []time.Duration
		last    time.Duration
		expired bool
	}{
		{name: "active", last: time.Hour},
		{name: "idle just under", last: 2*time.Hour - time.Second},
		{name: "idle", last: 2 * time.Hour, expired: true},
		{name: "kept alive by activity", steps: []time.Duration{90 * time.Minute, 90 * time.Minute}, last: 90 * time.Minute},
		{name: "absolute despite activity", steps: repeat(time.Hour, 23), last: time.Hour, expired: true},
		{name: "absolute just under", steps: repeat(time.Hour, 23), last: time.Hour - time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newSessionTest(t, SessionOptions{IdleTimeout: 2 * time.Hour, AbsoluteTimeout: 24 * time.Hour})
			u := mustUser(t, st.store, User{Email: "u@example.com", Role: RoleManager})
			st.signIn(u.ID)
			_, first := st.get()
			for _, d := range tt.steps {
				st.clock.Advance(d)
				if _, sess := st.get(); sess.IsNew {
					t.Fatalf("session ended early, at step after %v", d)
				}
			}
			st.clock.Advance(tt.last)
			_, sess := st.get()
			if sess.IsNew != tt.expired {
				t.Fatalf("IsNew = %v, want %v", sess.IsNew, tt.expired)
			}
			_, err := st.store.LoadSession(context.Background(), first.ID)
			if tt.expired {
				if len(sess.Values) != 0 || !errors.Is(err, ErrNotFound) {
					t.Fatalf("expired session: values %v, row err %v; want empty and deleted", sess.Values, err)
				}
			} else if sess.Values[SessionUserID] != u.ID || err != nil {
				t.Fatalf("live session: values %v, row err %v", sess.Values, err)
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func TestSessionStoreDeleteExpired(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	st.signIn(0)
	if n, err := st.ss.DeleteExpired(context.Background()); err != nil || n != 0 {
		t.Fatalf("fresh: deleted %d, %v", n, err)
	}
	st.clock.Advance(3 * time.Hour)
	if n, err := st.ss.DeleteExpired(context.Background()); err != nil || n != 1 {
		t.Fatalf("idle: deleted %d, %v; want 1", n, err)
	}
}

func TestSessionStoreRotate(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	u := mustUser(t, st.store, User{Email: "u@example.com", Role: RoleManager})

	// A visitor gets a session before signing in (say, planted by an attacker).
	old := st.signIn(0)
	r, sess := st.get()
	oldID := sess.ID
	sess.Values[SessionUserID] = u.ID
	w := httptest.NewRecorder()
	if err := st.ss.Rotate(r, w, sess); err != nil {
		t.Fatal(err)
	}
	st.keep(w)
	if sess.ID == oldID || sess.ID == "" {
		t.Fatalf("Rotate kept id %q", sess.ID)
	}
	if _, err := st.store.LoadSession(context.Background(), oldID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old row survives Rotate: %v", err)
	}
	if _, got := st.get(); got.IsNew || got.ID != sess.ID || got.Values[SessionUserID] != u.ID {
		t.Fatalf("new cookie loads %+v", got)
	}
	st.cookie = old
	if _, got := st.get(); !got.IsNew || len(got.Values) != 0 {
		t.Fatalf("old cookie still loads %+v", got)
	}

	// Rotating a session that was never saved works too.
	st.cookie = nil
	r, sess = st.get()
	sess.Values[SessionUserID] = u.ID
	w = httptest.NewRecorder()
	if err := st.ss.Rotate(r, w, sess); err != nil {
		t.Fatal(err)
	}
	st.keep(w)
	if _, got := st.get(); got.IsNew || got.Values[SessionUserID] != u.ID {
		t.Fatalf("rotated new session loads %+v", got)
	}
}

func TestSessionStoreBadCookies(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	good := st.signIn(0)
	otherKeys := st.store.NewSessionStore(SessionOptions{}, bytes.Repeat([]byte("x"), 32))
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/", nil)
	foreign, _ := otherKeys.New(r, cookieName)
	if err := otherKeys.Save(r, w, foreign); err != nil {
		t.Fatal(err)
	}
	foreignValue := w.Result().Cookies()[0].Value

	flip := []byte(good.Value)
	flip[len(flip)/2] ^= 1
	tests := []struct{ name, value string }{
		{"tampered", string(flip)},
		{"truncated", good.Value[:len(good.Value)/2]},
		{"garbage", "not a cookie at all"},
		{"empty", ""},
		{"signed with other keys", foreignValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st.cookie = &http.Cookie{Name: cookieName, Value: tt.value}
			sess, err := st.ss.Get(st.request(), cookieName)
			if err != nil || sess == nil || !sess.IsNew || len(sess.Values) != 0 {
				t.Fatalf("got %+v, %v; want a new empty session and no error", sess, err)
			}
		})
	}
}

func TestSessionStoreSignOut(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	u := mustUser(t, st.store, User{Email: "u@example.com", Role: RoleManager})
	signedIn := st.signIn(u.ID)
	r, sess := st.get()
	id := sess.ID
	sess.Options.MaxAge = -1
	w := httptest.NewRecorder()
	if err := st.ss.Save(r, w, sess); err != nil {
		t.Fatal(err)
	}
	if c := st.keep(w); c.MaxAge >= 0 || c.Value != "" {
		t.Fatalf("sign-out cookie %+v, want expired", c)
	}
	if _, err := st.store.LoadSession(context.Background(), id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("row survives sign-out: %v", err)
	}
	st.cookie = signedIn // a copy of the cookie kept somewhere
	if _, got := st.get(); !got.IsNew {
		t.Fatal("signed-out cookie still loads")
	}
}

func TestSessionStoreEndedElsewhere(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	ctx := context.Background()
	u := mustUser(t, st.store, User{Email: "u@example.com", Role: RoleManager})
	st.signIn(u.ID)

	// A request is under way when the person is disabled.
	r, sess := st.get()
	if err := st.store.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	sess.Values["flash"] = "saved"
	w := httptest.NewRecorder()
	if err := st.ss.Save(r, w, sess); err != nil {
		t.Fatal(err)
	}
	if c := st.keep(w); c.MaxAge >= 0 {
		t.Fatalf("cookie %+v, want expired", c)
	}
	if n, _ := st.store.DeleteSessionsBefore(ctx, st.clock.Now().Add(time.Hour), st.clock.Now().Add(time.Hour)); n != 0 {
		t.Fatal("Save brought an ended session back")
	}
}

func TestSessionStoreDeleteUserSessions(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	u := mustUser(t, st.store, User{Email: "u@example.com", Role: RoleManager})
	laptop := st.signIn(u.ID)
	st.cookie = nil
	phone := st.signIn(u.ID)
	if err := st.store.DeleteUserSessions(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*http.Cookie{laptop, phone} {
		st.cookie = c
		if _, sess := st.get(); !sess.IsNew || sess.Values[SessionUserID] != nil {
			t.Fatalf("session survives DeleteUserSessions: %+v", sess)
		}
	}
}

func TestSessionStoreRejectsBadUserID(t *testing.T) {
	st := newSessionTest(t, SessionOptions{})
	r, sess := st.get()
	sess.Values[SessionUserID] = "42"
	if err := st.ss.Save(r, httptest.NewRecorder(), sess); err == nil {
		t.Fatal("Save accepted a string user id")
	}
	sess.Values[SessionUserID] = int64(9999) // no such user
	if err := st.ss.Save(r, httptest.NewRecorder(), sess); err == nil {
		t.Fatal("Save accepted a missing user")
	}
}
