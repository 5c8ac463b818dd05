package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// result is what one command run printed and how it exited.
type result struct {
	code           int
	stdout, stderr string
}

func runCommand(t *testing.T, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := environment{
		getenv: func(k string) string { return env[k] },
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
	}
	err := run(context.Background(), args, e)
	code := exitCode(err, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	return path
}

func readGuide(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../manifest/testdata/guide-example.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const invalidManifest = `{"client_name": "", "scope": "msg.consumer"}`

// latin1Manifest was saved as Latin-1: its é is the byte 0xE9, not UTF-8.
const latin1Manifest = "{\n  \"client_name\": \"Caf\xe9 app\",\n  \"scope\": \"msg.consumer\"\n}\n"

func TestValidateExitCodesAndText(t *testing.T) {
	good := writeFile(t, "good.json", readGuide(t))
	bad := writeFile(t, "bad.json", invalidManifest)
	latin1 := writeFile(t, "latin1.json", latin1Manifest)
	missing := filepath.Join(t.TempDir(), "missing.json")

	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
		wantOut  []string
	}{
		{"valid file", []string{"validate", good}, "", 0, []string{good + ": valid"}},
		{"invalid file", []string{"validate", bad}, "", 1, []string{bad + ": /client_name: error: "}},
		{"valid and invalid", []string{"validate", good, bad}, "", 1, []string{good + ": valid", bad + ": /client_name: error"}},
		{"stdin", []string{"validate", "-"}, invalidManifest, 1, []string{"-: /client_name: error"}},
		{"broken JSON from stdin", []string{"validate", "-"}, "{\n\"a\": 1,\n}", 1, []string{"-: (document): error: line 3"}},
		{"not UTF-8", []string{"validate", latin1}, "", 1, []string{latin1 + ": (document): error: line 2, column 22: this is not UTF-8 text (byte 0xE9)"}},
		{"unreadable file", []string{"validate", missing, bad}, "", 2, []string{bad + ": /client_name"}},
		{"no files", []string{"validate"}, "", 2, nil},
		{"bad format flag", []string{"validate", "--format", "xml", good}, "", 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCommand(t, tt.stdin, nil, tt.args...)
			if r.code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
				}
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	good := writeFile(t, "good.json", readGuide(t))
	bad := writeFile(t, "bad.json", invalidManifest)
	r := runCommand(t, "", nil, "validate", "--format", "json", good, bad)
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per file, got %q", r.stdout)
	}
	type report struct {
		File     string           `json:"file"`
		Valid    bool             `json:"valid"`
		Problems []map[string]any `json:"problems"`
	}
	var first, second report
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	// The guide's example is valid; its placeholders are warnings.
	if first.File != good || !first.Valid || len(first.Problems) != 7 || first.Problems[0]["severity"] != "warning" {
		t.Errorf("first report: %+v", first)
	}
	if second.File != bad || second.Valid || len(second.Problems) == 0 {
		t.Fatalf("second report: %+v", second)
	}
	for _, key := range []string{"path", "severity", "message"} {
		if _, ok := second.Problems[0][key]; !ok {
			t.Errorf("problem lacks %q: %v", key, second.Problems[0])
		}
	}
}

const legacyManifest = `{"scope":"msg.consumer","client_name":"Demo","capabilities":{"webhooks":{"ms.MessagingEventNotification.ExConversationChangeNotification":{"endpoint":"https://example.com/x"}}},"nickname":"kept"}`

func TestFmt(t *testing.T) {
	t.Run("prints canonical form and reports the rename", func(t *testing.T) {
		path := writeFile(t, "legacy.json", legacyManifest)
		r := runCommand(t, "", nil, "fmt", path)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, `"cqm.ExConversationChangeNotification"`) || strings.Contains(r.stdout, "ms.MessagingEventNotification.ExConversation") {
			t.Errorf("legacy key not renamed:\n%s", r.stdout)
		}
		if strings.Index(r.stdout, `"client_name"`) > strings.Index(r.stdout, `"scope"`) ||
			strings.Index(r.stdout, `"nickname"`) < strings.Index(r.stdout, `"capabilities"`) {
			t.Errorf("not in canonical order:\n%s", r.stdout)
		}
		if !strings.Contains(r.stderr, "renamed") {
			t.Errorf("rename not reported: %q", r.stderr)
		}
	})
	t.Run("-w rewrites in place, keeping the mode, and is idempotent", func(t *testing.T) {
		path := writeFile(t, "legacy.json", legacyManifest)
		if r := runCommand(t, "", nil, "fmt", "-w", path); r.code != 0 || r.stdout != "" {
			t.Fatalf("exit %d stdout %q stderr %s", r.code, r.stdout, r.stderr)
		}
		once, _ := os.ReadFile(path)
		runCommand(t, "", nil, "fmt", "-w", path)
		twice, _ := os.ReadFile(path)
		if !bytes.Equal(once, twice) || !strings.HasSuffix(string(once), "}\n") {
			t.Errorf("not idempotent:\n%s\n%s", once, twice)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
			t.Errorf("mode changed to %v", info.Mode().Perm())
		}
	})
	for _, tt := range []struct{ name, content, stderr string }{
		{"refuses to rewrite a file that does not parse", "{\"client_name\": \"x\",\n\"scope\": }", "line 2"},
		{"refuses text that is not UTF-8, which formatting would replace", latin1Manifest,
			"does not parse: line 2, column 22: this is not UTF-8 text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "broken.json", tt.content)
			r := runCommand(t, "", nil, "fmt", "-w", path)
			if r.code != 1 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d stderr %q", r.code, r.stderr)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.content {
				t.Error("broken file was rewritten")
			}
			if r := runCommand(t, tt.content, nil, "fmt", "-"); r.code != 1 || r.stdout != "" {
				t.Errorf("stdin: exit %d stdout %q", r.code, r.stdout)
			}
		})
	}
	t.Run("refuses duplicate keys, which formatting would drop", func(t *testing.T) {
		path := writeFile(t, "dup.json", `{"client_name":"a","client_name":"b"}`)
		if r := runCommand(t, "", nil, "fmt", "-w", path); r.code != 1 {
			t.Errorf("exit %d", r.code)
		}
	})
	t.Run("stdin cannot be rewritten", func(t *testing.T) {
		if r := runCommand(t, "{}", nil, "fmt", "-w", "-"); r.code != 2 {
			t.Errorf("exit %d", r.code)
		}
	})
}

func TestSchemaAndHelp(t *testing.T) {
	r := runCommand(t, "", nil, "schema")
	var schema map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &schema) != nil || schema["$schema"] == nil {
		t.Errorf("schema: exit %d, %.200s", r.code, r.stdout)
	}
	if r := runCommand(t, "", nil, "help"); r.code != 0 || !strings.Contains(r.stdout, "manifestd validate") {
		t.Errorf("help: %d %q", r.code, r.stdout)
	}
	if r := runCommand(t, "", nil, "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: %d %q", r.code, r.stderr)
	}
}

func TestServeFlagsFromEnvironment(t *testing.T) {
	env := environment{getenv: func(k string) string {
		return map[string]string{"MANIFESTD_ADDR": ":9999", "MANIFESTD_DB": "/tmp/x.db", "MANIFESTD_LOG_LEVEL": "debug"}[k]
	}, stderr: &bytes.Buffer{}}
	cfg, err := parseServeFlags(nil, env)
	if err != nil || cfg.addr != ":9999" || cfg.db != "/tmp/x.db" || cfg.logLevel.String() != "DEBUG" {
		t.Errorf("from environment: %+v %v", cfg, err)
	}
	cfg, err = parseServeFlags([]string{"-addr", "127.0.0.1:1", "-log-level", "warn"}, env)
	if err != nil || cfg.addr != "127.0.0.1:1" || cfg.logLevel.String() != "WARN" {
		t.Errorf("flags over environment: %+v %v", cfg, err)
	}
	if _, err := parseServeFlags([]string{"-log-level", "loud"}, env); err == nil {
		t.Error("bad log level accepted")
	}
}

func TestServeMemoryLimit(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		want   int64 // -1: a usage error
		wantGC int   // GOGC the server sets, 0 for none
	}{
		{name: "default", want: 40 << 20, wantGC: 200},
		{name: "GOGC set", env: map[string]string{"GOGC": "100"}, want: 40 << 20},
		{name: "the runtime's GOMEMLIMIT", env: map[string]string{"GOMEMLIMIT": "1GiB"}, want: 0},
		{name: "from the environment", env: map[string]string{"MANIFESTD_MEMORY_LIMIT": "1GiB", "GOMEMLIMIT": "2GiB"}, want: 1 << 30, wantGC: 200},
		{name: "flag over environment", env: map[string]string{"MANIFESTD_MEMORY_LIMIT": "1GiB"}, args: []string{"-memory-limit", "512KiB"}, want: 512 << 10, wantGC: 200},
		{name: "bytes", args: []string{"-memory-limit", "100000000"}, want: 100_000_000, wantGC: 200},
		{name: "bytes with B", args: []string{"-memory-limit", "64B"}, want: 64, wantGC: 200},
		{name: "off", args: []string{"-memory-limit", "off"}, want: math.MaxInt64},
		{name: "a unit it does not know", args: []string{"-memory-limit", "40MB"}, want: -1},
		{name: "zero", args: []string{"-memory-limit", "0MiB"}, want: -1},
		{name: "too large", args: []string{"-memory-limit", "9999999999999GiB"}, want: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := environment{getenv: func(k string) string { return tt.env[k] }, stderr: &bytes.Buffer{}}
			cfg, err := parseServeFlags(tt.args, env)
			switch {
			case tt.want == -1 && err == nil:
				t.Errorf("accepted, as %d bytes", cfg.memoryLimit)
			case tt.want != -1 && (err != nil || cfg.memoryLimit != tt.want):
				t.Errorf("memory limit %d, %v; want %d", cfg.memoryLimit, err, tt.want)
			case tt.want != -1 && cfg.gcPercent != tt.wantGC:
				t.Errorf("GOGC %d, want %d", cfg.gcPercent, tt.wantGC)
			}
		})
	}
}

// TestServeShutsDownGracefully serves a real request, then stops on cancel.
func TestServeShutsDownGracefully(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	dbPath := filepath.Join(t.TempDir(), "nested", "serve.db")
	var logs bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr, "-db", dbPath}, environment{getenv: func(string) string { return "" }, stdout: &bytes.Buffer{}, stderr: &logs})
	}()
	// Start-up (migrations, the session key) can take seconds on a busy
	// machine under the race detector: wait for it, or for serve to fail.
	var resp *http.Response
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		select {
		case failed := <-done:
			t.Fatalf("serve stopped before answering: %v\n%s", failed, logs.String())
		default:
		}
	}
	if err != nil {
		t.Fatalf("server never answered: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Errorf("database not created: %v", err)
	}
}

// The manifests from LivePerson's pages get RULES.md's verdicts from the
// CLI: exit 0 for the valid ones (warnings allowed), 1 for the others.
func TestValidateLivePersonExamples(t *testing.T) {
	files, err := filepath.Glob("../../manifest/testdata/corpus/*-liveperson-*.json")
	if err != nil || len(files) < 5 {
		t.Fatalf("LivePerson's examples: %v %v", files, err)
	}
	for _, file := range files {
		want := 1
		if strings.HasPrefix(filepath.Base(file), "valid-") {
			want = 0
		}
		if r := runCommand(t, "", nil, "validate", file); r.code != want {
			t.Errorf("%s: exit %d, want %d\n%s", filepath.Base(file), r.code, want, r.stdout)
		}
	}
}
