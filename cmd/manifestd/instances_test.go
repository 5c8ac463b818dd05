package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

// instance is the real manifestd binary serving on a loopback port.
type instance struct {
	cmd *exec.Cmd
	url string
}

// startInstance runs bin serve on db and waits until it says where it
// serves.
func startInstance(t *testing.T, bin, db string) *instance {
	t.Helper()
	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "MANIFESTD_DB="+db, "MANIFESTD_LOG_LEVEL=info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	serving := regexp.MustCompile(`msg=serving url=(http://\S+)`)
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stderr)
		for lines.Scan() {
			if m := serving.FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case u := <-found:
		return &instance{cmd: cmd, url: u}
	case <-time.After(30 * time.Second):
		t.Fatal("manifestd did not start serving within 30 s")
		return nil
	}
}

// buildManifestd builds this command into a temporary folder.
func buildManifestd(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "manifestd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// editor autosaves one draft again and again, as the editor's page does,
// through instances in turn, and remembers every save the server
// acknowledged and the one it may not have seen through.
type editor struct {
	http    *http.Client
	draftID int64
	version int64
	// acked maps each acknowledged version to its document's description.
	acked map[int64]string
	// pending is the description of the save in flight when its instance
	// went away, and keptUnacked 1 when the database had it all the same.
	pending     string
	keptUnacked int64
}

var savedVersion = regexp.MustCompile(`id="draft-version" value="(\d+)"`)

func newEditor(t *testing.T, base, email, password string, draftID int64) *editor {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	e := &editor{draftID: draftID, version: 1, acked: map[int64]string{},
		http: &http.Client{Jar: jar, Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	resp, err := e.http.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, resp.StatusCode)
	}
	return e
}

// save sends one autosave to base. An error is a save not acknowledged.
func (e *editor) save(base, description string) error {
	form := url.Values{"_version": {strconv.FormatInt(e.version, 10)}, "_changed": {"/description"}, "/description": {description}}
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/drafts/%d/edit/general", base, e.draftID), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, err := e.http.Do(req)
	if err != nil {
		e.pending = description
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	m := savedVersion.FindSubmatch(body)
	if err != nil || resp.StatusCode != http.StatusOK || m == nil {
		return fmt.Errorf("save: %d %v", resp.StatusCode, err)
	}
	e.version, _ = strconv.ParseInt(string(m[1]), 10, 64)
	e.acked[e.version] = description
	return nil
}

// TestKillOneInstanceDuringAutosaves: two instances of the real binary on
// one PostgreSQL database, two people autosaving through both in turn; one
// instance is killed (SIGKILL) in the middle. Every save either instance
// acknowledged is in the database, and the people go on saving through the
// other.
func TestKillOneInstanceDuringAutosaves(t *testing.T) {
	source := storetest.Postgres(t)
	ctx := context.Background()
	db, err := store.Open(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const password = "a long enough passphrase"
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if _, err := db.CreateAccount(ctx, "42", "Acme"); err != nil {
		t.Fatal(err)
	}
	var drafts []store.Draft
	for _, email := range []string{"alice@acme.example", "carol@acme.example"} {
		u, err := db.CreateUser(ctx, store.User{Email: email, Role: store.RoleCustomer, AccountID: "42", PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.CreateDraft(ctx, "42", u.ID, store.DraftInput{Title: email, Document: []byte(`{"client_name": "Bot"}`)})
		if err != nil {
			t.Fatal(err)
		}
		drafts = append(drafts, d)
	}

	bin := buildManifestd(t)
	a, b := startInstance(t, bin, source), startInstance(t, bin, source)
	editors := []*editor{
		newEditor(t, a.url, "alice@acme.example", password, drafts[0].ID),
		newEditor(t, b.url, "carol@acme.example", password, drafts[1].ID),
	}
	// A is killed once both editors are this far, as they go on saving.
	const saves, killAt = 60, 20
	var reached, wg sync.WaitGroup
	reached.Add(len(editors))
	go func() { reached.Wait(); a.cmd.Process.Signal(syscall.SIGKILL) }()
	aDown := make([]bool, len(editors))
	for n, e := range editors {
		wg.Go(func() {
			arrive := sync.OnceFunc(reached.Done)
			defer arrive() // an editor that gives up early holds nobody up
			for i := range saves {
				if i == killAt {
					// Both editors go on from here together as A is killed.
					arrive()
					reached.Wait()
				}
				target := []*instance{a, b}[i%2]
				if aDown[n] {
					target = b
				}
				err := e.save(target.url, fmt.Sprintf("editor %d, save %d", n, i))
				var gone *url.Error
				if err != nil {
					if target == b || !errors.As(err, &gone) {
						t.Errorf("editor %d: save %d through %s: %v", n, i, target.url, err)
						return
					}
					// The load balancer would send the next save elsewhere;
					// the page learns its draft's version again there.
					aDown[n] = true
					if err := e.reload(b.url); err != nil {
						t.Errorf("editor %d: %v", n, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()

	for n, e := range editors {
		if !aDown[n] {
			t.Errorf("editor %d never met the killed instance", n)
		}
		if len(e.acked) < saves-2 {
			t.Errorf("editor %d: %d of %d saves acknowledged", n, len(e.acked), saves)
		}
		d, err := db.Draft(ctx, "42", e.draftID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Version != e.version || !strings.Contains(string(d.Document), e.acked[e.version]) {
			t.Errorf("editor %d: stored version %d %s; want the last acknowledged, %d %q", n, d.Version, d.Document, e.version, e.acked[e.version])
		}
		// Each save moves the version on by one: none acknowledged is
		// missing, and only one cut off by the kill may have been kept.
		if saved := int64(len(e.acked)) + e.keptUnacked; d.Version != 1+saved {
			t.Errorf("editor %d: version %d after %d acknowledged saves and %d kept unacknowledged", n, d.Version, len(e.acked), e.keptUnacked)
		}
	}
}

// reload reads the draft's version from the editor's page at base, as the
// page does after a conflict.
func (e *editor) reload(base string) error {
	resp, err := e.http.Get(fmt.Sprintf("%s/drafts/%d", base, e.draftID))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := savedVersion.FindSubmatch(body)
	if m == nil {
		return errors.New("the editor page has no version")
	}
	v, _ := strconv.ParseInt(string(m[1]), 10, 64)
	switch {
	case v == e.version+1 && strings.Contains(string(body), e.pending):
		e.keptUnacked++ // the killed instance saved it before it could answer
	case v != e.version:
		return fmt.Errorf("the draft is at version %d; the last acknowledged was %d", v, e.version)
	}
	e.version = v
	return nil
}
