package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/views"
)

func TestTheProblemSummaryGroupsBySection(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	ts.saveAs(t, w.aliceDraft, w.alice, `{"client_name":"","grant_types":["client_credentials"],"scope":"msg.consumer",`+
		`"capabilities":{"webhooks":{"`+contentEvent+`":{"endpoint":"http://example.com/hook"}},"engagement":{"goal":["nonsense"]}}}`)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	page := alice.get("/drafts/" + itoa(w.aliceDraft.ID))
	summary := page.body[strings.Index(page.body, `id="problems"`):strings.Index(page.body, `id="preview"`)]
	var headings []string
	for _, m := range regexp.MustCompile(`<h3>([^<]*)</h3>`).FindAllStringSubmatch(summary, -1) {
		headings = append(headings, m[1])
	}
	if got := strings.Join(headings, ", "); got != "General, Webhooks, Engagement" {
		t.Fatalf("summary headings: %s", got)
	}
	groups := strings.Split(summary, "<h3>")[1:]
	for i, want := range []string{"/edit/general#", "/edit/webhooks#", "/edit/engagement#"} {
		if links := strings.Count(groups[i], "<a href="); links == 0 || links != strings.Count(groups[i], want) {
			t.Errorf("the %s group links elsewhere than its section:\n%s", headings[i], groups[i])
		}
	}
	if text := visibleText(groups[1]); !strings.Contains(text, "ContentEvent") {
		t.Errorf("the webhook's problem does not name its webhook: %s", text)
	}
}

func TestTheLogoLoadsOnlyWhenAskedFor(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	ts.saveAs(t, w.aliceDraft, w.alice, `{"client_name":"Bot","logo_uri":"https://tracker.example/pixel.png"}`)
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	draft := "/drafts/" + itoa(w.aliceDraft.ID)
	page := manager.get(draft)
	if strings.Contains(page.body, `src="https://tracker.example`) {
		t.Error("the logo loads as the page opens")
	}
	link := `href="` + draft + `/edit/general?preview=logo#` + views.FieldID("/logo_uri") + `"`
	if !strings.Contains(page.body, link) || !strings.Contains(visibleText(page.body), "Show logo preview") {
		t.Fatalf("no way to ask for the logo:\n%s", visibleText(page.body))
	}
	if asked := manager.get(draft + "/edit/general?preview=logo"); !strings.Contains(asked.body, `<img src="https://tracker.example/pixel.png"`) {
		t.Error("the logo asked for is not shown")
	}
}
