//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/manifest"
)

// A customer builds a web app manifest from nothing through the forms:
// a new draft of that kind, its names, sign-in and quick launch, and
// downloads the file.
func TestBrowserEditorBuildsAWebApp(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	customerSignedIn(t, srv, page)
	page.run(t, chromedp.Navigate(srv.URL+"/accounts/12345678/drafts"), chromedp.WaitVisible(css("h1")))
	page.submitAndLoad(t, css(`button[name="kind"][value="webapp"]`))
	page.run(t, chromedp.WaitVisible(css("#section-form")))

	// The navigation offers what a web app uses, not a connector's sections.
	nav := page.text(t, ".editor-nav")
	if !strings.Contains(nav, "Sign-in and launch") || strings.Contains(nav, "Webhooks") || strings.Contains(nav, "Engagement") {
		t.Errorf("navigation of a new web app: %q", nav)
	}

	// General: the names.
	page.typeInto(t, field("/client_name"), "com.acme.agentapp")
	page.typeInto(t, field("/display_name"), "Acme Agent App")
	page.settle(t)
	page.clickAndSettle(t, css(`button[name="_action"][value="add-row /client_name#"]`))
	page.typeInto(t, css(`input[name="_tag/0"]`), "de")
	page.settle(t)
	page.typeInto(t, css(`input[name="_name/0"]`), "Acme Agenten-App")
	page.settle(t)
	page.screenshot(t, "webapp-general")

	// Sign-in and launch.
	page.follow(t, `.editor-nav a[href$="/edit/signin"]`, `button[name="_action"][value="add-row /redirect_uris"]`)
	if got := page.text(t, "#problems"); !strings.Contains(got, "redirect URI") {
		t.Errorf("a web app without a redirect URI is not told so: %s", got)
	}
	page.clickAndSettle(t, css(`button[name="_action"][value="add-row /redirect_uris"]`))
	page.typeInto(t, field("/redirect_uris/0"), "https://{YOUR_APPLICATION_DOMAIN}/callback")
	page.settle(t)
	if got := page.text(t, "#"+fieldProblemsID("/redirect_uris/0")); !strings.Contains(got, "placeholder {YOUR_APPLICATION_DOMAIN}") {
		t.Errorf("the guide's placeholder is not caught at the field: %q", got)
	}
	page.typeInto(t, field("/redirect_uris/0"), "https://app.acme.example/callback")
	page.clickAndSettle(t, css(`input[name="/quick_launch_enabled"]`))
	if got := page.text(t, "#problems"); !strings.Contains(got, "entry_uri is required") {
		t.Errorf("quick launch without an entry URI: %q", got)
	}
	page.typeInto(t, field("/entry_uri"), "https://app.acme.example/start")
	page.clickAndSettle(t, css(`input[name="/enabled"]`))
	page.clickAndSettle(t, css(`button[name="_action"][value="add-row /enabled_for_profiles"]`))
	page.typeInto(t, field("/enabled_for_profiles/0"), "7")
	page.settle(t)
	page.screenshot(t, "webapp-signin")

	if got := page.text(t, "#problems"); !strings.Contains(got, "no problems") {
		t.Errorf("problems after filling in the web app: %s", got)
	}
	want := manifest.Format(mustDecodeBrowser(t, `{
		"client_name": "com.acme.agentapp", "client_name#de": "Acme Agenten-App", "display_name": "Acme Agent App",
		"grant_types": ["authorization_code", "refresh_token"], "redirect_uris": ["https://app.acme.example/callback"],
		"response_types": ["code"], "scope": "msg.consumer", "quick_launch_enabled": true,
		"entry_uri": "https://app.acme.example/start", "enabled": true, "enabled_for_profiles": [7]}`))
	download := get(t, page, chromedp.Evaluate[string](`fetch(location.pathname.replace(/\/edit\/.*$/, "") + "/download").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if download != string(want) {
		t.Errorf("downloaded web app manifest:\n%s\nwant:\n%s", download, want)
	}
}

func fieldProblemsID(ptr string) string {
	return strings.TrimPrefix(string(field(ptr)), "#") + "-problems"
}

func mustDecodeBrowser(t *testing.T, text string) manifest.Document {
	t.Helper()
	doc, problems := manifest.Decode([]byte(text))
	if manifest.HasErrors(problems) {
		t.Fatalf("test document: %v", problems)
	}
	return doc
}
