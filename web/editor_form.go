package web

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/views"
)

// The editor's form field names are JSON Pointers into the manifest, and
// what each field is comes from the manifest's profile, so one decoder
// serves every section: it walks the section's fields and reads each by its
// control. A section's form writes only the keys it shows: unknown keys, and
// values of the wrong type elsewhere, are left as they are.

// applySection writes the section's fields from the posted form, then the
// row a list button added, removed or brought back. A part switched off
// goes into aside, and comes back from there when switched on. It answers
// how to undo a row's removal, when a row was removed.
func applySection(doc *manifest.Document, aside setAside, section string, form url.Values) *views.Undo {
	for _, f := range manifest.Fields(section) {
		if manifest.FieldShown(*doc, f) {
			applyField(doc, aside, f, form)
			removeEmptyParents(doc, f.Pointer)
		}
	}
	return applyRowAction(doc, form.Get(views.FormAction))
}

func applyField(doc *manifest.Document, aside setAside, f manifest.Field, form url.Values) {
	switch f.Control {
	case manifest.ControlText, manifest.ControlURL, manifest.ControlTextArea:
		setText(doc, f, form.Get(f.Pointer))
	case manifest.ControlNumber, manifest.ControlSeconds:
		setNumberAsTyped(doc, f.Pointer, form.Get(f.Pointer))
	case manifest.ControlChecks:
		setList(doc, f, stringList(form[f.Pointer]))
	case manifest.ControlSwitch:
		setSwitch(doc, f, form.Get(f.Pointer) == "true")
	case manifest.ControlFixed:
		doc.Set(f.Pointer, f.FixedValue())
	case manifest.ControlURLList, manifest.ControlNumberList:
		setList(doc, f, listRows(form, f))
	case manifest.ControlRows:
		setObjectRows(doc, f, form)
	case manifest.ControlNames:
		setLocalizedNames(doc, f, form)
	case manifest.ControlGroup:
		applyChildren(doc, aside, f, form)
		removeIfEmpty(doc, f.Pointer)
	case manifest.ControlCard:
		applyCard(doc, aside, f, form)
	}
}

// applyCard writes a part switched on and off as a whole. Switched off, its
// values are set aside; switched on again, they come back as they were (the
// form had them greyed out, so it does not post them).
func applyCard(doc *manifest.Document, aside setAside, f manifest.Field, form url.Values) {
	switch on := slices.Contains(form[views.FormOn], f.Pointer); {
	case !on:
		aside.put(doc, f.Pointer)
	case doc.Has(f.Pointer) || !aside.bringBack(doc, f.Pointer):
		applyChildren(doc, aside, f, form)
	}
}

// applyChildren writes an object's fields, creating the object first.
func applyChildren(doc *manifest.Document, aside setAside, f manifest.Field, form url.Values) {
	if _, ok := objectAt(*doc, f.Pointer); !ok {
		doc.Set(f.Pointer, &manifest.Object{})
	}
	for _, c := range f.Children {
		applyField(doc, aside, c, form)
	}
}

// setText keeps a required text even while empty; an empty optional one is
// left out (the form's meaning of blank).
func setText(doc *manifest.Document, f manifest.Field, value string) {
	if value == "" && !f.Required {
		doc.Remove(f.Pointer)
		return
	}
	doc.Set(f.Pointer, value)
}

func setList(doc *manifest.Document, f manifest.Field, values []any) {
	if len(values) == 0 && !f.Required {
		doc.Remove(f.Pointer)
		return
	}
	doc.Set(f.Pointer, values)
}

// setSwitch writes a switch: an optional one left off and never set stays
// absent, so opening a section adds nothing to the manifest.
func setSwitch(doc *manifest.Document, f manifest.Field, on bool) {
	if !on && !f.Required && !doc.Has(f.Pointer) {
		return
	}
	doc.Set(f.Pointer, on)
}

// setNumberAsTyped stores a number as a JSON number when it reads as one, and
// as the string typed otherwise, so the validator can say what is wrong.
func setNumberAsTyped(doc *manifest.Document, ptr, typed string) {
	if v, ok := numberAsTyped(typed); ok {
		doc.Set(ptr, v)
		return
	}
	doc.Remove(ptr)
}

func numberAsTyped(typed string) (any, bool) {
	typed = strings.TrimSpace(typed)
	switch {
	case typed == "":
		return nil, false
	case isJSONNumber(typed):
		return json.Number(typed), true
	}
	return typed, true
}

func isJSONNumber(s string) bool {
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil && !strings.ContainsAny(s, `"`)
}

func stringList(values []string) []any {
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = v
	}
	return list
}

// listRows reads the rows ptr/0, ptr/1, ... of a list until one is absent;
// numbers are read as typed.
func listRows(form url.Values, f manifest.Field) []any {
	var rows []any
	for i := 0; ; i++ {
		values, ok := form[f.Pointer+"/"+strconv.Itoa(i)]
		if !ok {
			return rows
		}
		typed := first(values)
		if f.Control == manifest.ControlNumberList {
			if v, ok := numberAsTyped(typed); ok {
				rows = append(rows, v)
				continue
			}
		}
		rows = append(rows, typed)
	}
}

func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

// setObjectRows replaces a list of objects (the headers) with the posted rows,
// keeping unknown keys of the rows that stay.
func setObjectRows(doc *manifest.Document, f manifest.Field, form url.Values) {
	old, _ := listAt(*doc, f.Pointer)
	var list []any
	for i := 0; ; i++ {
		row := f.Pointer + "/" + strconv.Itoa(i)
		if !postsRow(form, row, f.Children) {
			break
		}
		obj, ok := elementObject(old, i)
		if !ok {
			obj = &manifest.Object{}
		}
		for _, c := range f.Children {
			obj.Set(c.Key, form.Get(row+c.Pointer))
		}
		list = append(list, obj)
	}
	if len(list) == 0 {
		doc.Remove(f.Pointer)
		return
	}
	doc.Set(f.Pointer, list)
}

func postsRow(form url.Values, row string, children []manifest.Field) bool {
	for _, c := range children {
		if _, ok := form[row+c.Pointer]; ok {
			return true
		}
	}
	return false
}

func elementObject(list []any, i int) (*manifest.Object, bool) {
	if i >= len(list) {
		return nil, false
	}
	o, ok := list[i].(*manifest.Object)
	return o, ok
}

// setLocalizedNames rewrites the key family (client_name#TAG) from the
// posted rows, which go by their place: each row's tag names its key.
func setLocalizedNames(doc *manifest.Document, f manifest.Field, form url.Values) {
	names := localizedNamesIn(*doc, f.Prefix)
	for i, key := range names {
		tag, hasTag := form[views.FormTag+"/"+strconv.Itoa(i)]
		name, hasName := form[views.FormName+"/"+strconv.Itoa(i)]
		if !hasTag || !hasName {
			continue // a row the form did not show stays as it is
		}
		doc.Remove(manifest.Pointer(key))
		doc.Set(manifest.Pointer(f.Prefix+strings.TrimSpace(first(tag))), first(name))
	}
}

// localizedNamesIn are the keys of d's top level that belong to the family.
func localizedNamesIn(d manifest.Document, prefix string) []string {
	var keys []string
	if d.Root == nil {
		return nil
	}
	for _, m := range d.Root.Members {
		if strings.HasPrefix(m.Key, prefix) {
			keys = append(keys, m.Key)
		}
	}
	return keys
}

// applyRowAction adds an empty row to a list ("add-row PTR"), removes one
// ("remove-row PTR INDEX") or brings a removed one back ("restore-row PTR
// INDEX ROW", the row as views.Undo carries it), for the buttons beside list
// rows. It answers how to undo a removal.
func applyRowAction(doc *manifest.Document, action string) *views.Undo {
	verb, rest, _ := strings.Cut(action, " ")
	ptr, rest, _ := strings.Cut(rest, " ")
	index, row, _ := strings.Cut(rest, " ")
	switch verb {
	case "add-row":
		addRow(doc, ptr)
	case "remove-row":
		return removeRow(doc, ptr, index)
	case "restore-row":
		restoreRow(doc, ptr, index, row)
	}
	return nil
}

func addRow(doc *manifest.Document, ptr string) {
	f, ok := manifest.FieldAt(ptr)
	switch {
	case !ok:
	case f.Control == manifest.ControlNames:
		if !doc.Has(ptr) {
			doc.Set(ptr, "") // a new name, its tag still to be typed
		}
	case f.Control == manifest.ControlRows:
		row := &manifest.Object{}
		for _, c := range f.Children {
			row.Set(c.Key, "")
		}
		doc.Set(ptr+"/-", row)
	case f.Control == manifest.ControlURLList || f.Control == manifest.ControlNumberList:
		doc.Set(ptr+"/-", "")
	}
}

// removeRow removes a list's row, and answers how to undo that: the row
// goes with the Undo button, so it works without scripts and stores nothing.
func removeRow(doc *manifest.Document, ptr, index string) *views.Undo {
	i, err := strconv.Atoi(index)
	if err != nil {
		return nil
	}
	row := &manifest.Object{}
	if f, ok := manifest.FieldAt(ptr); ok && f.Control == manifest.ControlNames {
		names := localizedNamesIn(*doc, f.Prefix)
		if i >= len(names) {
			return nil
		}
		name, _ := doc.Get(manifest.Pointer(names[i]))
		row.Set(undoKey, names[i])
		row.Set(undoValue, name)
		doc.Remove(manifest.Pointer(names[i]))
		return undoOf(ptr, i, row)
	}
	v, ok := doc.Get(ptr + "/" + index)
	if !ok {
		return nil
	}
	row.Set(undoValue, v)
	doc.Remove(ptr + "/" + index)
	if list, ok := listAt(*doc, ptr); ok && len(list) == 0 {
		doc.Remove(ptr)
	}
	return undoOf(ptr, i, row)
}

// A removed row travels as a JSON object: its value, and for a localized
// name its key.
const (
	undoKey   = "key"
	undoValue = "value"
)

func undoOf(ptr string, i int, row *manifest.Object) *views.Undo {
	text, _ := row.MarshalJSON()
	return &views.Undo{List: ptr, Index: i, Row: string(text)}
}

// restoreRow puts a removed row back where it was, or at the end when the
// list has become shorter; a localized name comes back under its key,
// unless that is taken again.
func restoreRow(doc *manifest.Document, ptr, index, text string) {
	i, err := strconv.Atoi(index)
	f, known := manifest.FieldAt(ptr)
	carried, _ := manifest.Decode([]byte(text))
	if err != nil || !known || carried.Root == nil {
		return
	}
	v, ok := carried.Root.Get(undoValue)
	switch key, _ := carried.Root.Get(undoKey); {
	case !ok:
	case f.Control == manifest.ControlNames:
		if name, _ := key.(string); strings.HasPrefix(name, f.Prefix) && !doc.Has(manifest.Pointer(name)) {
			doc.Set(manifest.Pointer(name), v)
		}
	case f.Control == manifest.ControlRows || f.Control == manifest.ControlURLList || f.Control == manifest.ControlNumberList:
		list, _ := listAt(*doc, ptr)
		doc.Set(ptr, slices.Insert(slices.Clone(list), min(max(i, 0), len(list)), v))
	}
}

// removeEmptyParents drops the objects above ptr that the editor emptied.
func removeEmptyParents(doc *manifest.Document, ptr string) {
	for i := strings.LastIndexByte(ptr, '/'); i > 0; i = strings.LastIndexByte(ptr, '/') {
		ptr = ptr[:i]
		removeIfEmpty(doc, ptr)
	}
}

// removeIfEmpty drops an object the editor manages once nothing is left in it.
func removeIfEmpty(doc *manifest.Document, ptr string) {
	if o, ok := objectAt(*doc, ptr); ok && len(o.Members) == 0 {
		doc.Remove(ptr)
	}
}

// objectAt is the object at ptr, if there is one.
func objectAt(doc manifest.Document, ptr string) (*manifest.Object, bool) {
	v, _ := doc.Get(ptr)
	o, ok := v.(*manifest.Object)
	return o, ok
}

// listAt is the array at ptr, if there is one.
func listAt(doc manifest.Document, ptr string) ([]any, bool) {
	v, _ := doc.Get(ptr)
	list, ok := v.([]any)
	return list, ok
}
