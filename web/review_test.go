package web

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
	"golang.org/x/crypto/bcrypt"
)

// validDraft makes a draft of account 111 with a valid manifest.
func validDraft(t *testing.T, ts *testServer, w world, name string) store.Draft {
	t.Helper()
	text := []byte(`{"client_name": "` + name + `", "grant_types": ["client_credentials"], "scope": "msg.consumer",
		"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://old.example/hook",
		"headers": [{"header_name": "Authorization", "header_value": "Bearer s3cr3t"}]}}}}`)
	doc, _ := manifest.Decode(text)
	d, err := ts.store.CreateDraft(context.Background(), "111", w.alice.ID, draftInput(doc, text))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (ts *testServer) stateOf(t *testing.T, d store.Draft) store.State {
	t.Helper()
	got, err := ts.store.Draft(context.Background(), d.AccountID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.State
}

func TestReviewTransitionsByRole(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice, manager, bob := ts.client(t), ts.client(t), ts.client(t)
	alice.signIn("alice@acme.example")
	manager.signIn("manager@example.com")
	bob.signIn("bob@globex.example")
	d := validDraft(t, ts, w, "Review bot")
	base := "/drafts/" + itoa(d.ID)
	version := url.Values{"_version": {itoa(d.Version)}}
	revision := func(n string) url.Values { return url.Values{"revision": {n}} }

	steps := []struct {
		name   string
		client *browserlessClient
		path   string
		form   url.Values
		status int
		state  store.State
	}{
		{"a manager cannot submit", manager, "/submit", version, http.StatusForbidden, store.StateDraft},
		{"another account's customer cannot see it", bob, "/submit", version, http.StatusNotFound, store.StateDraft},
		{"another account's draft is a 404 before any role is checked", bob, "/approve", revision("1"), http.StatusNotFound, store.StateDraft},
		{"approve before submission is refused", manager, "/approve", revision("1"), http.StatusConflict, store.StateDraft},
		{"withdraw before submission is refused", alice, "/withdraw", nil, http.StatusConflict, store.StateDraft},
		{"a stale version cannot be submitted", alice, "/submit", url.Values{"_version": {"99"}}, http.StatusConflict, store.StateDraft},
		{"the customer submits", alice, "/submit", version, http.StatusSeeOther, store.StateSubmitted},
		{"submitting twice is refused", alice, "/submit", version, http.StatusConflict, store.StateSubmitted},
		{"a customer cannot approve", alice, "/approve", revision("1"), http.StatusForbidden, store.StateSubmitted},
		{"a customer cannot request changes", alice, "/request-changes", revision("1"), http.StatusForbidden, store.StateSubmitted},
		{"request changes needs a comment", manager, "/request-changes", revision("1"), http.StatusUnprocessableEntity, store.StateSubmitted},
		{"the customer withdraws", alice, "/withdraw", nil, http.StatusSeeOther, store.StateDraft},
		{"the customer submits again", alice, "/submit", version, http.StatusSeeOther, store.StateSubmitted},
		{"a manager cannot withdraw", manager, "/withdraw", nil, http.StatusForbidden, store.StateSubmitted},
		{"approving a revision not under review is refused", manager, "/approve", revision("1"), http.StatusConflict, store.StateSubmitted},
		{"the manager requests changes with a comment", manager, "/request-changes", url.Values{"revision": {"2"}, "comment": {"Use the production endpoint."}}, http.StatusSeeOther, store.StateChangesRequested},
		{"approve after changes were requested is refused", manager, "/approve", revision("2"), http.StatusConflict, store.StateChangesRequested},
		{"the customer submits the next revision", alice, "/submit", version, http.StatusSeeOther, store.StateSubmitted},
		{"the manager approves it", manager, "/approve", revision("3"), http.StatusSeeOther, store.StateApproved},
		{"approving twice is refused", manager, "/approve", revision("3"), http.StatusConflict, store.StateApproved},
		{"an approved draft is not submitted again unchanged", alice, "/submit", version, http.StatusConflict, store.StateApproved},
	}
	for _, st := range steps {
		a := st.client.send(http.MethodPost, base+st.path, st.form, nil)
		if a.status != st.status {
			t.Errorf("%s: status %d, want %d: %s", st.name, a.status, st.status, firstLine(a.body))
		}
		if got := ts.stateOf(t, d); got != st.state {
			t.Fatalf("%s: state %q, want %q", st.name, got, st.state)
		}
	}

	if a := alice.post(base+"/delete", nil); a.status != http.StatusConflict || !strings.Contains(a.body, "approved manifest is kept") {
		t.Errorf("deleting an approved draft: %d", a.status)
	}
	if list := alice.get("/accounts/111/drafts"); !strings.Contains(list.body, ">Approved</span>") {
		t.Error("the drafts list does not show the review state")
	}

	// The review page tells the story.
	page := alice.get(base + "/review")
	for _, want := range []string{"Approved", "Revision 3", "Use the production endpoint.", "Submitted for review", "Changes requested"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "Bearer s3cr3t") {
		t.Error("header value shown on the review page without asking")
	}
	if a := bob.get(base + "/review"); a.status != http.StatusNotFound {
		t.Errorf("another account's customer sees the review: %d", a.status)
	}
}

// firstLine shortens an answer for a test message.
func firstLine(s string) string {
	if i := strings.Index(s, `class="lead">`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

func TestApprovedManifestsAndHandoff(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice, manager, bob := ts.client(t), ts.client(t), ts.client(t)
	alice.signIn("alice@acme.example")
	manager.signIn("manager@example.com")
	bob.signIn("bob@globex.example")
	d := validDraft(t, ts, w, "Handoff Bot")
	base := "/drafts/" + itoa(d.ID)
	alice.post(base+"/submit", url.Values{"_version": {itoa(d.Version)}})
	if a := manager.post(base+"/approve", url.Values{"revision": {"1"}}); a.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", a.status)
	}

	file := alice.get(base + "/revisions/1/manifest.json")
	sum := sha256.Sum256([]byte(file.body))
	if file.status != http.StatusOK || file.header.Get("ETag") != `W/"`+hex.EncodeToString(sum[:])+`"` ||
		!strings.Contains(file.header.Get("Content-Disposition"), "handoff-bot.json") {
		t.Fatalf("download: %d %v", file.status, file.header)
	}
	doc, _ := manifest.Decode([]byte(file.body))
	if string(manifest.Format(doc)) != file.body {
		t.Error("the approved file is not in canonical form")
	}
	if again := manager.get(base + "/revisions/1/manifest.json"); again.body != file.body {
		t.Error("manager and customer download different bytes")
	}

	// Editing after approval starts a new working copy; the approved bytes stay.
	alice.autosave(base+"/edit/general", url.Values{"_version": {itoa(d.Version)}, "/client_name": {"Handoff Bot 2"}, "/scope": {"msg.consumer"}, "/grant_types": {"client_credentials"}})
	if got := ts.stateOf(t, d); got != store.StateDraft {
		t.Errorf("after editing an approved draft the state is %q", got)
	}
	if later := alice.get(base + "/revisions/1/manifest.json"); later.body != file.body {
		t.Error("the approved file changed after the draft was edited")
	}

	for _, c := range []*browserlessClient{alice, manager} {
		list := c.get("/accounts/111/finalized")
		if !strings.Contains(list.body, "Handoff Bot") || !strings.Contains(list.body, ">"+hex.EncodeToString(sum[:])+"</code>") {
			t.Errorf("finalized list lacks the manifest")
		}
	}
	if all := manager.get("/finalized"); !strings.Contains(all.body, "Handoff Bot") {
		t.Error("managers' list across accounts lacks the manifest")
	}
	if a := bob.get("/accounts/111/finalized"); a.status != http.StatusNotFound {
		t.Errorf("another customer lists the account's manifests: %d", a.status)
	}
	if a := bob.get(base + "/revisions/1/manifest.json"); a.status != http.StatusNotFound {
		t.Errorf("another customer downloads: %d", a.status)
	}
	if a := alice.get("/finalized"); a.status != http.StatusNotFound {
		t.Errorf("a customer lists every account's manifests: %d", a.status)
	}

	bundle := manager.get(base + "/revisions/1/handoff.zip")
	zr, err := zip.NewReader(bytes.NewReader([]byte(bundle.body)), int64(len(bundle.body)))
	if err != nil {
		t.Fatalf("handoff bundle is not a zip: %v", err)
	}
	approved, err := ts.store.Revision(context.Background(), "111", d.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		if !f.Modified.Equal(approved.DecidedAt.Truncate(time.Second)) {
			t.Errorf("%s is dated %v, not at the approval, %v", f.Name, f.Modified, *approved.DecidedAt)
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	if files["handoff-bot/handoff-bot.json"] != file.body {
		t.Error("the bundle's manifest differs from the approved file")
	}
	summary := files["handoff-bot/SUMMARY.txt"]
	for _, want := range []string{hex.EncodeToString(sum[:]), "Handoff Bot", "manager@example.com", "https://old.example/hook"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "s3cr3t") {
		t.Error("the summary prints a header value")
	}
}

// TestNameTakenAcrossDrafts: an approved client_name is refused to every
// other draft, of another account or the same one, at submit and approve;
// the draft that has it submits and is approved again.
func TestNameTakenAcrossDrafts(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice, manager, bob := ts.client(t), ts.client(t), ts.client(t)
	alice.signIn("alice@acme.example")
	manager.signIn("manager@example.com")
	bob.signIn("bob@globex.example")
	submit := func(c *browserlessClient, d store.Draft) answer {
		return c.post("/drafts/"+itoa(d.ID)+"/submit", url.Values{"_version": {itoa(ts.draftVersion(t, d))}})
	}
	approve := func(d store.Draft, revision string) answer {
		return manager.post("/drafts/"+itoa(d.ID)+"/approve", url.Values{"revision": {revision}})
	}
	named := func(account string, who store.User, name string) store.Draft {
		text := []byte(`{"client_name": "` + name + `", "grant_types": ["client_credentials"], "scope": "msg.consumer"}`)
		doc, _ := manifest.Decode(text)
		d, err := ts.store.CreateDraft(context.Background(), account, who.ID, draftInput(doc, text))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	first := named("111", w.alice, "Shared Name")
	sameAccountEarly := named("111", w.alice, "SHARED name")
	wantStatus(t, "submit the first", submit(alice, first), http.StatusSeeOther)
	wantStatus(t, "submit a second draft before any approval", submit(alice, sameAccountEarly), http.StatusSeeOther)
	wantStatus(t, "approve the first", approve(first, "1"), http.StatusSeeOther)

	refusals := []struct {
		name   string
		answer func() answer
		want   string
	}{
		{"another account submits the name", func() answer { return submit(bob, named("222", w.bob, "shared NAME")) }, "Choose another client_name"},
		{"the same account submits it in another draft", func() answer { return submit(alice, named("111", w.alice, "Shared Name")) }, "Choose another client_name"},
		{"the manager approves the same account's second draft", func() answer { return approve(sameAccountEarly, "1") }, "Request changes"},
	}
	for _, tt := range refusals {
		a := tt.answer()
		wantStatus(t, tt.name, a, http.StatusConflict)
		if !strings.Contains(a.body, "is named &#34;") || !strings.Contains(a.body, tt.want) {
			t.Errorf("%s: the answer does not say the name is taken and what to do: %s", tt.name, firstLine(a.body))
		}
	}
	if got := ts.stateOf(t, sameAccountEarly); got != store.StateSubmitted {
		t.Errorf("a refused approval left the draft %q", got)
	}

	// The draft that has the name keeps it through its next revision.
	alice.autosave("/drafts/"+itoa(first.ID)+"/edit/general", url.Values{"_version": {itoa(ts.draftVersion(t, first))},
		"/client_name": {"Shared Name"}, "/description": {"Now with a description"}, "/scope": {"msg.consumer"}, "/grant_types": {"client_credentials"}})
	wantStatus(t, "the first resubmits its own name", submit(alice, first), http.StatusSeeOther)
	wantStatus(t, "the manager approves it again", approve(first, "2"), http.StatusSeeOther)
}

func wantStatus(t *testing.T, what string, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Errorf("%s: status %d, want %d: %s", what, a.status, status, firstLine(a.body))
	}
}

func (ts *testServer) draftVersion(t *testing.T, d store.Draft) int64 {
	t.Helper()
	got, err := ts.store.Draft(context.Background(), d.AccountID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Version
}

func TestSubmittedDraftIsReadOnly(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	d := validDraft(t, ts, w, "Frozen")
	base := "/drafts/" + itoa(d.ID)
	alice.post(base+"/submit", url.Values{"_version": {itoa(d.Version)}})
	page := alice.get(base)
	if !strings.Contains(page.body, `<fieldset class="plain" disabled>`) || !strings.Contains(page.body, "cannot be edited while your account team reviews it") {
		t.Error("a submitted draft's editor is not read-only with its reason")
	}
	a := alice.autosave(base+"/edit/general", url.Values{"_version": {itoa(d.Version)}, "/client_name": {"Changed"}})
	if a.status != http.StatusConflict || !strings.Contains(a.body, "Withdraw the submission") {
		t.Errorf("edit while submitted: %d %s", a.status, a.body)
	}
	if a := alice.post(base+"/edit/json", url.Values{"_version": {itoa(d.Version)}, "json": {`{"client_name":"x"}`}}); a.status != http.StatusConflict {
		t.Errorf("JSON apply while submitted: %d", a.status)
	}
	if got, _ := ts.store.Draft(context.Background(), "111", d.ID); strings.Contains(string(got.Document), "Changed") || got.Title != "Frozen" {
		t.Error("a submitted draft changed")
	}
}

func TestFieldCommentsReachTheEditor(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice, manager := ts.client(t), ts.client(t)
	alice.signIn("alice@acme.example")
	manager.signIn("manager@example.com")
	d := validDraft(t, ts, w, "Commented")
	base := "/drafts/" + itoa(d.ID)
	alice.post(base+"/submit", url.Values{"_version": {itoa(d.Version)}})
	endpoint := "/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/endpoint"
	if a := manager.post(base+"/comments", url.Values{"revision": {"1"}, "pointer": {endpoint}, "body": {"Not the <b>staging</b> host, please."}}); a.status != http.StatusSeeOther {
		t.Fatalf("comment: %d %s", a.status, firstLine(a.body))
	}
	if a := manager.post(base+"/comments", url.Values{"revision": {"1"}, "pointer": {"/nonsense"}, "body": {"x"}}); a.status != http.StatusUnprocessableEntity {
		t.Errorf("comment on an unknown field: %d", a.status)
	}
	if a := manager.post(base+"/comments", url.Values{"revision": {"1"}, "body": {"   "}}); a.status != http.StatusUnprocessableEntity {
		t.Errorf("empty comment: %d", a.status)
	}
	manager.post(base+"/request-changes", url.Values{"revision": {"1"}})
	editor := alice.get(base + "/edit/webhooks")
	if !strings.Contains(editor.body, "Not the &lt;b&gt;staging&lt;/b&gt; host, please.") || !strings.Contains(editor.body, `class="field-comments"`) {
		t.Fatal("the field comment is not at its field in the editor")
	}
	if !strings.Contains(editor.body, "From your account team") {
		t.Error("the comment is not in the problem summary")
	}
	comments, _ := ts.store.Comments(context.Background(), "111", d.ID)
	if a := alice.post(base+"/comments/"+itoa(comments[0].ID)+"/resolve", nil); a.status != http.StatusSeeOther {
		t.Fatalf("resolve: %d", a.status)
	}
	if editor := alice.get(base + "/edit/webhooks"); strings.Contains(editor.body, `class="field-comments"`) {
		t.Error("a resolved comment still shows at the field")
	}
}

// TestTwoManagersAtOnce: one approves while another requests changes on the
// same revision; exactly one wins, and the draft ends in the winner's state.
func TestTwoManagersAtOnce(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if _, err := ts.store.CreateUser(context.Background(), store.User{Email: "second@example.com", Role: store.RoleManager, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	alice, first, second := ts.client(t), ts.client(t), ts.client(t)
	alice.signIn("alice@acme.example")
	first.signIn("manager@example.com")
	second.signIn("second@example.com")
	for round := range 10 {
		d := validDraft(t, ts, w, "Race "+itoa(int64(round)))
		base := "/drafts/" + itoa(d.ID)
		alice.post(base+"/submit", url.Values{"_version": {itoa(d.Version)}})
		statuses := make(chan int, 2)
		var start sync.WaitGroup
		start.Add(1)
		go func() {
			start.Wait()
			statuses <- first.post(base+"/approve", url.Values{"revision": {"1"}}).status
		}()
		go func() {
			start.Wait()
			statuses <- second.post(base+"/request-changes", url.Values{"revision": {"1"}, "comment": {"No."}}).status
		}()
		start.Done()
		a, b := <-statuses, <-statuses
		if !(a == http.StatusSeeOther && b == http.StatusConflict || a == http.StatusConflict && b == http.StatusSeeOther) {
			t.Fatalf("round %d: statuses %d and %d, want one 303 and one 409", round, a, b)
		}
		state := ts.stateOf(t, d)
		revisions, _ := ts.store.Revisions(context.Background(), "111", d.ID)
		transitions, _ := ts.store.Transitions(context.Background(), "111", d.ID)
		decided := revisions[0].Outcome
		if (state == store.StateApproved) != (decided == "approved") || (state == store.StateChangesRequested) != (decided == "changes_requested") || len(transitions) != 2 {
			t.Fatalf("round %d: state %q, outcome %q, %d transitions", round, state, decided, len(transitions))
		}
	}
}

// TestReviewReadsAtAGlance: the diff is a table of field, change, before and
// after, each changed field links to its place in the revision and back,
// header values stay masked until asked for, and Approve asks first.
func TestReviewReadsAtAGlance(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice, manager, bob := ts.client(t), ts.client(t), ts.client(t)
	alice.signIn("alice@acme.example")
	manager.signIn("manager@example.com")
	bob.signIn("bob@globex.example")
	d := validDraft(t, ts, w, "Glance bot")
	base := "/drafts/" + itoa(d.ID)
	wantStatus(t, "submit", alice.post(base+"/submit", url.Values{"_version": {itoa(d.Version)}}), http.StatusSeeOther)
	manager.post(base+"/comments", url.Values{"revision": {"1"}, "pointer": {"/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/endpoint"}, "body": {"Not the old host."}})
	manager.post(base+"/request-changes", url.Values{"revision": {"1"}})
	alice.post(base+"/edit/json", url.Values{"_version": {itoa(ts.draftVersion(t, d))}, "json": {`{"client_name": "Glance bot", "grant_types": ["client_credentials"], "scope": "msg.consumer",
		"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://new.example/hook",
		"headers": [{"header_name": "Authorization", "header_value": "Bearer n3w"}]}}}}`}})
	wantStatus(t, "submit again", alice.post(base+"/submit", url.Values{"_version": {itoa(ts.draftVersion(t, d))}}), http.StatusSeeOther)

	page := manager.get(base + "/review")
	text := visibleText(page.body)
	for _, want := range []string{
		"Field Change Before After",
		"Webhooks > ContentEvent > endpoint Changed https://old.example/hook https://new.example/hook",
		"Webhooks > ContentEvent > headers > 1 > header_value Changed •••••• ••••••",
		"ContentEvent endpoint Changed : see the change 1 comment https://new.example/hook",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the review page does not read %q:\n%s", want, text)
		}
	}
	endpointID := "rev-" + views.FieldID("/capabilities/webhooks/ms.MessagingEventNotification.ContentEvent/endpoint")
	comments, _ := ts.store.Comments(context.Background(), "111", d.ID)
	for _, link := range []string{
		`<a href="#` + endpointID + `">Webhooks &gt; ContentEvent &gt; endpoint</a>`, // diff row -> field
		`<dt id="` + endpointID + `">`,                           // the field
		`<tr id="change-1" class="change-changed">`,              // the diff row
		`href="#change-1">Changed`,                               // field -> diff row
		`href="#comment-` + itoa(comments[0].ID) + `">1 comment`, // field -> comment
		`<li id="comment-` + itoa(comments[0].ID) + `"`,          // the comment
	} {
		if !strings.Contains(page.body, link) {
			t.Errorf("the review page lacks %s", link)
		}
	}
	if strings.Contains(page.body, "Bearer") {
		t.Error("a header value shows in the diff without asking")
	}
	if revealed := manager.get(base + "/review?reveal=headers"); !strings.Contains(visibleText(revealed.body), "Changed Bearer s3cr3t Bearer n3w") {
		t.Error("Show header values does not show them in the diff")
	}
	if !strings.Contains(page.body, `<a href="/reviews" aria-current="page">Reviews</a>`) {
		t.Error("the menu does not mark Reviews on a review page")
	}

	// Approve is a link to a page that asks; only that page's form approves.
	if !strings.Contains(page.body, `href="`+base+`/approve?revision=2"`) {
		t.Fatal("the review page has no Approve link to the confirmation")
	}
	confirm := manager.get(base + "/approve?revision=2")
	if got := visibleText(confirm.body); confirm.status != http.StatusOK || !strings.Contains(got, "Approve revision 2? It becomes Acme’s approved manifest") || !strings.Contains(got, "Approve revision 2 Cancel") {
		t.Errorf("the confirmation: %d %s", confirm.status, got)
	}
	if ts.stateOf(t, d) != store.StateSubmitted {
		t.Error("asking to confirm approved the draft")
	}
	if stale := manager.get(base + "/approve?revision=1"); !strings.Contains(visibleText(stale.body), "Revision 1 is not waiting for approval") || strings.Contains(stale.body, "confirm-heading") {
		t.Error("a confirmation for an older revision is offered")
	}
	wantStatus(t, "a customer asks to approve", alice.get(base+"/approve?revision=2"), http.StatusForbidden)
	wantStatus(t, "another account's customer asks to approve", bob.get(base+"/approve?revision=2"), http.StatusNotFound)

	// After the decision the manager has nothing to do: no empty card.
	wantStatus(t, "approve", manager.post(base+"/approve", url.Values{"revision": {"2"}}), http.StatusSeeOther)
	if after := manager.get(base + "/review"); strings.Contains(after.body, "review-actions") {
		t.Error("an actions card is left on the approved draft's page")
	}
}
