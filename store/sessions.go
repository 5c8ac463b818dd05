package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/gob"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// SessionRecord is a stored session. ID is the secret the cookie carries;
// only its sha256 is stored.
type SessionRecord struct {
	ID         string
	UserID     int64 // 0 when nobody is signed in
	Data       []byte
	CreatedAt  time.Time
	LastSeenAt time.Time
	// User is the person UserID names, read with the session by
	// LoadSession; its ID is 0 when nobody is signed in or that person is gone.
	User User
}

// sessionKey is the row key for a session id.
func sessionKey(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

// CreateSession stores a new session; zero times mean now.
func (s *Store) CreateSession(ctx context.Context, rec SessionRecord) error {
	return createSession(ctx, s.write, rec, s.now())
}

func createSession(ctx context.Context, q querier, rec SessionRecord, now time.Time) error {
	if rec.ID == "" {
		return errors.New("create session: empty id")
	}
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = now
	}
	if rec.LastSeenAt.IsZero() {
		rec.LastSeenAt = rec.CreatedAt
	}
	_, err := q.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, data, created_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?)`,
		sessionKey(rec.ID), nullID(rec.UserID), nonNil(rec.Data), dbTime(rec.CreatedAt), dbTime(rec.LastSeenAt))
	if isUnique(err) {
		return fmt.Errorf("create session: %w", ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// LoadSession returns the stored session with that id, and the person
// signed in with it, or ErrNotFound. It does not judge expiry; SessionStore
// does.
func (s *Store) LoadSession(ctx context.Context, id string) (SessionRecord, error) {
	rec := SessionRecord{ID: id}
	row := s.read.QueryRowContext(ctx, `SELECT COALESCE(s.user_id, 0), s.data, s.created_at, s.last_seen_at, `+userColumns+`
		FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, sessionKey(id))
	err := scanUser(row, &rec.User, &rec.UserID, &rec.Data, timeCol{&rec.CreatedAt}, timeCol{&rec.LastSeenAt})
	if err != nil {
		return SessionRecord{}, fmt.Errorf("load session: %w", notFound(err))
	}
	return rec, nil
}

// TouchSession records activity at now and, unless data is nil, replaces
// the session's data. A session that is gone is ErrNotFound.
func (s *Store) TouchSession(ctx context.Context, id string, data []byte, now time.Time) error {
	err := requireRow(s.write.ExecContext(ctx, `UPDATE sessions SET data = COALESCE(?, data), last_seen_at = ?
		WHERE id_hash = ?`, data, dbTime(now), sessionKey(id)))
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// updateSession is TouchSession that also mirrors the signed-in user.
func (s *Store) updateSession(ctx context.Context, id string, userID int64, data []byte, now time.Time) error {
	return requireRow(s.write.ExecContext(ctx, `UPDATE sessions SET user_id = ?, data = ?, last_seen_at = ?
		WHERE id_hash = ?`, nullID(userID), nonNil(data), dbTime(now), sessionKey(id)))
}

// DeleteSession ends one session; ending one that is gone is not an error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.write.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = ?", sessionKey(id)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a person.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	if err := deleteUserSessions(ctx, s.write, userID); err != nil {
		return fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// deleteUserSessions signs a person out everywhere; q is the database or the
// transaction that also changes what made the sessions invalid.
func deleteUserSessions(ctx context.Context, q querier, userID int64) error {
	_, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	return err
}

// DeleteSessionsBefore removes sessions created before createdBefore
// (absolute timeout) or last seen before lastSeenBefore (idle timeout), and
// reports how many.
func (s *Store) DeleteSessionsBefore(ctx context.Context, createdBefore, lastSeenBefore time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, "DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?",
		dbTime(createdBefore), dbTime(lastSeenBefore))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// SessionUserID is the session value holding the signed-in person's id
// (an int64). It is mirrored to the sessions table so that a person's
// sessions can be ended together.
const SessionUserID = "user_id"

// SessionOptions configures a SessionStore. Zero fields take defaults.
type SessionOptions struct {
	CookieName      string        // used when Get or New is given no name; default "manifestd_session"
	IdleTimeout     time.Duration // default 2h
	AbsoluteTimeout time.Duration // default 24h; also the cookie's Max-Age
	Secure          bool          // mark the cookie Secure (served over TLS)
	Now             func() time.Time
}

// SessionStore implements sessions.Store (github.com/gorilla/sessions) with
// the sessions table. The cookie holds only a random session id, signed and,
// with an encryption key, encrypted by securecookie; the values stay on the
// server, so ending a session in the database ends it for real.
type SessionStore struct {
	store  *Store
	codecs []securecookie.Codec
	opts   SessionOptions
}

var _ sessions.Store = (*SessionStore)(nil)

// NewSessionStore returns a session store that signs cookies with keyPairs:
// an authentication key (32 or 64 bytes) optionally followed by an encryption
// key (16, 24 or 32 bytes), then older pairs still accepted when decoding.
// It panics without keys, which is a mistake in the program.
func (s *Store) NewSessionStore(opts SessionOptions, keyPairs ...[]byte) *SessionStore {
	if len(keyPairs) == 0 {
		panic("store: NewSessionStore needs at least one key")
	}
	if opts.CookieName == "" {
		opts.CookieName = "manifestd_session"
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 2 * time.Hour
	}
	if opts.AbsoluteTimeout <= 0 {
		opts.AbsoluteTimeout = 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	codecs := securecookie.CodecsFromPairs(keyPairs...)
	for _, c := range codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			// The signed timestamp in the cookie backs up the absolute timeout.
			sc.MaxAge(int(opts.AbsoluteTimeout / time.Second))
		}
	}
	return &SessionStore{store: s, codecs: codecs, opts: opts}
}

// Get returns the request's session, cached for the rest of the request (see
// sessions.GetRegistry). A request without a valid, live session gets a new
// empty one (IsNew), also when the cookie was tampered with or has expired.
func (ss *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(ss, ss.name(name))
}

// New loads the request's session without caching it; see Get. The error is
// for a failing database only, and the session is never nil.
func (ss *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	sess, _, err := ss.load(r, ss.name(name))
	return sess, err
}

// GetWithUser is Get that also returns the person the session is signed in
// as (SessionUserID), read in the same statement as the session. The User's
// ID is 0 when nobody is signed in or that person no longer exists; whether
// they may still sign in (disabled, no password) is the caller's to judge.
func (ss *SessionStore) GetWithUser(r *http.Request, name string) (*sessions.Session, User, error) {
	l := &userLoader{SessionStore: ss}
	sess, err := sessions.GetRegistry(r).Get(l, ss.name(name))
	if err != nil || l.loaded {
		return sess, l.user, err
	}
	// Someone loaded the session earlier in this request: read the person.
	id, ok := sess.Values[SessionUserID].(int64)
	if !ok {
		return sess, User{}, nil
	}
	u, err := ss.store.UserByID(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		return sess, User{}, nil
	}
	return sess, u, err
}

// userLoader is the SessionStore with a New that also keeps the person it
// read, for GetWithUser to hand the session registry.
type userLoader struct {
	*SessionStore
	user   User
	loaded bool
}

func (l *userLoader) New(r *http.Request, name string) (*sessions.Session, error) {
	sess, user, err := l.load(r, name)
	l.user, l.loaded = user, true
	return sess, err
}

// load reads the request's session and its person.
func (ss *SessionStore) load(r *http.Request, name string) (*sessions.Session, User, error) {
	sess := sessions.NewSession(ss, name)
	opts := ss.cookieOptions()
	sess.Options = &opts
	sess.IsNew = true

	c, err := r.Cookie(name)
	if err != nil {
		return sess, User{}, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, ss.codecs...); err != nil {
		return sess, User{}, nil // forged, damaged, too old or signed with retired keys
	}
	ctx := r.Context()
	rec, err := ss.store.LoadSession(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return sess, User{}, nil
	}
	if err != nil {
		return sess, User{}, err
	}
	now := ss.opts.Now()
	values, err := decodeSessionValues(rec.Data)
	if err != nil || ss.expired(rec, now) {
		return sess, User{}, ss.store.DeleteSession(ctx, id)
	}
	sess.ID, sess.Values, sess.IsNew = id, values, false
	// Note activity for the idle timeout, but not on every request.
	if now.Sub(rec.LastSeenAt) >= ss.touchEvery() {
		if err := ss.store.TouchSession(ctx, id, nil, now); err != nil && !errors.Is(err, ErrNotFound) {
			return sess, rec.User, err
		}
	}
	return sess, rec.User, nil
}

// Save stores the session and sets its cookie. With Options.MaxAge < 0 it
// deletes the session and expires the cookie (sign-out). A session that was
// ended elsewhere meanwhile (signed out, person disabled) is not brought
// back: its cookie is expired instead.
func (ss *SessionStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options == nil {
		opts := ss.cookieOptions()
		sess.Options = &opts
	}
	if sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := ss.store.DeleteSession(ctx, sess.ID); err != nil {
				return err
			}
		}
		ss.expireCookie(w, sess)
		return nil
	}
	userID, data, err := encodeSessionValues(sess.Values)
	if err != nil {
		return err
	}
	now := ss.opts.Now()
	if sess.ID == "" {
		id := newSessionID()
		rec := SessionRecord{ID: id, UserID: userID, Data: data, CreatedAt: now, LastSeenAt: now}
		if err := ss.store.CreateSession(ctx, rec); err != nil {
			return err
		}
		sess.ID = id
	} else {
		err := ss.store.updateSession(ctx, sess.ID, userID, data, now)
		if errors.Is(err, ErrNotFound) {
			ss.expireCookie(w, sess)
			return nil
		}
		if err != nil {
			return fmt.Errorf("save session: %w", err)
		}
	}
	return ss.setCookie(w, sess)
}

// Rotate gives the session a new id, with the same values, deleting the old
// row in the same transaction, and sets the new cookie. Call it at sign-in so
// that an id planted before sign-in (session fixation) is worthless. The
// rotated session's timeouts start afresh.
func (ss *SessionStore) Rotate(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options == nil || sess.Options.MaxAge < 0 {
		opts := ss.cookieOptions()
		sess.Options = &opts
	}
	userID, data, err := encodeSessionValues(sess.Values)
	if err != nil {
		return err
	}
	now := ss.opts.Now()
	id := newSessionID()
	err = ss.store.inTx(ctx, func(tx *txn) error {
		if sess.ID != "" {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = ?", sessionKey(sess.ID)); err != nil {
				return err
			}
		}
		return createSession(ctx, tx, SessionRecord{ID: id, UserID: userID, Data: data, CreatedAt: now, LastSeenAt: now}, now)
	})
	if err != nil {
		return fmt.Errorf("rotate session: %w", err)
	}
	sess.ID, sess.IsNew = id, false
	return ss.setCookie(w, sess)
}

// DeleteExpired removes sessions past either timeout and reports how many;
// run it now and then.
func (ss *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	now := ss.opts.Now()
	return ss.store.DeleteSessionsBefore(ctx, now.Add(-ss.opts.AbsoluteTimeout), now.Add(-ss.opts.IdleTimeout))
}

func (ss *SessionStore) name(name string) string {
	if name == "" {
		return ss.opts.CookieName
	}
	return name
}

func (ss *SessionStore) cookieOptions() sessions.Options {
	return sessions.Options{
		Path:     "/",
		MaxAge:   int(ss.opts.AbsoluteTimeout / time.Second),
		Secure:   ss.opts.Secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
}

func (ss *SessionStore) expired(rec SessionRecord, now time.Time) bool {
	return !now.Before(rec.CreatedAt.Add(ss.opts.AbsoluteTimeout)) ||
		!now.Before(rec.LastSeenAt.Add(ss.opts.IdleTimeout))
}

// touchEvery is how stale last_seen_at may get before Get writes it: a
// minute, or less for short idle timeouts.
func (ss *SessionStore) touchEvery() time.Duration {
	return min(time.Minute, ss.opts.IdleTimeout/10)
}

func (ss *SessionStore) setCookie(w http.ResponseWriter, sess *sessions.Session) error {
	encoded, err := securecookie.EncodeMulti(sess.Name(), sess.ID, ss.codecs...)
	if err != nil {
		return fmt.Errorf("encode session cookie: %w", err)
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), encoded, sess.Options))
	return nil
}

func (ss *SessionStore) expireCookie(w http.ResponseWriter, sess *sessions.Session) {
	opts := *sess.Options
	opts.MaxAge = -1
	http.SetCookie(w, sessions.NewCookie(sess.Name(), "", &opts))
	sess.ID = ""
}

// newSessionID returns 32 random bytes, base64url-encoded.
func newSessionID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails; see crypto/rand.Read
	return base64.RawURLEncoding.EncodeToString(b)
}

// encodeSessionValues gob-encodes the values and picks out the user id.
// Values of types other than Go's basic ones must be gob.Register-ed, as
// with any gorilla session store.
func encodeSessionValues(values map[any]any) (userID int64, data []byte, err error) {
	switch v := values[SessionUserID].(type) {
	case nil:
	case int64:
		userID = v
	default:
		return 0, nil, fmt.Errorf("session value %q is a %T, want int64", SessionUserID, v)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(values); err != nil {
		return 0, nil, fmt.Errorf("encode session values: %w", err)
	}
	return userID, buf.Bytes(), nil
}

func decodeSessionValues(data []byte) (map[any]any, error) {
	values := map[any]any{}
	if len(data) == 0 {
		return values, nil
	}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&values); err != nil {
		return nil, fmt.Errorf("decode session values: %w", err)
	}
	return values, nil
}
