// Command manifestload measures the server under load and prints each figure
// next to its goal (the Goals table of issue 10). It builds manifestd, seeds
// a temporary database, starts the real binary on a loopback port and drives
// it over HTTP, side by side in the same run with an encoding/json echo
// server, a bare handler and, where node and npm are present, a Node peer
// (fastify + Ajv compiled from `manifestd schema`). Ratios against those
// peers are the figures that count: absolute ones move with the machine.
//
//	go run ./cmd/manifestload [-quick] [-rounds 3] [-duration 5s] ...
//
// Every loop is bounded by time and by a request budget, and every process
// it starts listens on 127.0.0.1 only and is stopped before it exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	if peer := os.Getenv(peerEnv); peer != "" {
		if err := servePeer(peer, os.Getenv(peerAddrEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "manifestload peer:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "manifestload:", err)
		}
		os.Exit(1)
	}
}

// config is what one run measures, and how long it may take.
type config struct {
	rounds       int
	duration     time.Duration // of each throughput run
	warmup       time.Duration // before each throughput run, not counted
	conns        int           // connections for the validate and autosave runs
	maxRequests  int64         // budget of each throughput run
	drafts       int           // in the one account of the list measures
	reviewDrafts int           // submitted, and as many approved
	listRequests int           // per list measure and round, on one connection
	deepPage     int
	walkFor      time.Duration // bound on following "next" links to the deep page
	editors      int
	secondTabs   int // of the editors, how many open another editor's draft
	editorsFor   time.Duration
	node         bool
	serverBin    string // a built manifestd; built from the module when empty
	postgres     string // "": SQLite only; else a PostgreSQL database's URL, or "throwaway"
	keep         bool
	only         map[string]bool // the measures to run; nil runs them all
}

// measureNames are the measures -only may name, in the order they run.
// Lists include the editor's first load; autosave includes its answer's size.
var measureNames = []string{"validate", "autosave", "lists", "editors"}

// runs reports whether the measure is to be run.
func (c config) runs(measure string) bool { return c.only == nil || c.only[measure] }

// seeds reports whether any measure to be run needs the seeded database and
// the signed-in people: every one but validate.
func (c config) seeds() bool { return c.runs("autosave") || c.runs("lists") || c.runs("editors") }

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("manifestload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	quick := fs.Bool("quick", false, "a short try: small seeds, one short round (flags given override it)")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds of each throughput measure; figures are the medians")
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "length of each throughput run")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "warm-up before each throughput run, not counted")
	fs.IntVar(&c.conns, "conns", 64, "connections of the validate and autosave runs")
	fs.Int64Var(&c.maxRequests, "max-requests", 2_000_000, "request budget of each throughput run")
	fs.IntVar(&c.drafts, "drafts", 100_000, "drafts in the account of the list measures")
	fs.IntVar(&c.reviewDrafts, "review-drafts", 10_000, "submitted drafts, and as many approved ones")
	fs.IntVar(&c.listRequests, "list-requests", 20, "requests per list measure and round")
	fs.IntVar(&c.deepPage, "deep-page", 2500, "the deep page of the drafts list")
	fs.DurationVar(&c.walkFor, "walk-for", 60*time.Second, "longest time to follow next links to the deep page, when pages have no numbers")
	fs.IntVar(&c.editors, "editors", 200, "concurrent editors of the long run")
	fs.IntVar(&c.secondTabs, "second-tabs", 10, "editors who open another editor's draft in a second tab (conflicts)")
	fs.DurationVar(&c.editorsFor, "editors-for", 60*time.Second, "length of the editors run")
	fs.BoolVar(&c.node, "node", true, "run the Node peer where node and npm are present")
	fs.StringVar(&c.postgres, "postgres", "", "also measure autosave and the lists on PostgreSQL, with one instance and with two: "+
		"the URL of an empty database, or \"throwaway\" for a cluster of the run's own (Debian's postgresql)")
	fs.StringVar(&c.serverBin, "server", "", "a built manifestd binary (default: build ./cmd/manifestd)")
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary folder (database, logs) and print where it is")
	fs.Func("only", "run only these measures, comma-separated: "+strings.Join(measureNames, ", "), func(v string) error {
		c.only = map[string]bool{}
		for name := range strings.SplitSeq(v, ",") {
			if !slices.Contains(measureNames, name) {
				return fmt.Errorf("no measure %q: use %s", name, strings.Join(measureNames, ", "))
			}
			c.only[name] = true
		}
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("no arguments expected, got %q", fs.Args())
	}
	if *quick {
		applyQuick(fs, &c)
	}
	if c.rounds < 1 || c.conns < 1 || c.editors < 1 || c.listRequests < 1 || c.drafts < c.editors || c.secondTabs >= c.editors {
		return c, errors.New("rounds, conns, editors and list-requests must be at least 1, drafts at least editors, second-tabs fewer than editors")
	}
	if c.postgres != "" && !(c.runs("autosave") && c.runs("lists")) {
		return c, errors.New("-postgres measures autosave and the lists beside SQLite's: -only must name both")
	}
	c.conns = min(c.conns, c.drafts)
	return c, nil
}

// applyQuick sets the quick values of every flag the command line left alone.
func applyQuick(fs *flag.FlagSet, c *config) {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	quick := map[string]func(){
		"rounds":        func() { c.rounds = 1 },
		"duration":      func() { c.duration = 2 * time.Second },
		"warmup":        func() { c.warmup = 300 * time.Millisecond },
		"drafts":        func() { c.drafts = 2000 },
		"review-drafts": func() { c.reviewDrafts = 200 },
		"list-requests": func() { c.listRequests = 5 },
		"deep-page":     func() { c.deepPage = 50 },
		"walk-for":      func() { c.walkFor = 10 * time.Second },
		"editors":       func() { c.editors = 50 },
		"second-tabs":   func() { c.secondTabs = 3 },
		"editors-for":   func() { c.editorsFor = 5 * time.Second },
	}
	for name, set := range quick {
		if !given[name] {
			set()
		}
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "manifestload-")
	if err != nil {
		return err
	}
	if cfg.keep {
		defer fmt.Fprintln(stderr, "kept", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	b := &bench{cfg: cfg, dir: dir, log: stderr}
	defer b.stop()
	figures, err := b.measure(ctx)
	if err != nil {
		return err
	}
	printFigures(stdout, cfg, figures)
	return nil
}
