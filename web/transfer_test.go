package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
)

const cqmEvent = "cqm.ExConversationChangeNotification"

// legacyGuideExample is the guide's example with the fifth event spelled as
// the guide's table spells it.
func legacyGuideExample(t *testing.T) string {
	t.Helper()
	text := string(guideExample(t))
	if !strings.Contains(text, cqmEvent) {
		t.Fatal("guide example lacks the cqm event")
	}
	return strings.Replace(text, `"`+cqmEvent+`"`, `"`+manifest.LegacyExConversationEvent+`"`, 1)
}

// importForm builds the multipart body a browser sends from the import page.
func importForm(t *testing.T, text, fileName string, file []byte) (body *bytes.Buffer, contentType string) {
	t.Helper()
	body = &bytes.Buffer{}
	mw := multipart.NewWriter(body)
	// A browser sends the file part even when none was chosen, with no name.
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(file)
	mw.WriteField("manifest", text)
	mw.Close()
	return body, mw.FormDataContentType()
}

// importManifest posts the import form to account's import page.
func (c *browserlessClient) importManifest(account, text, fileName string, file []byte) answer {
	c.t.Helper()
	body, contentType := importForm(c.t, text, fileName, file)
	req, err := http.NewRequest(http.MethodPost, c.base+"/accounts/"+account+"/import", body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(b), header: resp.Header}
}

var importedPath = regexp.MustCompile(`^/drafts/(\d+)/imported(\?renamed=1)?$`)

// importedDraft follows a successful import to its report and its draft.
func (ts *testServer) importedDraft(t *testing.T, c *browserlessClient, account string, a answer) (report answer, d store.Draft) {
	t.Helper()
	m := importedPath.FindStringSubmatch(a.location)
	if a.status != http.StatusSeeOther || m == nil {
		t.Fatalf("import: status %d to %q: %s", a.status, a.location, a.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	d, err := ts.store.Draft(context.Background(), account, id)
	if err != nil {
		t.Fatal(err)
	}
	report = c.get(a.location)
	if report.status != http.StatusOK {
		t.Fatalf("report: status %d", report.status)
	}
	return report, d
}

func (ts *testServer) draftCount(t *testing.T, account string) int {
	t.Helper()
	page, err := ts.store.ListDrafts(context.Background(), account, store.DraftQuery{PageQuery: store.PageQuery{PerPage: 100}})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

func TestImportPage(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	if a := c.get("/accounts/111/drafts"); !strings.Contains(a.body, `href="/accounts/111/import"`) {
		t.Error("drafts page has no Import link")
	}
	a := c.get("/accounts/111/import")
	for _, want := range []string{
		`enctype="multipart/form-data"`, `<label for="import-file"`, `accept=".json,application/json"`,
		`<label for="import-text"`, `aria-describedby="import-text-help"`,
	} {
		if !strings.Contains(a.body, want) {
			t.Errorf("import page lacks %s", want)
		}
	}
}

func TestImportPastedLegacyManifest(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")

	a := c.importManifest("111", legacyGuideExample(t), "", nil)
	if !strings.HasSuffix(a.location, "?renamed=1") {
		t.Errorf("import redirects to %q, without the rename", a.location)
	}
	report, d := ts.importedDraft(t, c, "111", a)
	for _, want := range []string{"Renamed", manifest.LegacyExConversationEvent, cqmEvent, `href="/drafts/` + itoa(d.ID) + `"`, "Open the draft", "placeholder host"} {
		if !strings.Contains(report.body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(report.body, "Fields kept as they are") {
		t.Error("report lists unknown fields the guide example does not have")
	}
	canonical := manifest.Format(mustDecode(t, guideExample(t)))
	if !bytes.Equal(d.Document, canonical) {
		t.Errorf("stored document is not the canonical guide example:\n%s", d.Document)
	}
	// The guide's placeholders (host "your", the NAME: VALUE header) are warnings.
	if d.Title != "App name" || d.Errors != 0 || d.Warnings != 7 || d.Version != 1 {
		t.Errorf("draft %q: %d errors, %d warnings, version %d", d.Title, d.Errors, d.Warnings, d.Version)
	}
}

// With both spellings, renaming would lose a webhook: nothing is renamed,
// and the clash is an error to fix in the draft.
func TestImportWithBothSpellingsRenamesNothing(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	both := strings.Replace(string(guideExample(t)), `"`+cqmEvent+`": {`,
		`"`+manifest.LegacyExConversationEvent+`": {"endpoint": "https://old.example/hook"}, "`+cqmEvent+`": {`, 1)
	a := c.importManifest("111", both, "", nil)
	if strings.HasSuffix(a.location, "?renamed=1") {
		t.Errorf("import redirects to %q, claiming a rename", a.location)
	}
	report, d := ts.importedDraft(t, c, "111", a)
	if strings.Contains(report.body, "Renamed") || d.Errors == 0 {
		t.Errorf("report claims a rename, or the draft has no error (%d)", d.Errors)
	}
	if !strings.Contains(string(d.Document), "https://old.example/hook") {
		t.Error("the legacy webhook was lost")
	}
}

func TestImportKeepsUnknownFields(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	extra := `{"nickname": "Acme Bot <beta>", "callbacks": ["https://acme.example/cb", "https://acme.example/cb2"], "beta": true,`
	text := strings.Replace(string(guideExample(t)), "{", extra, 1)

	report, d := ts.importedDraft(t, c, "111", c.importManifest("111", text, "", nil))
	for _, want := range []string{"Fields kept as they are", "<code>/nickname</code>", "<code>/callbacks</code>", "<code>/beta</code>", "JSON section"} {
		if !strings.Contains(report.body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(report.body, "Renamed") {
		t.Error("report claims a rename that did not happen")
	}

	exported := c.get("/drafts/" + itoa(d.ID) + "/download")
	if exported.status != http.StatusOK {
		t.Fatalf("download: status %d: %s", exported.status, exported.body)
	}
	in, out := mustDecode(t, []byte(text)), mustDecode(t, []byte(exported.body))
	for _, ptr := range []string{"/nickname", "/callbacks", "/beta"} {
		want, _ := in.Get(ptr)
		got, ok := out.Get(ptr)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s exported as %v, want %v", ptr, got, want)
		}
	}
}

func TestImportUpload(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	// The file wins over pasted text, which is ignored.
	a := c.importManifest("111", "this is not used", "guide-example.json", guideExample(t))
	if strings.HasSuffix(a.location, "?renamed=1") {
		t.Errorf("rename reported for a file without the legacy key")
	}
	_, d := ts.importedDraft(t, c, "111", a)
	if want := manifest.Format(mustDecode(t, guideExample(t))); !bytes.Equal(d.Document, want) {
		t.Errorf("stored document:\n%s", d.Document)
	}
}

func TestImportAsScriptWithURLEncodedForm(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	a := c.post("/accounts/111/import", url.Values{"manifest": {legacyGuideExample(t)}})
	if _, d := ts.importedDraft(t, c, "111", a); !strings.Contains(string(d.Document), cqmEvent) {
		t.Errorf("stored document:\n%s", d.Document)
	}
}

func TestImportRefusals(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	broken := "{\n  \"client_name\": \"<b>x</b>\"\n  \"scope\": \"msg.consumer\"\n}"
	tests := []struct {
		name, text, fileName string
		file                 []byte
		wantStatus           int
		wantField            string   // the control marked invalid
		want                 []string // in the page
	}{
		{name: "nothing", wantStatus: 422, wantField: "import-file", want: []string{"Choose a file or paste the manifest."}},
		{name: "only blanks", text: " \n\t", wantStatus: 422, wantField: "import-file", want: []string{"Choose a file or paste the manifest."}},
		{name: "broken JSON pasted", text: broken, wantStatus: 422, wantField: "import-text",
			want: []string{"line 3, column 3", "is a comma missing", ">" + html.EscapeString(broken) + "</textarea>"}},
		{name: "broken JSON uploaded", fileName: "app.json", file: []byte(broken), wantStatus: 422, wantField: "import-file",
			want: []string{"“app.json” is not a manifest", "line 3, column 3"}},
		{name: "not an object", text: `["client_name"]`, wantStatus: 422, wantField: "import-text", want: []string{"must be a JSON object"}},
		{name: "duplicate key", text: `{"client_name": "a", "client_name": "b"}`, wantStatus: 422, wantField: "import-text",
			want: []string{"appears twice", "<code>/client_name</code>"}},
		{name: "empty file", fileName: "empty.json", wantStatus: 422, wantField: "import-file", want: []string{"The file is empty"}},
		{name: "file just over 1 MiB", fileName: "big.json", file: bigManifest(maxManifestBytes + 1), wantStatus: 413, wantField: "import-file",
			want: []string{"The file is larger than 1 MiB; a manifest is a few kilobytes."}},
		{name: "pasted text over 1 MiB", text: string(bigManifest(maxManifestBytes + 1)), wantStatus: 413, wantField: "import-text",
			want: []string{"The file is larger than 1 MiB"}},
	}
	before := ts.draftCount(t, "111")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := c.importManifest("111", tt.text, tt.fileName, tt.file)
			if a.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", a.status, tt.wantStatus, a.body)
			}
			for _, want := range append(tt.want, "Nothing was imported") {
				if !strings.Contains(a.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			assertInvalidField(t, a.body, tt.wantField)
		})
	}
	if after := ts.draftCount(t, "111"); after != before {
		t.Errorf("refused imports created %d drafts", after-before)
	}
}

// TestImportOverTheBodyLimit sends a file the middleware cuts short. It goes
// through the recorder: a real client may see the connection close before
// it has sent the whole body.
func TestImportOverTheBodyLimit(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	body, contentType := importForm(t, "", "huge.json", bigManifest(2<<20))
	r := httptest.NewRequest(http.MethodPost, "/accounts/111/import", body)
	r.Header.Set("Content-Type", contentType)
	r.AddCookie(&http.Cookie{Name: sessionName, Value: c.sessionCookie()})
	rec := ts.do(t, r)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), importTooLarge) {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	assertInvalidField(t, rec.Body.String(), "import-file")
}

func TestImportAuthorization(t *testing.T) {
	ts := newTestServer(t)
	ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	if a := alice.get("/accounts/222/import"); a.status != http.StatusNotFound {
		t.Errorf("customer opens another account's import: %d", a.status)
	}
	before := ts.draftCount(t, "222")
	if a := alice.importManifest("222", string(guideExample(t)), "", nil); a.status != http.StatusNotFound {
		t.Errorf("customer imports into another account: %d", a.status)
	}
	if ts.draftCount(t, "222") != before {
		t.Error("a draft was created in another account")
	}
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	ts.importedDraft(t, manager, "222", manager.importManifest("222", string(guideExample(t)), "", nil))

	anonymous := ts.client(t)
	if a := anonymous.get("/accounts/111/import"); a.status != http.StatusSeeOther || a.location != "/login" {
		t.Errorf("anonymous import page: %d to %q", a.status, a.location)
	}
	if a := anonymous.importManifest("111", string(guideExample(t)), "", nil); a.status != http.StatusUnauthorized {
		t.Errorf("anonymous import: %d", a.status)
	}
}

func TestExportValidDraft(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	text := strings.Replace(string(guideExample(t)), `"App name"`, `"Café Bot: <Support>"`, 1)
	d := ts.storeDraft(t, w.alice, text)
	want := manifest.Format(mustDecode(t, []byte(text)))
	sum := sha256.Sum256(want)
	tag := hex.EncodeToString(sum[:])
	etag := `W/"` + tag + `"`

	download := c.get("/drafts/" + itoa(d.ID) + "/download")
	if download.status != http.StatusOK || download.body != string(want) {
		t.Fatalf("download: status %d:\n%s", download.status, download.body)
	}
	disposition, params, err := mime.ParseMediaType(download.header.Get("Content-Disposition"))
	if err != nil || disposition != "attachment" || params["filename"] != "cafe-bot-support.json" {
		t.Errorf("Content-Disposition %q", download.header.Get("Content-Disposition"))
	}
	script := c.get("/drafts/" + itoa(d.ID) + "/manifest.json")
	if script.status != http.StatusOK || script.body != string(want) || script.header.Get("Content-Disposition") != "" {
		t.Errorf("manifest.json: status %d, disposition %q", script.status, script.header.Get("Content-Disposition"))
	}
	for _, a := range []answer{download, script} {
		h := a.header
		if h.Get("Content-Type") != "application/json; charset=utf-8" || h.Get("ETag") != etag || h.Get("Cache-Control") != "no-store" {
			t.Errorf("headers %v", h)
		}
	}
	for _, path := range []string{"/download", "/manifest.json"} {
		for _, ifNoneMatch := range []string{etag, `"` + tag + `"`, `"other", ` + etag, "*"} {
			a := c.send(http.MethodGet, "/drafts/"+itoa(d.ID)+path, nil, map[string]string{"If-None-Match": ifNoneMatch})
			if a.status != http.StatusNotModified || a.body != "" || a.header.Get("ETag") != etag {
				t.Errorf("%s with If-None-Match %s: status %d", path, ifNoneMatch, a.status)
			}
		}
		if a := c.send(http.MethodGet, "/drafts/"+itoa(d.ID)+path, nil, map[string]string{"If-None-Match": `"stale"`}); a.status != http.StatusOK {
			t.Errorf("%s with a stale ETag: status %d", path, a.status)
		}
	}
}

func TestExportDraftWithErrors(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	c := ts.client(t)
	c.signIn("alice@acme.example")
	d := ts.storeDraft(t, w.alice, `{"client_name": "", "logo_uri": "javascript:alert(1)", "colour": "blue"}`)

	a := c.get("/drafts/" + itoa(d.ID) + "/download")
	if a.status != http.StatusConflict || a.header.Get("Content-Disposition") != "" {
		t.Fatalf("download: status %d, disposition %q", a.status, a.header.Get("Content-Disposition"))
	}
	for _, want := range []string{"cannot be downloaded", "2 errors", "/client_name", "/logo_uri", `href="/drafts/` + itoa(d.ID) + `#problems"`} {
		if !strings.Contains(a.body, want) {
			t.Errorf("409 page lacks %q", want)
		}
	}
	if strings.Contains(a.body, "/colour") {
		t.Error("409 page lists a warning among the errors to fix")
	}

	a = c.get("/drafts/" + itoa(d.ID) + "/manifest.json")
	var refusal struct {
		Error    string             `json:"error"`
		Problems []manifest.Problem `json:"problems"`
	}
	if err := json.Unmarshal([]byte(a.body), &refusal); err != nil || a.status != http.StatusConflict {
		t.Fatalf("manifest.json: status %d, %v: %s", a.status, err, a.body)
	}
	if refusal.Error == "" || !hasPath(refusal.Problems, "/client_name") || !hasPath(refusal.Problems, "/logo_uri") {
		t.Errorf("manifest.json refusal: %+v", refusal)
	}
}

func TestExportAuthorization(t *testing.T) {
	ts := newTestServer(t)
	w := ts.seed(t)
	alice := ts.client(t)
	alice.signIn("alice@acme.example")
	bobs := ts.storeDraft(t, w.bob, string(guideExample(t)))
	for _, path := range []string{"/download", "/manifest.json"} {
		if a := alice.get("/drafts/" + itoa(bobs.ID) + path); a.status != http.StatusNotFound {
			t.Errorf("customer gets another account's %s: %d", path, a.status)
		}
		if a := ts.client(t).get("/drafts/" + itoa(bobs.ID) + path); a.status != http.StatusSeeOther || a.location != "/login" {
			t.Errorf("anonymous %s: %d to %q", path, a.status, a.location)
		}
	}
	manager := ts.client(t)
	manager.signIn("manager@example.com")
	if a := manager.get("/drafts/" + itoa(bobs.ID) + "/download"); a.status != http.StatusOK {
		t.Errorf("manager download: %d", a.status)
	}
}

func TestEtagMatches(t *testing.T) {
	const tag = "abc"
	for header, want := range map[string]bool{
		"": false, `"abc"`: true, `W/"abc"`: true, `"x", "abc"`: true, `"x","y"`: false, "*": true, `"ab"`: false,
	} {
		if got := etagMatches(header, tag); got != want {
			t.Errorf("If-None-Match %q: %v, want %v", header, got, want)
		}
	}
}

// storeDraft saves text as a draft of by's account, as the editor would.
func (ts *testServer) storeDraft(t *testing.T, by store.User, text string) store.Draft {
	t.Helper()
	doc, _ := manifest.Decode([]byte(text))
	d, err := ts.store.CreateDraft(context.Background(), by.AccountID, by.ID, draftInput(doc, []byte(text)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustDecode(t *testing.T, data []byte) manifest.Document {
	t.Helper()
	doc, problems := manifest.Decode(data)
	if manifest.HasErrors(problems) {
		t.Fatalf("does not decode: %v", problems)
	}
	return doc
}

// bigManifest is a syntactically fine manifest of n bytes.
func bigManifest(n int) []byte {
	head, tail := `{"client_name": "Big", "description": "`, `"}`
	return []byte(head + strings.Repeat("a", n-len(head)-len(tail)) + tail)
}

// assertInvalidField checks that the control with id is marked invalid and
// tied to its error, and that no other control is.
func assertInvalidField(t *testing.T, body, id string) {
	t.Helper()
	control := regexp.MustCompile(`<(?:input|textarea)[^>]*id="` + id + `"[^>]*>`).FindString(body)
	if !strings.Contains(control, `aria-invalid="true"`) || !strings.Contains(control, id+"-error") {
		t.Errorf("control %s not marked invalid: %s", id, control)
	}
	if n := strings.Count(body, `aria-invalid="true"`); n != 1 {
		t.Errorf("%d controls marked invalid, want 1", n)
	}
}
