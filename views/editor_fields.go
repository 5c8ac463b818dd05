package views

import (
	"strconv"
	"strings"

	"github.com/liveengage/manifestd/manifest"
)

// The editor draws each section from the manifest's profile: the fields
// come from manifest.Fields, their controls decide the inputs.

// Form names that are not pointers: the cards switched on, the row a list
// button acts on, the rows of localized names (their keys change with
// their tags), as FormTag/N and FormName/N, and the JSON section's button
// that discards its text.
const (
	FormOn      = "_on"
	FormAction  = "_action"
	FormTag     = "_tag"
	FormName    = "_name"
	FormDiscard = "_discard"
)

// fieldRef is a form field whose problems are shown at it.
type fieldRef struct {
	ptr string
	// elements: the field is a list, and its elements' problems show at it.
	elements bool
	// name: the field is a localized name's row, whose box goes by its place.
	name *localizedName
}

func (f fieldRef) boxID() string {
	if f.name != nil {
		return f.name.id() + "-problems"
	}
	return problemsID(f.ptr)
}

func (e Editor) refProblems(f fieldRef) []manifest.Problem {
	if f.name != nil {
		return e.nameProblems(*f.name)
	}
	return e.fieldProblems(f.ptr, f.elements)
}

// shownFields are the current section's top fields the document's kind uses
// or the document already has.
func (e Editor) shownFields() []manifest.Field {
	var out []manifest.Field
	for _, f := range manifest.Fields(e.Section) {
		if manifest.FieldShown(e.Doc, f) {
			out = append(out, f)
		}
	}
	return out
}

// sectionFields are the fields the current section shows, so an update can
// refresh each one's problems without touching what is being typed.
func (e Editor) sectionFields() []fieldRef {
	var refs []fieldRef
	for _, f := range e.shownFields() {
		refs = e.appendRefs(refs, f)
	}
	return refs
}

func (e Editor) appendRefs(refs []fieldRef, f manifest.Field) []fieldRef {
	switch f.Control {
	case manifest.ControlCard:
		refs = append(refs, fieldRef{ptr: f.Pointer})
		if !e.has(f.Pointer) {
			return refs
		}
	case manifest.ControlGroup:
	case manifest.ControlChecks, manifest.ControlFixed:
		return append(refs, fieldRef{ptr: f.Pointer, elements: true})
	case manifest.ControlURLList, manifest.ControlNumberList:
		refs = append(refs, fieldRef{ptr: f.Pointer})
		for i := range e.count(f.Pointer) {
			refs = append(refs, fieldRef{ptr: rowPtr(f.Pointer, i)})
		}
		return refs
	case manifest.ControlRows:
		refs = append(refs, fieldRef{ptr: f.Pointer, elements: true})
		for i := range e.count(f.Pointer) {
			for _, c := range f.Children {
				refs = append(refs, fieldRef{ptr: rowPtr(f.Pointer, i) + c.Pointer})
			}
		}
		return refs
	case manifest.ControlNames:
		for _, n := range e.localizedNames(f) {
			refs = append(refs, fieldRef{ptr: n.ptr, name: &n})
		}
		return refs
	default:
		return append(refs, fieldRef{ptr: f.Pointer})
	}
	for _, c := range f.Children {
		refs = e.appendRefs(refs, c)
	}
	return refs
}

func rowPtr(list string, i int) string { return list + "/" + strconv.Itoa(i) }

// count is the number of elements of the list at ptr.
func (e Editor) count(ptr string) int {
	v, _ := e.Doc.Get(ptr)
	list, _ := v.([]any)
	return len(list)
}

// rows are the indexes of the list at ptr.
func (e Editor) rows(ptr string) []int {
	out := make([]int, e.count(ptr))
	for i := range out {
		out[i] = i
	}
	return out
}

// localizedName is one row of a key family: client_name#de.
type localizedName struct {
	ptr, tag string
	row      int
}

func (e Editor) localizedNames(f manifest.Field) []localizedName {
	var out []localizedName
	if e.Doc.Root == nil {
		return nil
	}
	for _, m := range e.Doc.Root.Members {
		if tag, ok := strings.CutPrefix(m.Key, f.Prefix); ok {
			out = append(out, localizedName{ptr: manifest.Pointer(m.Key), tag: tag, row: len(out)})
		}
	}
	return out
}

// nameProblems are the problems of one localized name, shown once its row
// has been touched.
func (e Editor) nameProblems(n localizedName) []manifest.Problem {
	if !e.ShowAll && !e.Touched[n.nameInput()] && !e.Touched[n.tagInput()] {
		return nil
	}
	return problemsAt(e.Problems, n.ptr, false)
}

func (n localizedName) tagInput() string  { return FormTag + "/" + strconv.Itoa(n.row) }
func (n localizedName) nameInput() string { return FormName + "/" + strconv.Itoa(n.row) }
func (n localizedName) id() string        { return "localized-" + strconv.Itoa(n.row) }

// inputID is the id of the input that edits ptr, for links to it: a
// localized name goes by its row.
func (e Editor) inputID(ptr string) string {
	target := fieldFor(ptr)
	if f, ok := manifest.FieldAt(target); ok && f.Control == manifest.ControlNames {
		for _, n := range e.localizedNames(f) {
			if n.ptr == target {
				return n.id()
			}
		}
	}
	return FieldID(target)
}

// describedBy ties an input to its help, its counter and its problems.
func describedBy(ptr string, help, count bool) string {
	ids := []string{problemsID(ptr)}
	if help {
		ids = append(ids, FieldID(ptr)+"-help")
	}
	if count {
		ids = append(ids, FieldID(ptr)+"-count")
	}
	return strings.Join(ids, " ")
}

func ariaInvalid(problems []manifest.Problem) string {
	if hasError(problems) {
		return "true"
	}
	return "false"
}

// unknownFields are the keys the form does not know, with their JSON.
func (e Editor) unknownFields() [][2]string {
	var out [][2]string
	for _, ptr := range manifest.UnknownFields(e.Doc) {
		out = append(out, [2]string{ptr, e.text(ptr)})
	}
	return out
}

// inputMode is the keyboard a phone shows for the control.
func inputMode(c manifest.Control) string {
	switch c {
	case manifest.ControlURL, manifest.ControlURLList:
		return "url"
	case manifest.ControlNumber, manifest.ControlSeconds, manifest.ControlNumberList:
		return "numeric"
	}
	return "text"
}

// rowLabel names a list row for screen readers: "Redirect URI 2".
func rowLabel(f manifest.Field, i int) string {
	label := f.Label
	if item, ok := manifest.FieldAt(rowPtr(f.Pointer, i)); ok && item.Label != "" {
		label = item.Label
	}
	return label + " " + strconv.Itoa(i+1)
}

// addLabel is the text of a list's add button: "Add redirect URI".
func addLabel(f manifest.Field) string {
	if item, ok := manifest.FieldAt(rowPtr(f.Pointer, 0)); ok && item.Label != "" {
		return "Add " + strings.ToLower(item.Label[:1]) + item.Label[1:]
	}
	return "Add a row"
}

func addAction(ptr string) string           { return "add-row " + ptr }
func removeAction(ptr string, i int) string { return "remove-row " + ptr + " " + strconv.Itoa(i) }

// humanSeconds is the value at ptr read as a duration: "1 day".
func (e Editor) humanSeconds(ptr string) string {
	if h := manifest.HumanDuration(e.text(ptr)); h != "" {
		return "= " + h
	}
	return ""
}

// cardOn reports whether the optional object at ptr is switched on.
func (e Editor) cardOn(ptr string) bool { return e.has(ptr) }

// childrenWith splits f's children by their control: those with it, and the rest.
func childrenWith(f manifest.Field, c manifest.Control) (with, without []manifest.Field) {
	for _, child := range f.Children {
		if child.Control == c {
			with = append(with, child)
		} else {
			without = append(without, child)
		}
	}
	return with, without
}

// cards are the switchable children of a group (one webhook per event);
// settings the others (the retry policy).
func cards(f manifest.Field) []manifest.Field {
	with, _ := childrenWith(f, manifest.ControlCard)
	return with
}
func settings(f manifest.Field) []manifest.Field {
	_, without := childrenWith(f, manifest.ControlCard)
	return without
}

// fixedFields are a card's fields LivePerson fixes; editableFields the rest.
func fixedFields(f manifest.Field) []manifest.Field {
	with, _ := childrenWith(f, manifest.ControlFixed)
	return with
}

func editableFields(f manifest.Field) []manifest.Field {
	_, without := childrenWith(f, manifest.ControlFixed)
	return without
}

// sectionTitle is the current section's heading.
func (e Editor) sectionTitle() string {
	for _, s := range EditorSections {
		if s.Name == e.Section {
			return s.Title
		}
	}
	return e.Section
}

// readouts are the seconds fields the section shows, whose words follow the value.
func (e Editor) readouts() []string {
	var out []string
	var walk func(fs []manifest.Field)
	walk = func(fs []manifest.Field) {
		for _, f := range fs {
			if f.Control == manifest.ControlSeconds {
				out = append(out, f.Pointer)
			}
			if f.Control == manifest.ControlGroup || (f.Control == manifest.ControlCard && e.has(f.Pointer)) {
				walk(f.Children)
			}
		}
	}
	walk(e.shownFields())
	return out
}

// kindReason says how the kind was read from the manifest.
func kindReason(k manifest.AppKind) string {
	if k == manifest.WebApp {
		return "its grant types let agents sign in (authorization code), so the editor shows sign-in and launch."
	}
	return "the editor shows its webhooks and engagement."
}
