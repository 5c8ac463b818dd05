package manifest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// DescribedSection is one part of a manifest as readable text.
type DescribedSection struct {
	Title string // "General", "Webhooks", "Engagement", "Other fields"
	Items []DescribedItem
}

// DescribedItem is one field as a reviewer reads it.
type DescribedItem struct {
	Pointer string // the field's JSON Pointer, for comments and links
	Label   string // human label with context: "App name", "ContentEvent endpoint", "Goals"
	Value   string // readable value (see Describe)
	Secret  bool   // a header value, or a value that may hold one: views mask it unless asked
}

// Values Describe writes for what is not there.
const (
	describedMissing = "(missing)" // a required field is absent; Validate says so too
	describedNone    = "none"      // no webhook, or an empty list
	describedNotUsed = "not used"  // no engagement block
	describedEmpty   = "(empty)"   // a required string left empty, which would otherwise read as nothing
)

// Describe is the manifest as readable text, section by section: what a
// reviewer reads instead of JSON, and what the handoff summary prints.
//
// The sections are the profile's (General, Sign-in and launch, Webhooks,
// Engagement), each one the document's kind uses or the document has
// something in, then "Other fields" when the manifest has fields the product
// does not know (UnknownFields, labelled by where they are). Items follow the
// canonical order. Values: strings as they are; lists as the options' human
// labels ("Section, URL"), unknown values as themselves and an empty list as
// "none"; booleans "yes"/"no"; numbers as written. An absent or empty
// optional field is left out; an absent required field reads "(missing)". No
// webhook at all is one item "Webhooks: none"; no engagement is one item
// "Engagement: not used". A value of the wrong type reads as its JSON text
// (a string as it is), and is Secret when a header value could be inside
// it. Describe never fails on a Document that Decode returned, however wrong
// its values.
func Describe(d Document) []DescribedSection {
	v, _ := d.Root.Get("capabilities")
	caps := objectOf(v)
	var out []DescribedSection
	for _, s := range sections {
		if !SectionShown(d, s.Name) {
			continue
		}
		var items []DescribedItem
		switch s.Name {
		case sectionWebhooks:
			items = describeWebhooks(caps)
		case sectionEngagement:
			items = describeEngagement(caps)
		default:
			items = describeTopLevel(d.Root, s.Name)
		}
		out = append(out, DescribedSection{Title: s.Title, Items: items})
	}
	if other := describeOther(d); len(other) > 0 {
		out = append(out, DescribedSection{Title: "Other fields", Items: other})
	}
	return out
}

// objectOf is v when it is an object, else nil; a nil *Object answers Get
// with nothing, so an absent or mistyped container reads as empty.
func objectOf(v any) *Object {
	o, _ := v.(*Object)
	return o
}

// describeTopLevel lists the top-level fields of a section. Capabilities is
// described by its own sections, unless it is not an object: then it is a
// General value like the others, shown as its JSON text.
func describeTopLevel(root *Object, section string) []DescribedItem {
	var items []DescribedItem
	for _, f := range manifestFields.fields {
		v, ok := root.Get(f.key)
		switch {
		case f == capabilitiesField:
			if section == sectionGeneral && ok && objectOf(v) == nil {
				items = appendField(items, f, Pointer(f.key), f.label, v, ok)
			}
		case f.section != section:
		case f.prefix != "":
			for _, m := range family(f, root) {
				label := f.label + " (" + strings.TrimPrefix(m.Key, f.prefix) + ")"
				items = appendField(items, f, Pointer(m.Key), label, m.Value, true)
			}
		default:
			items = appendField(items, f, Pointer(f.key), f.label, v, ok)
		}
	}
	return items
}

func describeWebhooks(caps *Object) []DescribedItem {
	f := capabilitiesField.child("webhooks")
	ptr := Pointer("capabilities", "webhooks")
	v, ok := caps.Get("webhooks")
	hooks := objectOf(v)
	if ok && hooks == nil {
		return []DescribedItem{mistyped(f, ptr, f.label, v)}
	}
	var items []DescribedItem
	for _, key := range memberKeys(f, hooks) {
		hook, _ := hooks.Get(key)
		c, name := f.child(key), key // an unknown event type keeps its key as its name
		if c == nil {
			c = f.anyKey
		} else {
			name = c.label
		}
		items = append(items, describeWebhook(c, ptr+Pointer(key), name, hook)...)
	}
	if len(items) == 0 {
		items = []DescribedItem{{Pointer: ptr, Label: f.label, Value: describedNone}}
	}
	return items
}

// describeWebhook lists one webhook's endpoint, retries and headers, each
// labelled with the event's short name.
func describeWebhook(f *field, ptr, name string, hook any) []DescribedItem {
	o, ok := hook.(*Object)
	if !ok || o == nil {
		return []DescribedItem{mistyped(f, ptr, name, hook)}
	}
	var items []DescribedItem
	for _, c := range f.fields {
		v, ok := o.Get(c.key)
		if c.kind == kindArray && c.items.kind == kindObject {
			items = append(items, describeHeaders(c, ptr+Pointer(c.key), name, v, ok)...)
			continue
		}
		items = appendField(items, c, ptr+Pointer(c.key), name+" "+strings.ToLower(c.label), v, ok)
	}
	return items
}

// describeHeaders gives one item per header, labelled by its name and
// valued by its (secret) value.
func describeHeaders(f *field, ptr, name string, v any, ok bool) []DescribedItem {
	if !ok || blank(f, v) {
		return nil
	}
	rows, isList := v.([]any)
	if !isList {
		return []DescribedItem{mistyped(f, ptr, name+" headers", v)}
	}
	valueField := f.items.child("header_value")
	var items []DescribedItem
	for i, row := range rows {
		rowPtr := ptr + "/" + strconv.Itoa(i)
		label := name + " header #" + strconv.Itoa(i+1) // until it has a name
		o, isObj := row.(*Object)
		if !isObj || o == nil {
			items = append(items, mistyped(f.items, rowPtr, label, row))
			continue
		}
		if n, _ := o.Get("header_name"); isText(n) {
			label = name + " header " + n.(string)
		}
		v, ok := o.Get(valueField.key)
		items = appendField(items, valueField, rowPtr+Pointer(valueField.key), label, v, ok)
	}
	return items
}

func describeEngagement(caps *Object) []DescribedItem {
	f := engagementField
	ptr := Pointer("capabilities", f.key)
	v, ok := caps.Get(f.key)
	if !ok {
		return []DescribedItem{{Pointer: ptr, Label: f.label, Value: describedNotUsed}}
	}
	o, isObj := v.(*Object)
	if !isObj || o == nil {
		return []DescribedItem{mistyped(f, ptr, f.label, v)}
	}
	var items []DescribedItem
	for _, c := range f.fields {
		v, ok := o.Get(c.key)
		items = appendField(items, c, ptr+Pointer(c.key), c.label, v, ok)
	}
	return items
}

// describeOther lists the fields the product keeps without knowing them,
// labelled by where they are ("display_name", "Webhooks > ContentEvent > timeout").
func describeOther(d Document) []DescribedItem {
	var items []DescribedItem
	for _, ptr := range UnknownFields(d) {
		v, _ := d.Get(ptr)
		label := strings.TrimPrefix(whereOf(ptr), otherSection+" > ")
		items = append(items, DescribedItem{Pointer: ptr, Label: label, Value: readable(nil, v)})
	}
	return items
}

// appendField adds one known field's item, unless it is an absent or empty
// optional field.
func appendField(items []DescribedItem, f *field, ptr, label string, v any, ok bool) []DescribedItem {
	if !ok || (!f.required && blank(f, v)) {
		if f.required {
			items = append(items, DescribedItem{Pointer: ptr, Label: label, Value: describedMissing})
		}
		return items
	}
	return append(items, DescribedItem{Pointer: ptr, Label: label, Value: readable(f, v), Secret: holdsSecret(f)})
}

// mistyped is the item for a value of the wrong type for f, read as JSON.
func mistyped(f *field, ptr, label string, v any) DescribedItem {
	return DescribedItem{Pointer: ptr, Label: label, Value: readable(nil, v), Secret: holdsSecret(f)}
}

// readable is a value in words; f is its field, or nil for an unknown field.
func readable(f *field, v any) string {
	switch v := v.(type) {
	case bool:
		if f != nil && f.kind == kindBool {
			return yesNo(v)
		}
	case []any:
		if f != nil && f.kind == kindArray && f.items.kind == kindString {
			return optionLabels(f.items.options, v)
		}
	case string:
		if v == "" {
			return describedEmpty
		}
	case json.Number:
		if f != nil && f.control == ControlSeconds {
			if human := HumanDuration(v.String()); human != "" {
				return v.String() + " (" + human + ")"
			}
		}
	}
	return jsonOrString(v)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// isText reports whether v is a string that is not empty.
func isText(v any) bool {
	s, ok := v.(string)
	return ok && s != ""
}

// optionLabels joins a list's values by their options' human labels.
func optionLabels(options []Option, list []any) string {
	if len(list) == 0 {
		return describedNone
	}
	labels := make([]string, len(list))
	for i, v := range list {
		labels[i] = jsonOrString(v)
		for _, o := range options {
			if s, _ := v.(string); s == o.Value {
				labels[i] = o.Label
				break
			}
		}
	}
	return strings.Join(labels, ", ")
}

// display is how a value reads: a string as it is (and true), anything else
// as its compact JSON text.
func display(v any) (string, bool) {
	if s, ok := v.(string); ok {
		return s, true
	}
	return jsonText(v), false
}

// jsonOrString is display without saying which it was.
func jsonOrString(v any) string {
	s, _ := display(v)
	return s
}

// jsonText is v as compact JSON, numbers as written; it never fails.
func jsonText(v any) string {
	w := jsonWriter{}
	w.value(v, -1)
	return string(w.buf)
}

// holdsSecret reports whether a value of f is, or may contain, a header
// value: such values are masked until a reviewer reveals them.
func holdsSecret(f *field) bool {
	if f == nil {
		return false
	}
	if f.secret || holdsSecret(f.items) {
		return true
	}
	for _, c := range f.fields {
		if holdsSecret(c) {
			return true
		}
	}
	return false
}
