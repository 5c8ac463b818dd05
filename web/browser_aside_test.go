//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/liveengage/manifestd/manifest"
)

func switchOf(ptr string) css { return css(`input[name="_on"][value="` + ptr + `"]`) }

func TestBrowserSwitchingOffAndOnKeepsWhatWasTyped(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	hook := manifest.Pointer("capabilities", "webhooks", contentEventName)
	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(css(".webhook")))
	page.clickAndSettle(t, switchOf(hook))
	page.typeInto(t, webhookField(contentEventName, "endpoint"), "https://hooks.example/content")
	page.typeInto(t, webhookField(contentEventName, "max_retries"), "5")
	page.clickAndSettle(t, css(`button[name="_action"][value="add-row `+hook+`/headers"]`))
	page.typeInto(t, headerField(contentEventName, 0, "header_name"), "X-Key")
	page.typeInto(t, headerField(contentEventName, 0, "header_value"), "s3cr3t")
	page.settle(t)

	kept := func(p *browserPage, when string) {
		t.Helper()
		for sel, want := range map[css]string{
			webhookField(contentEventName, "endpoint"):       "https://hooks.example/content",
			webhookField(contentEventName, "max_retries"):    "5",
			headerField(contentEventName, 0, "header_name"):  "X-Key",
			headerField(contentEventName, 0, "header_value"): "s3cr3t",
		} {
			if got := p.value(t, string(sel)); got != want {
				t.Errorf("%s: %s holds %q, want %q", when, sel, got, want)
			}
		}
	}
	greyed := func(p *browserPage, when string) {
		t.Helper()
		kept(p, when)
		if disabled := get(t, p, chromedp.Evaluate[bool](`document.querySelector("#`+string(webhookField(contentEventName, "endpoint"))[1:]+`").matches(":disabled")`)); !disabled {
			t.Errorf("%s: the endpoint of a webhook switched off can be edited", when)
		}
		if strings.Contains(p.text(t, "#preview-json"), "hooks.example") {
			t.Errorf("%s: a webhook switched off is in the manifest file", when)
		}
	}

	page.clickAndSettle(t, switchOf(hook))
	greyed(page, "switched off")
	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(css(".webhook")))
	greyed(page, "switched off, after a reload")
	page.screenshot(t, "editor-webhook-switched-off")

	// Another tab switches it on again; both find the values.
	other := newBrowser(t)
	signIn(t, srv, other, "alice@acme.example")
	other.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(css(".webhook")))
	other.clickAndSettle(t, switchOf(hook))
	kept(other, "switched on in another tab")
	if !strings.Contains(other.text(t, "#preview-json"), "hooks.example") {
		t.Error("the webhook switched on again is not in the manifest file")
	}
	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(webhookField(contentEventName, "endpoint")))
	kept(page, "switched on, after a reload")

	// The engagement block: every ticked value comes back.
	engagement := manifest.Pointer("capabilities", "engagement")
	page.follow(t, `.editor-nav a[href$="/edit/engagement"]`, switchOf(engagement))
	page.clickAndSettle(t, switchOf(engagement))
	page.run(t, chromedp.Click(css(`input[name="`+engagement+`/entry_point"][value="section"]`)))
	f, _ := manifest.FieldAt(engagement + "/target_audience")
	for _, o := range f.Options {
		page.run(t, chromedp.Click(css(`input[name="`+engagement+`/target_audience"][value="`+o.Value+`"]`)))
	}
	page.settle(t)
	ticked := `document.querySelectorAll('input[name^="` + engagement + `/"]:checked').length`
	before := get(t, page, chromedp.Evaluate[int](ticked))
	page.clickAndSettle(t, switchOf(engagement))
	page.run(t, chromedp.Navigate(editorURL+"/edit/engagement"), chromedp.WaitVisible(switchOf(engagement)))
	if n := get(t, page, chromedp.Evaluate[int](`document.querySelectorAll('.set-aside input:checked:disabled').length`)); n != before {
		t.Errorf("switched off, %d values shown greyed, want %d", n, before)
	}
	page.screenshot(t, "editor-engagement-switched-off")
	page.clickAndSettle(t, switchOf(engagement))
	if n := get(t, page, chromedp.Evaluate[int](ticked)); n != before || before < len(f.Options)+1 {
		t.Errorf("switched on again, %d values ticked, want %d", n, before)
	}
	page.assertClean(t)
	other.assertClean(t)
}

func TestBrowserRemoveAHeaderAndUndo(t *testing.T) {
	srv := startBrowserServer(t)
	page := newBrowser(t)
	editorURL := customerWithDraft(t, srv, page)
	hook := manifest.Pointer("capabilities", "webhooks", contentEventName)
	page.run(t, chromedp.Navigate(editorURL+"/edit/webhooks"), chromedp.WaitVisible(css(".webhook")))
	page.clickAndSettle(t, switchOf(hook))
	page.typeInto(t, webhookField(contentEventName, "endpoint"), "https://hooks.example/content")
	for row, name := range []string{"X-First", "X-Second"} {
		page.clickAndSettle(t, css(`button[name="_action"][value="add-row `+hook+`/headers"]`))
		page.typeInto(t, headerField(contentEventName, row, "header_name"), name)
		page.typeInto(t, headerField(contentEventName, row, "header_value"), "value of "+name)
	}
	page.settle(t)

	page.clickAndSettle(t, css(`button[name="_action"][value="remove-row `+hook+`/headers 0"]`))
	if got := page.value(t, string(headerField(contentEventName, 0, "header_name"))); got != "X-Second" {
		t.Fatalf("after removing the first header, the first row is %q", got)
	}
	if got := page.text(t, ".undo"); !strings.Contains(got, "removed") {
		t.Errorf("no word of the removal: %q", got)
	}
	page.screenshot(t, "editor-header-removed")
	page.clickAndSettle(t, css(`.undo button`))
	for row, name := range []string{"X-First", "X-Second"} {
		if got := page.value(t, string(headerField(contentEventName, row, "header_name"))); got != name {
			t.Errorf("after Undo, header %d is %q, want %q", row+1, got, name)
		}
	}
	if got := page.value(t, string(headerField(contentEventName, 0, "header_value"))); got != "value of X-First" {
		t.Errorf("after Undo, the first header's value is %q", got)
	}
	if got := get(t, page, chromedp.Evaluate[string](`document.activeElement.id`)); got != string(headerField(contentEventName, 0, "header_name"))[1:] {
		t.Errorf("after Undo, focus is on %q", got)
	}
	if n := get(t, page, chromedp.Evaluate[int](`document.querySelectorAll(".undo").length`)); n != 0 {
		t.Error("Undo is still offered after undoing")
	}
	page.assertClean(t)
}
