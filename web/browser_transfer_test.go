//go:build browser

package web_test

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

const cqmEvent = "cqm.ExConversationChangeNotification"

// addCustomer makes an account with one customer who can sign in.
func (s *browserServer) addCustomer(t *testing.T, accountID, email, password string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Store.CreateAccount(ctx, accountID, "Acme"); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if _, err := s.Store.CreateUser(ctx, store.User{Email: email, Role: store.RoleCustomer, AccountID: accountID, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
}

func (p *browserPage) signIn(t *testing.T, baseURL, email, password string) {
	t.Helper()
	p.run(t,
		chromedp.Navigate(baseURL+"/login"),
		chromedp.SendKeys(css("#email"), email),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css("#draft-list")),
	)
}

// draftDocument is the stored JSON of the draft whose page is at pageURL.
func (s *browserServer) draftDocument(t *testing.T, accountID, pageURL string) string {
	t.Helper()
	id, err := strconv.ParseInt(path.Base(pageURL), 10, 64)
	if err != nil {
		t.Fatalf("not a draft's address: %s", pageURL)
	}
	d, err := s.Store.Draft(context.Background(), accountID, id)
	if err != nil {
		t.Fatal(err)
	}
	return string(d.Document)
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "manifest", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBrowserImportPastedAndUploaded(t *testing.T) {
	srv := startBrowserServer(t)
	srv.addManager(t, "manager@example.com", "a long enough passphrase")
	srv.addCustomer(t, "12345678", "alice@acme.example", "a long enough passphrase")
	page := newBrowser(t)
	page.signIn(t, srv.URL, "alice@acme.example", "a long enough passphrase")

	// From the drafts page to the import page.
	page.screenshot(t, "import-drafts-page")
	page.run(t,
		chromedp.Click(css(`a[href="/accounts/12345678/import"]`)),
		chromedp.WaitVisible(css("#import-text")),
	)
	page.screenshot(t, "import-form")

	// Broken JSON: told where, with the text kept as typed.
	broken := "{\n  \"client_name\": \"Acme bot\"\n  \"scope\": \"msg.consumer\"\n}"
	page.run(t,
		chromedp.SetValue(css("#import-text"), broken),
		chromedp.Click(css(`#import-form button[type=submit]`)),
		chromedp.WaitVisible(css("#import-text[aria-invalid=true]")),
	)
	if msg := page.text(t, "#import-text-error"); !strings.Contains(msg, "line 3, column 3") {
		t.Errorf("parse error at the field = %q", msg)
	}
	if kept := page.value(t, "#import-text"); kept != broken {
		t.Errorf("text not kept as typed: %q", kept)
	}
	page.screenshot(t, "import-error")

	// The guide's example with the table's spelling of the fifth event.
	guide := readTestdata(t, "guide-example.json")
	legacy := strings.Replace(guide, `"`+cqmEvent+`"`, `"`+manifest.LegacyExConversationEvent+`"`, 1)
	page.run(t,
		chromedp.SetValue(css("#import-text"), legacy),
		chromedp.Click(css(`#import-form button[type=submit]`)),
		chromedp.WaitVisible(css("#renamed")),
	)
	if renamed := page.text(t, "#renamed"); !strings.Contains(renamed, manifest.LegacyExConversationEvent) || !strings.Contains(renamed, cqmEvent) {
		t.Errorf("rename section = %q", renamed)
	}
	page.screenshot(t, "import-result")

	// The download gives the canonical guide example, byte for byte.
	name, downloaded := page.download(t, css("#download-manifest"))
	if name != "app-name.json" {
		t.Errorf("downloaded as %q, want app-name.json", name)
	}
	if want := readTestdata(t, "guide-example.canonical.json"); !bytes.Equal(downloaded, []byte(want)) {
		t.Errorf("downloaded manifest differs from the canonical guide example:\n%s", downloaded)
	}

	// Open the draft: the editor shows the imported, renamed manifest.
	page.run(t,
		chromedp.Click(css("#open-draft")),
		chromedp.WaitVisible(css("#problems")),
	)
	draftURL := get(t, page, chromedp.Location())
	if stored := srv.draftDocument(t, "12345678", draftURL); !strings.Contains(stored, cqmEvent) || strings.Contains(stored, manifest.LegacyExConversationEvent) {
		t.Errorf("stored draft keeps the legacy key:\n%s", stored)
	}
	if h1 := page.text(t, "h1"); !strings.Contains(h1, "App name") {
		t.Errorf("draft page heading = %q", h1)
	}
	page.screenshot(t, "import-draft")

	page.run(t, chromedp.Navigate(draftURL+"/manifest.json"), chromedp.WaitVisible(css("body")))
	if body := page.text(t, "body"); !strings.Contains(body, `"client_name": "App name"`) {
		t.Errorf("manifest.json shows %q", body)
	}
	page.screenshot(t, "exported")

	// A file with fields the guide does not know, and an error.
	file := filepath.Join(t.TempDir(), "later-app.json")
	later := `{"client_name": "Later app", "display_name": "Later", "grant_types": ["authorization_code"], "redirect_uris": ["https://later.example/cb"],
		"enabled": true, "nickname": "L", "capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"endpoint": "http://later.example/hook"}}}}`
	if err := os.WriteFile(file, []byte(later), 0o644); err != nil {
		t.Fatal(err)
	}
	page.run(t,
		chromedp.Navigate(srv.URL+"/accounts/12345678/import"),
		chromedp.WaitVisible(css("#import-file")),
		chromedp.SetUploadFiles(css("#import-file"), []string{file}),
		chromedp.Click(css(`#import-form button[type=submit]`)),
		chromedp.WaitVisible(css("#unknown-fields")),
	)
	if unknown := page.text(t, "#unknown-fields"); !strings.Contains(unknown, "/nickname") || strings.Contains(unknown, "/display_name") {
		t.Errorf("unknown fields section: %q", unknown)
	}
	if kind := page.text(t, "#app-kind"); !strings.Contains(kind, "web app") {
		t.Errorf("the import does not say it is a web app: %q", kind)
	}
	page.screenshot(t, "import-upload-result")

	// With an error, the download is refused with a way to the fix.
	page.run(t,
		chromedp.Navigate(strings.Replace(get(t, page, chromedp.Location()), "/imported", "/download", 1)),
		chromedp.WaitVisible(css(`a[href$="#problems"]`)),
	)
	if errs := page.text(t, ".problems"); !strings.Contains(errs, "/capabilities/webhooks") {
		t.Errorf("refused download lists %q", errs)
	}
	page.screenshot(t, "export-blocked")
	page.assertClean(t)
}

// download clicks a link that downloads a file and returns the name the
// browser offered for it and the file's bytes.
func (p *browserPage) download(t *testing.T, link css) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	begins := chromedp.Events(p.ctx, browser.DownloadWillBegin)
	progress := chromedp.Events(p.ctx, browser.DownloadProgress)
	p.run(t,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
				DownloadPath:  dir,
				EventsEnabled: new(true),
			})
			return err
		}),
		chromedp.Click(link),
	)
	var name string
	for ev, err := range begins {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		name = ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			t.Fatal("download canceled")
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			return name, data
		}
	}
	t.Fatal("download never completed")
	return "", nil
}
