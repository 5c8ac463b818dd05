//go:build browser

package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/static"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/store/storetest"
	"github.com/liveengage/manifestd/web"
	"golang.org/x/crypto/bcrypt"
)

// findChromium locates a Chromium build: $CHROME_PATH, then the usual names.
func findChromium() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserServer is the real handler on a real port with a temporary database.
type browserServer struct {
	URL    string
	Store  *store.Store
	DBPath string
}

func startBrowserServer(t *testing.T) *browserServer {
	t.Helper()
	return startBrowserServerWith(t, store.Options{})
}

// startBrowserServerWith is startBrowserServer over a database opened with opts.
func startBrowserServerWith(t *testing.T, opts store.Options) *browserServer {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "browser.db")
	db, err := store.OpenWith(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(ctx, web.Config{Store: db, Assets: assets, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &browserServer{URL: srv.URL, Store: db, DBPath: path}
}

// addManager makes the first account manager, so the site is past setup.
func (s *browserServer) addManager(t *testing.T, email, password string) {
	t.Helper()
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if _, err := s.Store.CreateFirstManager(context.Background(), email, hash); err != nil {
		t.Fatal(err)
	}
}

// browserPage is one browser tab and what it has complained about.
type browserPage struct {
	ctx    context.Context
	mu     sync.Mutex
	issues []string // console errors, CSP violations, uncaught exceptions
}

// css selects the first element matching a CSS selector.
type css = chromedp.CSS

// newBrowser starts headless Chromium with a fresh profile; each call is a
// fresh browser (no shared cookies).
func newBrowser(t *testing.T) *browserPage {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatal("REQUIRE_BROWSER=1 but no Chromium found (apt-get install chromium, or set CHROME_PATH)")
		}
		t.Skip("no Chromium found; set REQUIRE_BROWSER=1 to make this a failure")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	page := &browserPage{ctx: ctx}
	go page.collectConsole(chromedp.Console(ctx))
	return page
}

func (p *browserPage) collectConsole(messages func(func(chromedp.ConsoleMessage, error) bool)) {
	for m, err := range messages {
		if err != nil {
			return
		}
		// The browser logs every 4xx answer as a network error; forms answer
		// 422 on purpose, so only the page's own errors count.
		if (m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException) && m.Source != "network" {
			p.mu.Lock()
			p.issues = append(p.issues, string(m.Type)+": "+m.Text)
			p.mu.Unlock()
		}
	}
}

// assertClean fails when the page logged errors, such as a CSP violation.
func (p *browserPage) assertClean(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, issue := range p.issues {
		t.Errorf("browser reported %s", issue)
	}
}

func (p *browserPage) run(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// get runs one action that answers a value.
func get[T any](t *testing.T, p *browserPage, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, action)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// screenshotDir is where screenshots go: $SCREENSHOT_DIR, else a temporary
// folder made once per run and kept, so that they can be looked at after.
var screenshotDir = sync.OnceValues(func() (string, error) {
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		return dir, os.MkdirAll(dir, 0o755)
	}
	return os.MkdirTemp("", "manifestd-screenshots-")
})

// TestMain says where the screenshots of the run are, and stops the
// PostgreSQL of the tests that started one (see main_test.go).
func TestMain(m *testing.M) {
	code := storetest.Run(m)
	if shotsSaved.Load() {
		dir, _ := screenshotDir()
		fmt.Fprintln(os.Stderr, "screenshots in", dir)
	}
	os.Exit(code)
}

var shotsSaved atomic.Bool

// saveShot writes a PNG into the screenshot folder.
func saveShot(t *testing.T, name string, png []byte) {
	t.Helper()
	dir, err := screenshotDir()
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		shotsSaved.Store(true)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the whole page as a PNG.
func (p *browserPage) screenshot(t *testing.T, name string) {
	t.Helper()
	saveShot(t, name, get(t, p, chromedp.FullScreenshot(100))) // 100 means PNG
}

// viewportShot saves what a person sees without scrolling.
func (p *browserPage) viewportShot(t *testing.T, name string) {
	t.Helper()
	saveShot(t, name, get(t, p, chromedp.CaptureScreenshot()))
}

func (p *browserPage) text(t *testing.T, sel string) string {
	t.Helper()
	return get(t, p, chromedp.Text(css(sel)))
}

func (p *browserPage) value(t *testing.T, sel string) string {
	t.Helper()
	return get(t, p, chromedp.Value(css(sel)))
}

// disableJavaScript makes the tab behave as a browser with scripts turned off.
func disableJavaScript() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
}

const brokenManifest = `{
  "client_name": "",
  "grant_types": ["client_credentials"],
  "scope": "msg.consumer",
  "capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"endpoint": "http://example.com/hook", "max_retries": 9}}}
}`

func TestBrowserHomePageChecksAManifest(t *testing.T) {
	srv := startBrowserServer(t)
	srv.addManager(t, "manager@example.com", "a long enough passphrase")
	page := newBrowser(t)

	page.run(t, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(css("h1")))
	title := get(t, page, chromedp.Title())
	if !strings.Contains(title, "Manifest Studio") {
		t.Errorf("title = %q", title)
	}
	if h1 := page.text(t, "h1"); !strings.Contains(h1, "manifests") {
		t.Errorf("heading = %q", h1)
	}
	page.screenshot(t, "home")

	// With JavaScript: htmx swaps the result in place.
	page.run(t,
		chromedp.SetValue(css("#manifest-text"), brokenManifest),
		chromedp.Click(css("form button[type=submit]")),
		chromedp.WaitVisible(css("#check-result .alert.error")),
	)
	result := page.text(t, "#check-result")
	for _, want := range []string{"client_name", "endpoint", "max_retries"} {
		if !strings.Contains(result, want) {
			t.Errorf("result does not mention %s:\n%s", want, result)
		}
	}
	page.screenshot(t, "home-checked")
	page.assertClean(t)
}

func TestBrowserCheckWorksWithoutJavaScript(t *testing.T) {
	srv := startBrowserServer(t)
	srv.addManager(t, "manager@example.com", "a long enough passphrase")
	page := newBrowser(t)
	page.run(t,
		disableJavaScript(),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(css("#manifest-text")),
		chromedp.SetValue(css("#manifest-text"), `{"client_name": "<script>alert(1)</script>", "scope": "msg.consumer"}`),
		chromedp.Submit(css("#manifest-text")),
		chromedp.WaitVisible(css("#check-result .alert")),
	)
	typed := page.value(t, "#manifest-text")
	if !strings.Contains(typed, "<script>alert(1)</script>") {
		t.Errorf("the text was not kept as typed after a plain POST: %q", typed)
	}
	if got := page.text(t, "#check-result"); !strings.Contains(got, "valid") {
		t.Errorf("result after plain POST = %q", got)
	}
	page.screenshot(t, "home-nojs")
}

func TestBrowserPeopleAndDrafts(t *testing.T) {
	srv := startBrowserServer(t)
	mgr := newBrowser(t)
	const password = "a long enough passphrase"

	// Setup: the first visit leads to creating the first manager.
	mgr.run(t,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(css("#password2")),
	)
	url := get(t, mgr, chromedp.Location())
	if !strings.HasSuffix(url, "/setup") {
		t.Fatalf("first visit landed on %s", url)
	}
	mgr.screenshot(t, "setup")
	mgr.run(t,
		chromedp.SendKeys(css("#email"), "manager@example.com"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.SendKeys(css("#password2"), password),
		chromedp.Click(css("form button[type=submit]")),
		chromedp.WaitVisible(css("#account-id")),
	)

	// A bad account id is refused next to the field; a good one is created.
	mgr.run(t,
		chromedp.SendKeys(css("#account-id"), "12ab"),
		chromedp.SendKeys(css("#account-name"), "Acme"),
		chromedp.Click(css("#account-name")),
		chromedp.Submit(css("#account-name")),
		chromedp.WaitVisible(css("#account-id[aria-invalid=true]")),
	)
	if msg := mgr.text(t, "#account-id-error"); !strings.Contains(msg, "digits") {
		t.Errorf("account id error = %q", msg)
	}
	mgr.screenshot(t, "accounts-error")
	mgr.run(t,
		chromedp.SetValue(css("#account-id"), "12345678"),
		chromedp.Submit(css("#account-name")),
		chromedp.WaitVisible(css("#invite-email")),
		chromedp.SendKeys(css("#invite-email"), "alice@acme.example"),
		chromedp.Submit(css("#invite-email")),
		chromedp.WaitVisible(css("#invite-link")),
	)
	link := mgr.value(t, "#invite-link")
	mgr.screenshot(t, "account-invited")
	if !strings.Contains(link, "/invite/") {
		t.Fatalf("invite link = %q", link)
	}
	if people := mgr.text(t, "#account-people table"); !strings.Contains(people, "alice@acme.example") || !strings.Contains(people, "invited") {
		t.Errorf("after the invite, the people list is %q", people)
	}

	// The customer opens the link in a browser of their own.
	alice := newBrowser(t)
	alice.run(t,
		chromedp.Navigate(link),
		chromedp.WaitVisible(css("#password2")),
	)
	alice.screenshot(t, "invite")
	alice.run(t,
		chromedp.SendKeys(css("#password"), password),
		chromedp.SendKeys(css("#password2"), password),
		chromedp.Submit(css("#password2")),
		chromedp.WaitVisible(css("#draft-search")),
		chromedp.Submit(css(`form[action="/accounts/12345678/drafts"][method="post"] button`)),
		chromedp.WaitVisible(css("#section-form")),
	)
	if h1 := alice.text(t, "h1"); h1 != "Untitled" {
		t.Errorf("new draft title = %q", h1)
	}
	alice.screenshot(t, "draft")
	alice.submitAndLoad(t, `form[action$="/duplicate"] button`)
	alice.run(t,
		chromedp.WaitVisible(css("#section-form")),
		chromedp.Navigate(srv.URL+"/drafts"),
		chromedp.WaitVisible(css("#draft-list table")),
	)
	rows := get(t, alice, chromedp.Evaluate[int](`document.querySelectorAll("#draft-list tbody tr").length`))
	if rows != 2 {
		t.Errorf("drafts listed after duplicate: %d", rows)
	}
	alice.screenshot(t, "drafts")
	alice.run(t,
		chromedp.Click(css(`.who button`)),
		chromedp.WaitVisible(css("#password")),
	)
	alice.assertClean(t)
	mgr.assertClean(t)

	// A customer of another account sees none of it.
	ctx := context.Background()
	if _, err := srv.Store.CreateAccount(ctx, "999", "Globex"); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if _, err := srv.Store.CreateUser(ctx, store.User{Email: "bob@globex.example", Role: store.RoleCustomer, AccountID: "999", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	bob := newBrowser(t)
	bob.run(t,
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(css("#email"), "bob@globex.example"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css("#draft-list")),
	)
	if got := bob.text(t, "#draft-list"); !strings.Contains(got, "No drafts yet") {
		t.Errorf("other customer sees: %q", got)
	}
	bob.run(t, chromedp.Navigate(srv.URL+"/accounts/12345678/drafts"), chromedp.WaitVisible(css("h1")))
	if h1 := bob.text(t, "h1"); !strings.Contains(h1, "Not Found") {
		t.Errorf("other account's drafts page shows %q", h1)
	}
	bob.screenshot(t, "other-customer-404")
}
