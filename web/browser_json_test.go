//go:build browser

package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// leaveAndStay follows a link away from the page and answers whether the
// browser asked first; when it did, the person chooses to stay. (The link
// is followed from a timer: while the question is open, the browser
// answers no input, not even the click that asked it.)
func (p *browserPage) leaveAndStay(t *testing.T, link css) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.JavascriptDialogOpening,
		func(e page.EventJavascriptDialogOpening) bool { return e.Type == page.DialogTypeBeforeunload },
		chromedp.Evaluate[bool](`setTimeout(() => document.querySelector(`+strconv.Quote(string(link))+`).click()); true`)))
	if err != nil {
		return false
	}
	p.run(t, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		return err
	}))
	return true
}

func TestBrowserTheJSONSectionKeepsWhatIsTyped(t *testing.T) {
	srv := startBrowserServer(t)
	pg := newBrowser(t)
	editorURL := customerWithDraft(t, srv, pg)
	pg.run(t, chromedp.Navigate(editorURL+"/edit/json"), chromedp.WaitVisible(css("#json-text")))
	text := pg.value(t, "#json-text")
	broken := strings.Replace(text, `"scope": "msg.consumer"`, `"scope": msg.consumer`, 1)
	if broken == text {
		t.Fatalf("a new draft's JSON has no scope:\n%s", text)
	}
	if got, want := strings.Count(pg.text(t, ".line-numbers"), "\n"), strings.Count(text, "\n")+1; got != want {
		t.Errorf("%d line numbers beside %d lines", got, want)
	}

	// Typed, not applied: leaving asks first.
	pg.run(t, chromedp.Focus(css("#json-text")), chromedp.KeyEvent("\n"))
	if got, want := strings.Count(pg.text(t, ".line-numbers"), "\n"), strings.Count(text, "\n")+2; got != want {
		t.Errorf("after a new line, %d line numbers, want %d", got, want)
	}
	if !pg.leaveAndStay(t, `.editor-nav a[href$="/edit/general"]`) {
		t.Error("leaving with JSON not applied did not ask first")
	}

	pg.typeInto(t, "#json-text", broken)
	pg.run(t, chromedp.Click(css("#json-form .actions button")), chromedp.WaitVisible(css("#json-kept")))
	pg.run(t, chromedp.Navigate(editorURL+"/edit/json"), chromedp.WaitVisible(css("#json-kept")))
	if got := pg.value(t, "#json-text"); got != broken {
		t.Errorf("after a reload the JSON section holds:\n%s", got)
	}
	if got := pg.text(t, "#json-kept"); !strings.Contains(got, "This text does not parse yet; the forms show the last version that did.") {
		t.Errorf("banner: %q", got)
	}
	pg.fitsAPhone(t, "editor-json-kept")

	// The error's place puts the cursor there.
	pg.run(t, chromedp.Click(css("#json-text-problems a[data-line]")))
	if got := get(t, pg, chromedp.Evaluate[string](`document.activeElement.id`)); got != "json-text" {
		t.Errorf("after the error's link, focus is on %q", got)
	}
	at := get(t, pg, chromedp.Evaluate[int](`document.getElementById("json-text").selectionStart`))
	if want := strings.Index(broken, "msg.consumer"); at != want {
		t.Errorf("the cursor is at %d, want %d (where msg.consumer begins)", at, want)
	}
	line := get(t, pg, chromedp.Evaluate[string](`document.querySelector("#json-text-problems a").dataset.line`))
	if want := strconv.Itoa(strings.Count(broken[:strings.Index(broken, "msg.consumer")], "\n") + 1); line != want {
		t.Errorf("the error says line %s, want %s", line, want)
	}

	// The forms show the last version that parsed, and say so.
	pg.follow(t, `.editor-nav a[href$="/edit/general"]`, "#section-form")
	if got := pg.text(t, "main"); !strings.Contains(got, "holds text that does not parse yet") {
		t.Error("the forms do not say that the JSON section holds more")
	}
	pg.assertClean(t)
}
