package views

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liveengage/manifestd/manifest"
)

// Section is one of the editor's forms.
type Section struct{ Name, Title string }

// jsonSectionName is the raw JSON text of the whole manifest; the other sections
// are the profile's.
const jsonSectionName = "json"

// EditorSections are the editor's sections, in the order the side navigation
// shows them: the manifest's, then JSON.
var EditorSections = editorSections()

func editorSections() []Section {
	var out []Section
	for _, s := range manifest.Sections() {
		out = append(out, Section{s.Name, s.Title})
	}
	return append(out, Section{jsonSectionName, "JSON"})
}

// navSections are the sections the navigation lists for this draft: those
// its kind uses or it has something in, the current one, and JSON.
func (e Editor) navSections() []Section {
	var out []Section
	for _, s := range EditorSections {
		if s.Name == jsonSectionName || s.Name == e.Section || manifest.SectionShown(e.Doc, s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// Editor is everything the editor page shows of one draft.
type Editor struct {
	DraftID   int64
	AccountID string
	Title     string
	Version   int64
	SavedAt   time.Time
	SavedBy   string
	Section   string
	Doc       manifest.Document
	Problems  []manifest.Problem
	// Touched holds the form fields (by pointer) the person has changed;
	// their problems show at the field. ShowAll shows every field's problems,
	// after a Save.
	Touched map[string]bool
	ShowAll bool
	// RevealHeaders shows header values instead of masking them.
	RevealHeaders bool
	// JSONText is the JSON section's text as typed, when it did not parse;
	// JSONProblems are why. JSONKept says the text is saved with the draft
	// (while the forms show the last version that parsed).
	JSONText     string
	JSONProblems []manifest.Problem
	JSONKept     bool
	// Conflict is set when a save was refused because the draft changed since
	// the page was loaded.
	Conflict *Conflict
	// State is the draft's review state; Revision its latest revision number.
	State    string
	Revision int64
	// Comments are the review comments still open.
	Comments []CommentRow
	// Focus is the field to focus after the section is drawn again, such as
	// a header row just added.
	Focus string
	// Aside holds the values of parts switched off, by pointer: shown
	// greyed out, not in the manifest.
	Aside *manifest.Object
	// Undo brings back the list row just removed.
	Undo *Undo
	// PreviewLogo shows the logo from its address, which the viewer asked
	// for: loading it tells whoever serves it that the page was opened.
	PreviewLogo bool
}

// Undo brings back a list row just removed. The row travels with the
// button, as JSON, so undoing needs no script and nothing stored.
type Undo struct {
	List  string // the list's pointer
	Index int    // where the row was
	Row   string // the row: {"value": ...}, with its "key" for a localized name
}

func (u Undo) action() string {
	return "restore-row " + u.List + " " + strconv.Itoa(u.Index) + " " + u.Row
}

// undoFor is the undo of a removal from the list at ptr, if one was just removed.
func (e Editor) undoFor(ptr string) *Undo {
	if e.Undo != nil && e.Undo.List == ptr {
		return e.Undo
	}
	return nil
}

// asideAt is the editor of what is set aside at ptr, to draw the fields of
// a part switched off greyed out with the values they keep; ok is false
// when nothing is set aside there.
func (e Editor) asideAt(ptr string) (aside Editor, ok bool) {
	if e.Aside == nil {
		return Editor{}, false
	}
	v, ok := e.Aside.Get(ptr)
	if !ok {
		return Editor{}, false
	}
	doc := manifest.NewDocument()
	doc.Set(ptr, v)
	return Editor{DraftID: e.DraftID, Section: e.Section, Doc: doc, RevealHeaders: e.RevealHeaders, Touched: map[string]bool{}}, true
}

// readOnly: a submitted draft waits for its review and cannot be edited.
func (e Editor) readOnly() bool { return e.State == "submitted" }

// commentsAt are the open comments about the field at ptr.
func (e Editor) commentsAt(ptr string) []CommentRow {
	var out []CommentRow
	for _, c := range e.Comments {
		if c.Pointer == ptr {
			out = append(out, c)
		}
	}
	return out
}

func (e Editor) reviewURL() string { return e.base() + "/review" }

func resolveFormID(c CommentRow) string { return "resolve-" + strconv.FormatInt(c.ID, 10) }

// Conflict describes the newer version that a save ran into.
type Conflict struct {
	Version int64
	By      string
	At      time.Time
}

func (e Editor) base() string { return "/drafts/" + strconv.FormatInt(e.DraftID, 10) }

func (e Editor) sectionURL(name string) string { return e.base() + "/edit/" + name }

func (e Editor) revealURL() string {
	if e.RevealHeaders {
		return e.sectionURL(e.Section)
	}
	return e.sectionURL(e.Section) + "?reveal=headers"
}

// FieldID is the element id of the input that edits ptr: unique, and safe in
// a URL fragment and a CSS selector.
func FieldID(ptr string) string {
	var b strings.Builder
	b.WriteString("f")
	for _, c := range []byte(ptr) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteByte(c)
		default:
			b.WriteString("_" + strconv.FormatInt(int64(c), 16))
		}
	}
	return b.String()
}

func problemsID(ptr string) string { return FieldID(ptr) + "-problems" }

// text is the value at ptr as a form shows it: strings as they are, anything
// else as its JSON.
func (e Editor) text(ptr string) string {
	v, ok := e.Doc.Get(ptr)
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	if o, ok := v.(*manifest.Object); ok {
		b, _ := o.MarshalJSON()
		return string(b)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (e Editor) has(ptr string) bool {
	_, ok := e.Doc.Get(ptr)
	return ok
}

func (e Editor) isTrue(ptr string) bool {
	v, _ := e.Doc.Get(ptr)
	b, _ := v.(bool)
	return b
}

// listValues are the string elements of the array at ptr.
func (e Editor) listValues(ptr string) []string {
	v, _ := e.Doc.Get(ptr)
	list, _ := v.([]any)
	var out []string
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// options are the known options plus any other value the document holds, so
// that an imported value survives a save of the form.
func (e Editor) options(ptr string, known []manifest.Option) []manifest.Option {
	out := append([]manifest.Option(nil), known...)
	for _, v := range e.listValues(ptr) {
		if !hasOption(out, v) {
			out = append(out, manifest.Option{Value: v, Label: v, Help: "Not one of the values the guide lists."})
		}
	}
	return out
}

func hasOption(options []manifest.Option, value string) bool {
	for _, o := range options {
		if o.Value == value {
			return true
		}
	}
	return false
}

func (e Editor) checked(ptr, value string) bool {
	for _, v := range e.listValues(ptr) {
		if v == value {
			return true
		}
	}
	return false
}

// fieldProblems are the problems shown at the field for ptr: at ptr itself,
// and for a list at its elements, once the field is touched or saved.
func (e Editor) fieldProblems(ptr string, withElements bool) []manifest.Problem {
	if !e.ShowAll && !e.Touched[ptr] {
		return nil
	}
	return problemsAt(e.Problems, ptr, withElements)
}

func problemsAt(problems []manifest.Problem, ptr string, withElements bool) []manifest.Problem {
	var out []manifest.Problem
	for _, p := range problems {
		if p.Path == ptr || (withElements && isElementOf(p.Path, ptr)) {
			out = append(out, p)
		}
	}
	return out
}

// isElementOf reports whether path is ptr/N for an array index N.
func isElementOf(path, ptr string) bool {
	rest, ok := strings.CutPrefix(path, ptr+"/")
	if !ok || rest == "" {
		return false
	}
	_, err := strconv.Atoi(rest)
	return err == nil
}

func hasError(problems []manifest.Problem) bool { return manifest.HasErrors(problems) }

// SectionOf names the editor section where the problem at path is fixed.
func SectionOf(path string) string { return manifest.SectionOf(path) }

// errorCount is the number of errors fixed in a section; the JSON section
// counts them all.
func (e Editor) errorCount(section string) int {
	n := 0
	for _, p := range e.Problems {
		if p.Severity == manifest.SeverityError && (section == jsonSectionName || SectionOf(p.Path) == section) {
			n++
		}
	}
	return n
}

// problemLink leads to the field that fixes the problem, in its section.
func (e Editor) problemLink(p manifest.Problem) string {
	return e.sectionURL(SectionOf(p.Path)) + "#" + e.inputID(p.Path)
}

// fieldFor is the pointer of the form field that shows a problem at path: a
// list element's problem shows at its list, unless the list has one input
// per row.
func fieldFor(path string) string {
	if i := strings.LastIndexByte(path, '/'); i > 0 {
		if _, err := strconv.Atoi(path[i+1:]); err == nil {
			if f, ok := manifest.FieldAt(path[:i]); ok && f.Control == manifest.ControlChecks {
				return path[:i]
			}
		}
	}
	return path
}

// Preview is the manifest as export would give it; with header values
// masked unless the person asked to see them.
func (e Editor) Preview() string {
	if e.RevealHeaders {
		return e.Export()
	}
	return string(manifest.Format(manifest.MaskSecrets(e.Doc)))
}

// Export is the exact bytes a download gives.
func (e Editor) Export() string { return string(manifest.Format(e.Doc)) }

// JSONSectionText is what the JSON section's text area holds.
func (e Editor) JSONSectionText() string {
	if e.JSONProblems != nil || e.JSONKept {
		return e.JSONText
	}
	return e.Export()
}

// lineNumbers number the lines of the JSON section's text, for the column
// beside it, and say how many rows the text area needs to show them all
// (so that the numbers stay beside their lines without scripts).
func lineNumbers(text string) (numbers string, rows int) {
	n := strings.Count(text, "\n") + 1
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(strconv.Itoa(i) + "\n")
	}
	return b.String(), n + 1
}

// previewURL is the section with the image of field f shown, at the field.
func (e Editor) previewURL(f manifest.Field) string {
	return e.sectionURL(e.Section) + "?preview=logo#" + FieldID(f.Pointer)
}

// problemGroup is the problems fixed in one section.
type problemGroup struct {
	section  Section
	problems []manifest.Problem
}

// problemGroups are the problems by the section that fixes each, in the
// sections' order.
func (e Editor) problemGroups() []problemGroup {
	var groups []problemGroup
	for _, s := range EditorSections {
		g := problemGroup{section: s}
		for _, p := range e.Problems {
			if SectionOf(p.Path) == s.Name {
				g.problems = append(g.problems, p)
			}
		}
		if len(g.problems) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// imagePreview is the address to preview for an image field, when it is
// an https address the browser may load.
func (e Editor) imagePreview(f manifest.Field) string {
	addr := e.text(f.Pointer)
	if f.Image && strings.HasPrefix(addr, "https://") && !strings.ContainsAny(addr, " \t\r\n\"'<>") {
		return addr
	}
	return ""
}

func counter(s string, limit int) string {
	return strconv.Itoa(len([]rune(s))) + " / " + strconv.Itoa(limit)
}

func clock(t time.Time) string { return t.UTC().Format("15:04") + " UTC" }

// touchedList is the touched fields, space-separated, for the hidden input
// that carries them from one autosave to the next.
func touchedList(e Editor) string {
	list := make([]string, 0, len(e.Touched))
	for ptr := range e.Touched {
		list = append(list, ptr)
	}
	slices.Sort(list)
	return strings.Join(list, " ")
}
