// Package views holds the templ components: the site layout, one file per
// page, the shared field components and the fragments that htmx swaps.
package views

// Assets resolves a logical asset name ("app.css") to its served URL.
type Assets interface {
	URL(name string) string
}

// Page is what the layout needs to know about every page.
type Page struct {
	Title  string
	Assets Assets
	// Nav names the current top-level section, so its link is marked.
	Nav string
	// User is the signed-in person; nil when nobody is signed in.
	User *Viewer
}

// Viewer is the signed-in person as the layout shows them.
type Viewer struct {
	Email     string
	Manager   bool
	AccountID string
}

func pageTitle(p Page) string {
	if p.Title == "" {
		return "Manifest Studio"
	}
	return p.Title + " · Manifest Studio"
}

// htmxConfig keeps htmx within the Content-Security-Policy (no inline styles,
// no eval) and lets error answers swap, so the server can say what went wrong.
// A busy answer (503) is no error of the page's: it says so, and app.js asks
// again.
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,` +
	`"selfRequestsOnly":true,"responseHandling":[{"code":"204","swap":false},` +
	`{"code":"[23]..","swap":true},{"code":"503","swap":true},{"code":"[45]..","swap":true,"error":true}]}`
