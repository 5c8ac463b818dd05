package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liveengage/manifestd/static"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/web"
)

// serveConfig is the server's configuration: flags over environment over defaults.
type serveConfig struct {
	addr        string
	db          string // a SQLite file or a PostgreSQL URL
	logLevel    slog.Level
	sessionIdle time.Duration
	sessionMax  time.Duration
	behindTLS   bool
	sessionKey  []byte
}

func parseServeFlags(args []string, env environment) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var cfg serveConfig
	var level string
	fs.StringVar(&cfg.addr, "addr", envOr(env, "MANIFESTD_ADDR", "localhost:8080"), "listen address")
	fs.StringVar(&cfg.db, "db", envOr(env, "MANIFESTD_DB", "data/manifestd.db"), "SQLite database file, or postgres:// URL")
	fs.StringVar(&level, "log-level", envOr(env, "MANIFESTD_LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	idle, maxAge := envOr(env, "MANIFESTD_SESSION_IDLE", "2h"), envOr(env, "MANIFESTD_SESSION_MAX", "24h")
	fs.Func("session-idle", "sign out after this long without a request (default 2h)", func(v string) error { idle = v; return nil })
	fs.Func("session-max", "sign out this long after signing in (default 24h)", func(v string) error { maxAge = v; return nil })
	behindTLS, _ := strconv.ParseBool(env.getenv("MANIFESTD_BEHIND_TLS"))
	fs.BoolVar(&cfg.behindTLS, "behind-tls", behindTLS, "served over https by a proxy: Secure cookies, https links")
	if err := fs.Parse(args); err != nil {
		return cfg, &exitError{code: exitUsage}
	}
	if fs.NArg() > 0 {
		return cfg, usageError("serve takes no arguments, got %q", fs.Args())
	}
	if err := cfg.logLevel.UnmarshalText([]byte(level)); err != nil {
		return cfg, usageError("log level %q: use debug, info, warn or error", level)
	}
	var err error
	if cfg.sessionIdle, err = positiveDuration("session-idle", idle); err != nil {
		return cfg, err
	}
	if cfg.sessionMax, err = positiveDuration("session-max", maxAge); err != nil {
		return cfg, err
	}
	if key := env.getenv("MANIFESTD_SESSION_KEY"); key != "" {
		if cfg.sessionKey, err = base64.StdEncoding.DecodeString(key); err != nil || len(cfg.sessionKey) != 64 {
			return cfg, usageError("MANIFESTD_SESSION_KEY must be 64 bytes in base64 (head -c 64 /dev/urandom | base64 -w0)")
		}
	}
	return cfg, nil
}

func positiveDuration(name, value string) (time.Duration, error) {
	d, err := time.ParseDuration(value)
	if err != nil || d <= 0 {
		return 0, usageError("%s %q: use a duration such as 30m or 2h", name, value)
	}
	return d, nil
}

func envOr(env environment, key, fallback string) string {
	if v := strings.TrimSpace(env.getenv(key)); v != "" {
		return v
	}
	return fallback
}

// runServe serves until ctx ends, then shuts down gracefully.
func runServe(ctx context.Context, args []string, env environment) error {
	cfg, err := parseServeFlags(args, env)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	db, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer db.Close()
	assets, err := static.Load()
	if err != nil {
		return err
	}
	handler, err := web.New(ctx, web.Config{Logger: logger, Store: db, Assets: assets, SessionKey: cfg.sessionKey,
		IdleTimeout: cfg.sessionIdle, AbsoluteTimeout: cfg.sessionMax, BehindTLS: cfg.behindTLS})
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	go handler.Housekeep(ctx)
	logger.Info("serving", "url", "http://"+listener.Addr().String(), "db", store.RedactSource(cfg.db))
	return serveUntilDone(ctx, listener, handler, logger)
}

func serveUntilDone(ctx context.Context, l net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
