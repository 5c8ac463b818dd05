package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	xhtml "golang.org/x/net/html"
)

// The editor's page, as htmx and app.js use it.
const (
	sectionFormID  = "section-form"
	versionInputID = "draft-version"  // htmx swaps it in after every save
	touchedInputID = "touched-fields" // likewise
	editedField    = "/description"
	conflictNotice = "Your last change was not saved"
)

// tab is one editor tab: a draft's General section as the page holds it.
type tab struct {
	draftID int64
	path    string     // /drafts/{id}
	form    url.Values // the section form's fields, named by JSON Pointer
}

// saved is the answer to one autosave.
type saved struct {
	draftID  int64
	status   int
	version  int64 // the version the answer says the draft is at now
	base     int64 // the version the save was based on
	text     string
	wire     int  // body bytes as they came, gzipped
	plain    int  // body bytes gunzipped
	reported bool // a 409 that shows the conflict notice
	// retryAfter is set after a 503: how long to wait before trying again.
	retryAfter time.Duration
}

// answer is a response read whole: body decoded, wire its size as it came.
type answer struct {
	status int
	header http.Header
	body   []byte
	wire   int
}

// get fetches url as a browser would, gzip accepted.
func get(ctx context.Context, c *http.Client, url string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	return do(c, req)
}

// do sends req and reads the answer, gunzipping it when it came gzipped.
func do(c *http.Client, req *http.Request) (answer, error) {
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: raw, wire: len(raw)}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return answer{}, err
		}
		if a.body, err = io.ReadAll(zr); err != nil {
			return answer{}, err
		}
	}
	return a, nil
}

// open loads the editor page, as a person opening (or reloading) it does.
func (t *tab) open(ctx context.Context, c *http.Client, base string) error {
	page, err := get(ctx, c, base+t.path)
	if err != nil {
		return err
	}
	if page.status != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", t.path, page.status)
	}
	t.form, err = sectionForm(page.body)
	if err != nil {
		return fmt.Errorf("GET %s: %w", t.path, err)
	}
	if !t.form.Has(editedField) || !t.form.Has("_version") {
		return fmt.Errorf("GET %s: the section form has no %s or _version", t.path, editedField)
	}
	return nil
}

// save types text into the edited field and sends the form as htmx does
// after the typing pause; the page then takes the version and touched
// fields the answer swaps in.
func (t *tab) save(ctx context.Context, c *http.Client, base, text string) (saved, error) {
	t.form.Set(editedField, text)
	t.form.Set("_changed", editedField) // app.js names the field that changed
	s := saved{draftID: t.draftID, text: text}
	s.base, _ = strconv.ParseInt(t.form.Get("_version"), 10, 64)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+t.path+"/edit/general", strings.NewReader(t.form.Encode()))
	if err != nil {
		return s, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("Accept-Encoding", "gzip")
	a, err := do(c, req)
	if err != nil {
		return s, err
	}
	s.status, s.wire, s.plain = a.status, a.wire, len(a.body)
	if v, ok := inputValue(a.body, versionInputID); ok {
		t.form.Set("_version", v)
		s.version, _ = strconv.ParseInt(v, 10, 64)
	}
	if v, ok := inputValue(a.body, touchedInputID); ok {
		t.form.Set("_touched", v)
	}
	s.reported = a.status == http.StatusConflict && bytes.Contains(a.body, []byte(conflictNotice))
	if a.status == http.StatusServiceUnavailable {
		s.retryAfter = retryAfter(a.header.Get("Retry-After"))
	}
	return s, nil
}

// retryAfter is how long the editor waits before it sends a save again
// after a 503: what the server asks, within a second.
func retryAfter(header string) time.Duration {
	secs, err := strconv.Atoi(header)
	if err != nil || secs < 1 {
		return 200 * time.Millisecond
	}
	return min(time.Duration(secs)*time.Second, time.Second)
}

// inputValue is the value of the input element with that id in an htmx
// answer, found without parsing the whole answer: the load generator shares
// the machine with the server.
func inputValue(body []byte, id string) (string, bool) {
	at := bytes.Index(body, []byte(`id="`+id+`"`))
	if at < 0 {
		return "", false
	}
	start := bytes.LastIndexByte(body[:at], '<')
	end := bytes.IndexByte(body[at:], '>')
	if start < 0 || end < 0 {
		return "", false
	}
	tag := body[start : at+end]
	_, value, ok := bytes.Cut(tag, []byte(` value="`))
	if !ok {
		return "", false
	}
	value, _, ok = bytes.Cut(value, []byte(`"`))
	return html.UnescapeString(string(value)), ok
}

// sectionForm is what a browser would send of the page's section form:
// inputs, checked boxes, selected options and text areas; no buttons.
func sectionForm(page []byte) (url.Values, error) {
	form := url.Values{}
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	inForm, found := false, false
	var selectName, textareaName string
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			if !found {
				return nil, fmt.Errorf("no form #%s", sectionFormID)
			}
			return form, nil
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "form":
				if inForm {
					return form, nil
				}
			case "select":
				selectName = ""
			case "textarea":
				textareaName = ""
			}
		case xhtml.TextToken:
			if textareaName != "" {
				values := form[textareaName]
				values[len(values)-1] = strings.TrimPrefix(string(z.Text()), "\n")
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			t := z.Token()
			if t.Data == "form" && attr(t, "id") == sectionFormID {
				inForm, found = true, true
			}
			if !inForm {
				continue
			}
			switch t.Data {
			case "input":
				addInput(form, t)
			case "select":
				selectName = attr(t, "name")
			case "option":
				if selectName != "" && hasAttr(t, "selected") {
					form.Add(selectName, attr(t, "value"))
				}
			case "textarea":
				if textareaName = attr(t, "name"); textareaName != "" {
					form.Add(textareaName, "")
				}
			}
		}
	}
}

func addInput(form url.Values, t xhtml.Token) {
	name := attr(t, "name")
	switch typ := attr(t, "type"); {
	case name == "" || hasAttr(t, "disabled"):
	case typ == "submit" || typ == "button" || typ == "reset" || typ == "file":
	case (typ == "checkbox" || typ == "radio") && !hasAttr(t, "checked"):
	case typ == "checkbox" || typ == "radio":
		form.Add(name, valueOr(attr(t, "value"), "on"))
	default:
		form.Add(name, attr(t, "value"))
	}
}

func valueOr(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

func attr(t xhtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(t xhtml.Token, key string) bool {
	for _, a := range t.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// staticURLs are the stylesheets, scripts and images a page loads.
func staticURLs(page []byte) []string {
	var urls []string
	seen := map[string]bool{}
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		var u string
		switch t.Data {
		case "link":
			u = attr(t, "href")
		case "script", "img":
			u = attr(t, "src")
		}
		if strings.HasPrefix(u, "/") && !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	return urls
}
