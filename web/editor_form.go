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
// row a list button added or removed.
func applySection(doc *manifest.Document, section string, form url.Values) {
	for _, f := range manifest.Fields(section) {
		if manifest.FieldShown(*doc, f) {
			applyField(doc, f, form)
			removeEmptyParents(doc, f.Pointer)
		}
	}
	applyRowAction(doc, form.Get(views.FormAction))
}

func applyField(doc *manifest.Document, f manifest.Field, form url.Values) {
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
		applyChildren(doc, f, form)
		removeIfEmpty(doc, f.Pointer)
	case manifest.ControlCard:
		if !slices.Contains(form[views.FormOn], f.Pointer) {
			doc.Remove(f.Pointer)
			return
		}
		applyChildren(doc, f, form)
	}
}

// applyChildren writes an object's fields, creating the object first.
func applyChildren(doc *manifest.Document, f manifest.Field, form url.Values) {
	if _, ok := objectAt(*doc, f.Pointer); !ok {
		doc.Set(f.Pointer, &manifest.Object{})
	}
	for _, c := range f.Children {
		applyField(doc, c, form)
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

// applyRowAction adds an empty row to a list ("add-row PTR") or removes one
// ("remove-row PTR INDEX"), for the buttons beside list rows.
func applyRowAction(doc *manifest.Document, action string) {
	verb, rest, _ := strings.Cut(action, " ")
	switch verb {
	case "add-row":
		addRow(doc, rest)
	case "remove-row":
		ptr, index, _ := strings.Cut(rest, " ")
		removeRow(doc, ptr, index)
	}
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

func removeRow(doc *manifest.Document, ptr, index string) {
	i, err := strconv.Atoi(index)
	if err != nil {
		return
	}
	if f, ok := manifest.FieldAt(ptr); ok && f.Control == manifest.ControlNames {
		if names := localizedNamesIn(*doc, f.Prefix); i < len(names) {
			doc.Remove(manifest.Pointer(names[i]))
		}
		return
	}
	doc.Remove(ptr + "/" + index)
	if list, ok := listAt(*doc, ptr); ok && len(list) == 0 {
		doc.Remove(ptr)
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
