//go:build browser

package web_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
	"golang.org/x/crypto/bcrypt"
)

const customerPassword = "a long enough passphrase"

// customerWithDraft makes an account, a customer of it and a new draft, and
// signs the customer in; it answers the draft's editor URL.
func customerWithDraft(t *testing.T, srv *browserServer, page *browserPage) string {
	t.Helper()
	srv.addManager(t, "manager@example.com", customerPassword)
	customerSignedIn(t, srv, page)
	page.run(t,
		chromedp.Submit(css(`form[action="/accounts/12345678/drafts"][method="post"] button`)),
		chromedp.WaitVisible(css("#section-form")),
	)
	return get(t, page, chromedp.Location())
}

// customerSignedIn makes account 12345678 and its customer alice, signed in.
func customerSignedIn(t *testing.T, srv *browserServer, page *browserPage) {
	t.Helper()
	ctx := context.Background()
	if _, err := srv.Store.CreateAccount(ctx, "12345678", "Acme"); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte(customerPassword), bcrypt.MinCost)
	if _, err := srv.Store.CreateUser(ctx, store.User{Email: "alice@acme.example", Role: store.RoleCustomer, AccountID: "12345678", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	signIn(t, srv, page, "alice@acme.example")
}

func signIn(t *testing.T, srv *browserServer, page *browserPage, email string) {
	t.Helper()
	page.run(t,
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(css("#email"), email),
		chromedp.SendKeys(css("#password"), customerPassword),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css(".who")),
	)
}

// field selects the input that edits the manifest field at ptr.
func field(ptr string) css { return css("#" + views.FieldID(ptr)) }

func webhookField(event, key string) css {
	return field(manifest.Pointer("capabilities", "webhooks", event, key))
}

func headerField(event string, row int, key string) css {
	return field(manifest.Pointer("capabilities", "webhooks", event, "headers", string(rune('0'+row)), key))
}

// settle waits until autosave has had its pause and no request is under way.
func (p *browserPage) settle(t *testing.T) {
	t.Helper()
	p.run(t, chromedp.Sleep(450*time.Millisecond))
	get(t, p, chromedp.Poll[bool](`!document.querySelector(".htmx-request")`))
}

// typeInto replaces a field's text the way a person does: select all, type.
func (p *browserPage) typeInto(t *testing.T, sel css, text string) {
	t.Helper()
	p.run(t, chromedp.WaitVisible(sel))
	get(t, p, chromedp.Evaluate[bool](`(function () { document.querySelector(`+strconv.Quote(string(sel))+`).value = ""; return true })()`))
	p.run(t, chromedp.SendKeys(sel, text))
}

// follow opens a link's page and waits for an element of it. (A click and a
// wait can race: the wait may query the page being left.)
func (p *browserPage) follow(t *testing.T, link, waitFor css) {
	t.Helper()
	href := get(t, p, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(string(link))+`).href`))
	p.run(t, chromedp.Navigate(href), chromedp.WaitVisible(waitFor))
}

// submitAndLoad clicks a submit button and waits for the page that comes back,
// not an element the old page had too. It polls from Go: the page may have
// scripts turned off.
func (p *browserPage) submitAndLoad(t *testing.T, button css) {
	t.Helper()
	get(t, p, chromedp.Evaluate[bool](`document.documentElement.dataset.leaving = "yes"; true`))
	p.run(t, chromedp.Click(button))
	for range 100 {
		p.run(t, chromedp.Sleep(50*time.Millisecond))
		fresh, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && document.documentElement.dataset.leaving !== "yes"`))
		if err == nil && fresh {
			return
		}
	}
	t.Fatal("no new page after the submit")
}

func (p *browserPage) clickAndSettle(t *testing.T, sel css) {
	t.Helper()
	p.run(t, chromedp.WaitVisible(sel), chromedp.Click(sel))
	p.settle(t)
}

func TestBrowserEditorBuildsTheGuideExample(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	page.screenshot(t, "editor-general-new")

	// General.
	page.typeInto(t, field("/client_name"), "App name")
	page.typeInto(t, field("/description"), "App description")
	page.typeInto(t, field("/logo_uri"), "/src/modules/campaigns/assets/img/software/Mobile-App.png")
	page.settle(t)
	if got := page.text(t, "#draft-title"); got != "App name" {
		t.Errorf("title after typing the name = %q", got)
	}
	page.screenshot(t, "editor-general")

	// Webhooks.
	page.follow(t, `.editor-nav a[href$="/edit/webhooks"]`, ".webhook")
	guide := []struct {
		event   string
		retries string
		header  bool
	}{
		{"ms.MessagingEventNotification.ContentEvent", "3", true},
		{"ms.MessagingEventNotification.RichContentEvent", "5", true},
		{"ms.MessagingEventNotification.AcceptStatusEvent", "1", false},
		{"ms.MessagingEventNotification.ChatStateEvent", "", false},
		{"cqm.ExConversationChangeNotification", "", false},
	}
	for _, w := range guide {
		page.clickAndSettle(t, css(`input[name="_on"][value="/capabilities/webhooks/`+w.event+`"]`))
		page.typeInto(t, webhookField(w.event, "endpoint"), "https://your/webhooks/endpoint")
		if w.retries != "" {
			page.typeInto(t, webhookField(w.event, "max_retries"), w.retries)
		}
		page.settle(t)
		if w.header {
			page.clickAndSettle(t, css(`button[name="_action"][value="add-row /capabilities/webhooks/`+w.event+`/headers"]`))
			if got := get(t, page, chromedp.Evaluate[string](`document.activeElement.id`)); got != string(headerField(w.event, 0, "header_name"))[1:] {
				t.Errorf("after Add header, focus is on %q", got)
			}
			page.typeInto(t, headerField(w.event, 0, "header_name"), "NAME")
			page.typeInto(t, headerField(w.event, 0, "header_value"), "VALUE")
			page.settle(t)
		}
	}
	if preview := page.text(t, "#preview-json"); strings.Contains(preview, `"VALUE"`) {
		t.Error("header value shown in the preview without asking")
	}
	page.screenshot(t, "editor-webhooks")
	page.viewportShot(t, "editor-webhooks-viewport")

	// Engagement: everything the guide's example selects.
	page.follow(t, `.editor-nav a[href$="/edit/engagement"]`, `input[name="_on"][value="/capabilities/engagement"]`)
	page.clickAndSettle(t, css(`input[name="_on"][value="/capabilities/engagement"]`))
	page.clickAndSettle(t, css(`input[name="/capabilities/engagement/entry_point"][value="section"]`))
	for _, key := range []string{"visitor_behavior", "target_audience", "goal"} {
		f, _ := manifest.FieldAt("/capabilities/engagement/" + key)
		for _, o := range f.Options {
			page.run(t, chromedp.Click(css(`input[name="/capabilities/engagement/`+key+`"][value="`+o.Value+`"]`)))
		}
	}
	page.settle(t)
	page.screenshot(t, "editor-engagement")

	// The file is the guide's example, byte for byte, and downloads as such.
	want, err := os.ReadFile("../manifest/testdata/guide-example.canonical.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := page.value(t, "#export-json"); got != string(want) {
		t.Errorf("manifest differs from the guide's example:\n%s", got)
	}
	if got := page.text(t, "#problems"); strings.Contains(got, "error") || !strings.Contains(got, "7 warnings") {
		t.Errorf("problems: %s", got)
	}
	download := get(t, page, chromedp.Evaluate[string](`fetch(location.pathname.replace(/\/edit\/.*$/, "") + "/download").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if download != string(want) {
		t.Errorf("download differs from the guide's example:\n%s", download)
	}

	// Reload: everything kept.
	page.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(field("/client_name")))
	if got := page.value(t, string(field("/client_name"))); got != "App name" {
		t.Errorf("after reload client_name = %q", got)
	}
	page.run(t, chromedp.Navigate(strings.Replace(editorURL, "/drafts/", "/drafts/", 1)+"/edit/json"), chromedp.WaitVisible(css("#json-text")))
	if got := page.value(t, "#json-text"); got != string(want) {
		t.Errorf("JSON section after reload:\n%s", got)
	}
	page.screenshot(t, "editor-json")
	page.assertClean(t)
}

func TestBrowserEditorShowsErrorsAfterAPause(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)

	// A fresh page shows no field errors, though the summary counts them.
	if got := page.text(t, "#"+views.FieldID("/client_name")+"-problems"); got != "" {
		t.Errorf("fresh page shows a field error: %q", got)
	}
	if got := page.text(t, "#problems"); !strings.Contains(got, "client_name") {
		t.Errorf("summary lacks the missing name: %q", got)
	}

	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(css(".webhook")))
	event := "ms.MessagingEventNotification.ContentEvent"
	// From the keyboard: focus the switch, press space; the card grows and focus stays.
	page.run(t, chromedp.Focus(css(`input[name="_on"][value="/capabilities/webhooks/`+event+`"]`)), chromedp.KeyEvent(" "))
	page.settle(t)
	page.run(t, chromedp.WaitVisible(webhookField(event, "endpoint")))
	if got := get(t, page, chromedp.Evaluate[string](`document.activeElement.value || document.activeElement.tagName`)); got != "/capabilities/webhooks/"+event {
		t.Errorf("after switching a webhook on from the keyboard, focus is on %q", got)
	}
	endpoint := webhookField(event, "endpoint")
	problems := "#" + views.FieldID(manifest.Pointer("capabilities", "webhooks", event, "endpoint")) + "-problems"
	page.typeInto(t, endpoint, "http://example.com/hook")
	page.run(t, chromedp.WaitVisible(css(problems+" .field-error")))
	if got := page.text(t, problems); !strings.Contains(got, "https://") {
		t.Errorf("endpoint error = %q", got)
	}
	if got := get(t, page, chromedp.AttributeValue(endpoint, "aria-invalid")); got.Value != "true" {
		t.Errorf("aria-invalid = %q", got.Value)
	}
	page.screenshot(t, "editor-endpoint-error")
	page.typeInto(t, endpoint, "https://example.com/hook")
	page.run(t, chromedp.WaitNotPresent(css(problems+" .field-error")))
	if got := get(t, page, chromedp.AttributeValue(endpoint, "aria-invalid")); got.Value != "false" {
		t.Errorf("aria-invalid after the fix = %q", got.Value)
	}

	// Wrong values are kept as typed, told apart, and come back after a reload.
	retries := "#" + views.FieldID(manifest.Pointer("capabilities", "webhooks", event, "max_retries")) + "-problems"
	page.typeInto(t, webhookField(event, "max_retries"), "9")
	page.settle(t)
	if got := page.text(t, retries); !strings.Contains(got, "more than 5") {
		t.Errorf("max_retries 9: %q", got)
	}
	page.typeInto(t, webhookField(event, "max_retries"), "2.5")
	page.settle(t)
	if got := page.text(t, retries); !strings.Contains(got, "whole number") {
		t.Errorf("max_retries 2.5: %q", got)
	}
	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(webhookField(event, "max_retries")))
	if got := page.value(t, string(webhookField(event, "max_retries"))); got != "2.5" {
		t.Errorf("max_retries after reload = %q", got)
	}
	page.assertClean(t)
}

func TestBrowserEditorConflictBetweenTabs(t *testing.T) {
	srv := startBrowserServer(t)
	first := newBrowser(t)
	editorURL := customerWithDraft(t, srv, first)
	second := newBrowser(t)
	signIn(t, srv, second, "alice@acme.example")
	second.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(field("/client_name")))

	first.typeInto(t, field("/client_name"), "From the first tab")
	first.settle(t)
	second.typeInto(t, field("/description"), "From the second tab")
	second.run(t, chromedp.WaitVisible(css("#conflict .alert")))
	if got := second.text(t, "#conflict"); !strings.Contains(got, "not saved") {
		t.Errorf("conflict notice = %q", got)
	}
	second.screenshot(t, "editor-conflict")

	first.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(field("/client_name")))
	if got := first.value(t, string(field("/client_name"))); got != "From the first tab" {
		t.Errorf("first tab's change lost: %q", got)
	}
	if got := first.value(t, string(field("/description"))); got != "" {
		t.Errorf("second tab overwrote: description = %q", got)
	}
}

func TestBrowserEditorShowsScriptAsText(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	const script = `<script>alert(1)</script>`
	for _, ptr := range []string{"/client_name", "/description", "/scope", "/logo_uri"} {
		page.typeInto(t, field(ptr), script)
	}
	page.settle(t)
	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(css(".webhook")))
	event := "ms.MessagingEventNotification.ChatStateEvent"
	page.clickAndSettle(t, css(`input[name="_on"][value="/capabilities/webhooks/`+event+`"]`))
	page.typeInto(t, webhookField(event, "endpoint"), script)
	page.typeInto(t, webhookField(event, "max_retries"), script)
	page.clickAndSettle(t, css(`button[name="_action"][value="add-row /capabilities/webhooks/`+event+`/headers"]`))
	page.typeInto(t, headerField(event, 0, "header_name"), script)
	page.typeInto(t, headerField(event, 0, "header_value"), script)
	page.settle(t)
	page.run(t, chromedp.Navigate(editorURL), chromedp.WaitVisible(field("/client_name")))
	if got := page.text(t, "#draft-title"); got != script {
		t.Errorf("title = %q", got)
	}
	if n := get(t, page, chromedp.Evaluate[int](`document.querySelectorAll("main script").length`)); n != 0 {
		t.Errorf("%d script elements inside the page", n)
	}
	page.screenshot(t, "editor-script-as-text")
	page.assertClean(t)
}

func TestBrowserEditorProblemLinksFocusTheField(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	page.run(t, chromedp.Navigate(editorURL+"/edit/json"), chromedp.WaitVisible(css("#json-text")))
	// From another section, the summary's link opens General at the field, focused.
	page.follow(t, `#problems a[href*="/edit/general#"]`, field("/client_name"))
	page.run(t, chromedp.Sleep(100*time.Millisecond))
	if got := get(t, page, chromedp.Evaluate[string](`document.activeElement.id`)); got != views.FieldID("/client_name") {
		t.Errorf("focused element = %q", got)
	}
	// Keyboard: typing goes into the focused field and is saved.
	page.run(t, chromedp.KeyEvent("Keyboard name"))
	page.settle(t)
	if got := page.text(t, "#draft-title"); got != "Keyboard name" {
		t.Errorf("title after typing = %q", got)
	}
}

func TestBrowserEditorWorksWithoutJavaScript(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	page.run(t,
		disableJavaScript(),
		chromedp.Navigate(editorURL+"/edit/webhooks"),
		chromedp.WaitVisible(css(".webhook")),
		chromedp.Click(css(`input[name="_on"][value="/capabilities/webhooks/`+contentEventName+`"]`)),
		chromedp.Click(css(`.save-bar button`)),
		chromedp.WaitVisible(webhookField(contentEventName, "endpoint")),
		chromedp.SendKeys(webhookField(contentEventName, "endpoint"), "ftp://example.com"),
		chromedp.Click(css(`button[name="_action"][value="add-row /capabilities/webhooks/`+contentEventName+`/headers"]`)),
		chromedp.WaitVisible(headerField(contentEventName, 0, "header_name")),
	)
	// The header row came with a full page, and the endpoint typed before it was kept, with its error.
	if got := page.value(t, string(webhookField(contentEventName, "endpoint"))); got != "ftp://example.com" {
		t.Errorf("endpoint after adding a header = %q", got)
	}
	page.run(t,
		chromedp.SendKeys(headerField(contentEventName, 0, "header_name"), "X-Api-Key"),
		chromedp.SendKeys(headerField(contentEventName, 0, "header_value"), "s3cr3t"),
	)
	page.submitAndLoad(t, `.save-bar button`)
	page.run(t, chromedp.WaitVisible(css(".field-error")))
	problems := "#" + views.FieldID(manifest.Pointer("capabilities", "webhooks", contentEventName, "endpoint")) + "-problems"
	if got := page.text(t, problems); !strings.Contains(got, "https://") {
		t.Errorf("endpoint error after Save = %q", got)
	}
	page.screenshot(t, "editor-nojs")
	for _, sel := range []string{"[data-reveal-target]", "[data-copy-target]", "[data-js-only]"} {
		if visible := get(t, page, chromedp.Evaluate[bool](`!!document.querySelector(`+strconv.Quote(sel)+`).offsetParent`)); visible {
			t.Errorf("%s is shown without JavaScript, where it does nothing", sel)
		}
	}
	if got := page.text(t, "#preview-json"); strings.Contains(got, "s3cr3t") {
		t.Error("header value shown in the preview")
	}
}

const contentEventName = "ms.MessagingEventNotification.ContentEvent"
