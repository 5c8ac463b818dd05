package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"runtime/debug"
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
	memoryLimit int64 // bytes; 0 leaves the runtime's own (GOMEMLIMIT, or none)
	gcPercent   int   // GOGC; 0 leaves the runtime's own
}

// defaultMemoryLimit keeps the server within 60 MB of resident memory under
// 200 editors at once: the limit covers what the Go runtime holds, the
// binary's own pages come on top. It is soft: over it the collector runs
// more often (at most half the CPU), it never fails an allocation.
const defaultMemoryLimit = "40MiB"

// gcPercentUnderLimit is GOGC while the server sets a memory limit: the heap
// may grow to three times what is live between collections rather than
// twice, since the limit bounds it anyway. A request's garbage is most of
// what the server allocates; collecting it less often took a fifth off the
// validation API's CPU per request in `make load`. GOGC, when set, wins.
const gcPercentUnderLimit = 200

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
	limit := defaultMemoryLimit
	if env.getenv("GOMEMLIMIT") != "" {
		limit = "" // the runtime has one already
	}
	limit = envOr(env, "MANIFESTD_MEMORY_LIMIT", limit)
	fs.StringVar(&limit, "memory-limit", limit, "soft limit on the memory the Go runtime holds, such as 40MiB or 1GiB, or off (default "+defaultMemoryLimit+")")
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
	if cfg.memoryLimit, err = parseMemoryLimit(limit); err != nil {
		return cfg, err
	}
	if cfg.memoryLimit > 0 && cfg.memoryLimit < math.MaxInt64 && env.getenv("GOGC") == "" {
		cfg.gcPercent = gcPercentUnderLimit
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

// parseMemoryLimit reads a size as GOMEMLIMIT writes one: bytes, or a
// whole number of KiB, MiB or GiB; "off" is no limit, "" the runtime's.
func parseMemoryLimit(value string) (int64, error) {
	switch value {
	case "":
		return 0, nil
	case "off":
		return math.MaxInt64, nil
	}
	digits, unit := value, int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} { // B last: MiB ends in B
		if d, ok := strings.CutSuffix(value, u.suffix); ok {
			digits, unit = d, u.size
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/unit {
		return 0, usageError("memory limit %q: use a size such as 40MiB or 1GiB, or off", value)
	}
	return n * unit, nil
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
	if cfg.memoryLimit > 0 {
		debug.SetMemoryLimit(cfg.memoryLimit)
	}
	if cfg.gcPercent > 0 {
		debug.SetGCPercent(cfg.gcPercent)
	}
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
