// Package web is the product's http.Handler: every route, the middleware in
// front of them, and the handlers that join the store, the manifest domain and
// the views.
package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/liveengage/manifestd/static"
	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

// Config is what the server needs from its caller.
type Config struct {
	Logger *slog.Logger
	Store  *store.Store
	Assets *static.Assets
	// SessionKey signs and encrypts session cookies (64 bytes: 32 to sign,
	// 32 to encrypt). When empty, a key is made on first run and kept in the
	// database, so a restart keeps people signed in.
	SessionKey []byte
	// IdleTimeout and AbsoluteTimeout end sessions: after this long without
	// a request, and this long after sign-in. Defaults: 2 h and 24 h.
	IdleTimeout, AbsoluteTimeout time.Duration
	// BehindTLS marks cookies Secure and makes https links, for a server
	// behind a TLS-terminating proxy.
	BehindTLS bool
	// BcryptCost is the password hashing cost; tests lower it.
	BcryptCost int
	// Now is the clock; tests set it. Defaults to time.Now.
	Now func() time.Time
}

// Server holds the dependencies every handler uses.
type Server struct {
	log        *slog.Logger
	store      *store.Store
	assets     *static.Assets
	sessions   *store.SessionStore
	logins     *loginThrottle
	setup      setupState
	behindTLS  bool
	bcryptCost int
	dummyHash  []byte // compared against when an email is unknown
	now        func() time.Time
	handler    http.Handler
}

const sessionKeySetting = "session_key"

// New builds the server and its route table.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Assets == nil {
		return nil, errors.New("web: Store and Assets are required")
	}
	s := &Server{log: cfg.Logger, store: cfg.Store, assets: cfg.Assets, now: cfg.Now,
		behindTLS: cfg.BehindTLS, bcryptCost: cfg.BcryptCost}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.bcryptCost == 0 {
		s.bcryptCost = bcrypt.DefaultCost
	}
	var err error
	if s.dummyHash, err = bcrypt.GenerateFromPassword([]byte("not anyone's password"), s.bcryptCost); err != nil {
		return nil, err
	}
	key, err := s.sessionKey(ctx, cfg.SessionKey)
	if err != nil {
		return nil, err
	}
	s.sessions = s.store.NewSessionStore(store.SessionOptions{
		CookieName:      sessionName,
		IdleTimeout:     orDefault(cfg.IdleTimeout, 2*time.Hour),
		AbsoluteTimeout: orDefault(cfg.AbsoluteTimeout, 24*time.Hour),
		Secure:          cfg.BehindTLS,
		Now:             s.now,
	}, key[:32], key[32:])
	s.logins = &loginThrottle{store: s.store, now: s.now}
	s.handler = s.routes()
	return s, nil
}

// sessionKey is the configured key, or the one kept in the database (made on first run).
func (s *Server) sessionKey(ctx context.Context, configured []byte) ([]byte, error) {
	if len(configured) > 0 {
		if len(configured) != 64 {
			return nil, fmt.Errorf("session key must be 64 bytes, got %d", len(configured))
		}
		return configured, nil
	}
	return s.store.SettingOrCreate(ctx, sessionKeySetting, func() ([]byte, error) {
		key := make([]byte, 64)
		_, err := rand.Read(key)
		return key, err
	})
}

func orDefault(d, fallback time.Duration) time.Duration {
	if d <= 0 {
		return fallback
	}
	return d
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}
