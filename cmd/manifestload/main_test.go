package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/store/storetest"
)

// TestMain lets the test binary serve as the echo and bare peers, as the
// command does when it starts them, and stops the tests' PostgreSQL.
func TestMain(m *testing.M) {
	if peer := os.Getenv(peerEnv); peer != "" {
		if err := servePeer(peer, os.Getenv(peerAddrEnv)); err != nil {
			os.Exit(1)
		}
		return
	}
	storetest.Main(m)
}

// TestTinyRunReportsEveryMeasure runs the whole tool on tiny numbers, so
// that it keeps working as the server changes. It checks what the figures
// say of correctness, never how fast anything was.
func TestTinyRunReportsEveryMeasure(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	var out, log bytes.Buffer
	err := run(context.Background(), []string{"-quick", "-node=false", "-rounds", "1", "-duration", "1s", "-warmup", "100ms",
		"-drafts", "50", "-conns", "8", "-review-drafts", "10", "-list-requests", "2", "-deep-page", "3",
		"-editors", "4", "-second-tabs", "1", "-editors-for", "1s"}, &out, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	report := out.String()
	for _, measure := range []string{
		"validate API / JSON echo", "validate API p99 / bare handler p99", "content changing: saves/s", "content changing: p99",
		"server CPU per autosave", "4 editors for 1s", "server RSS under that load", "50 drafts: first page",
		"50 drafts: page 3", `50 drafts: search "bot 00002"`, "review queue, 10 rows", "approved list, 10 rows",
		"editor first load, all bytes", "autosave answer",
	} {
		if line := lineWith(report, measure); !strings.Contains(line, "PASS") && !strings.Contains(line, "MISS") {
			t.Errorf("no result for %q in:\n%s", measure, report)
		}
	}
	if line := lineWith(report, "the Node peer's"); !strings.Contains(line, "SKIP") {
		t.Errorf("the Node peer's row is not skipped: %q", line)
	}
	editors := lineWith(report, "4 editors for 1s")
	for _, want := range []string{"0 answers 5xx", "0 lost of 3 drafts checked", "conflicts reported, 0 not"} {
		if !strings.Contains(editors, want) {
			t.Errorf("editors: %q lacks %q", editors, want)
		}
	}
	for measure, rows := range map[string]string{"first page": "(20 rows", "page 3": "(10 rows", "search": "(10 rows",
		"review queue": "(10 rows", "approved list": "(10 rows"} {
		if line := lineWith(report, measure); !strings.Contains(line, rows) {
			t.Errorf("%s: %q, want %s", measure, line, rows)
		}
	}
	if !strings.Contains(report, "server errors in the server's log: none") {
		t.Errorf("the server logged errors:\n%s", report)
	}
}

// TestTinyRunOnPostgres: with -postgres, the autosave and list measures
// run again on PostgreSQL, through one instance and through two, beside
// SQLite's.
func TestTinyRunOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	var out, log bytes.Buffer
	err := run(context.Background(), []string{"-quick", "-node=false", "-rounds", "1", "-duration", "300ms", "-warmup", "100ms",
		"-drafts", "30", "-review-drafts", "5", "-list-requests", "1", "-deep-page", "2", "-conns", "4",
		"-editors", "2", "-second-tabs", "1", "-editors-for", "300ms", "-postgres", storetest.Postgres(t)}, &out, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	report := out.String()
	for _, label := range []string{"PostgreSQL: ", "PostgreSQL, 2 instances: "} {
		for _, measure := range []string{"autosave at 4 connections, content changing: saves/s", "autosave at 4 connections, content changing: p99", "30 drafts: first page", "review queue, 5 rows"} {
			if line := lineWith(report, label+measure); !strings.Contains(line, "PASS") && !strings.Contains(line, "MISS") {
				t.Errorf("no result for %q in:\n%s", label+measure, report)
			}
		}
		if line := lineWith(report, label+"autosave saves/s beside SQLite's"); line == "" {
			t.Errorf("no ratio to SQLite for %q in:\n%s", label, report)
		}
	}
	for _, instance := range []string{"manifestd-postgres-1: none", "manifestd-postgres-2: none"} {
		if !strings.Contains(report, "server errors in the log of "+instance) {
			t.Errorf("%s logged errors:\n%s", instance, report)
		}
	}
}

func TestOnlyPicksMeasures(t *testing.T) {
	cfg, err := parseFlags([]string{"-only", "validate,lists"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for measure, want := range map[string]bool{"validate": true, "lists": true, "autosave": false, "editors": false} {
		if cfg.runs(measure) != want {
			t.Errorf("-only validate,lists: runs(%q) = %v", measure, !want)
		}
	}
	if !cfg.seeds() {
		t.Error("the lists need the seeded database")
	}
	if cfg, _ := parseFlags([]string{"-only", "validate"}, io.Discard); cfg.seeds() {
		t.Error("validate alone seeds the database")
	}
	if _, err := parseFlags([]string{"-only", "validate,speed"}, io.Discard); err == nil {
		t.Error("-only accepted a measure that does not exist")
	}
	if cfg, _ := parseFlags(nil, io.Discard); !cfg.runs("editors") || !cfg.seeds() {
		t.Error("without -only, not every measure runs")
	}
	if _, err := parseFlags([]string{"-only", "validate,autosave", "-postgres", "throwaway"}, io.Discard); err == nil {
		t.Error("-postgres accepted without the lists, which it measures beside SQLite's")
	}
}

func lineWith(text, s string) string {
	for line := range strings.Lines(text) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
