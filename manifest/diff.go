package manifest

import (
	"strconv"
	"strings"
)

// ChangeKind says whether a change added, removed or changed a value.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one difference between two revisions of a manifest.
type Change struct {
	Pointer  string     // where, as a JSON Pointer (for linking and for comments)
	Where    string     // the same place in words: "Webhooks > ChatStateEvent > max_retries"
	Kind     ChangeKind // added, removed or changed
	Old, New string     // display values: a string as it is, anything else as JSON text; "" when not applicable
	Secret   bool       // the values are, or may hold, header values: mask them unless revealed

	// What String needs to know that the display values cannot say.
	element              bool // a list value added or removed: named bare ("added lead")
	oldString, newString bool // that side was a JSON string: quoted, so "3" and 3 read apart
}

// SecretMask stands in for a secret value (a header value) wherever one is shown masked.
const SecretMask = "••••••"

// String gives the one-line form a reviewer reads:
//
//	Webhooks > ChatStateEvent > max_retries: 3 -> 1
//	Engagement > goal: added lead
//	Engagement > goal: removed url
//	Webhooks > RichContentEvent: added
//	General > description: added "text"
//	General > description: removed
//
// Strings are quoted as JSON, except list values; a removed value other than
// a list value is not repeated. Secret values are always masked: a view that
// reveals them clears Secret first.
func (c Change) String() string {
	switch c.Kind {
	case Added:
		return c.Where + ": added" + c.then(c.New, c.newString)
	case Removed:
		if c.element {
			return c.Where + ": removed" + c.then(c.Old, c.oldString)
		}
		return c.Where + ": removed"
	}
	return c.Where + ": " + c.show(c.Old, c.oldString) + " -> " + c.show(c.New, c.newString)
}

// Switched reports whether the change adds or removes something with no
// value of its own to show, such as a whole webhook: not an empty text,
// which is a value.
func (c Change) Switched() bool {
	return c.Kind != Changed && c.Old == "" && c.New == "" && !c.oldString && !c.newString
}

// then is " value", or nothing when there is no value (a whole webhook).
func (c Change) then(v string, isString bool) string {
	if v == "" && !isString {
		return ""
	}
	return " " + c.show(v, isString)
}

func (c Change) show(v string, isString bool) string {
	switch {
	case c.Secret:
		return SecretMask
	case isString:
		return string(appendString(nil, v))
	}
	return v
}

// Diff lists what changed from one revision of a manifest (from) to the next
// (to), in the manifest's own terms and in canonical order. It walks the
// rules table:
//   - a scalar field is compared by its JSON text (3 and 3.0 differ, as
//     Document.Equal says);
//   - a webhook or the engagement block that appears or goes is one change
//     ("Webhooks > RichContentEvent: added"); otherwise their fields are
//     compared one by one. Webhooks go in event order, the legacy event key
//     after cqm.ExConversationChangeNotification, unknown event types last;
//   - headers are compared row by row (by index, "headers > 1" being the
//     first row), header_name and header_value apart; header values are Secret;
//   - grant_types and the engagement lists are sets: each value added or
//     removed is one change, in the options' order, unknown values after;
//     order and repeats do not count;
//   - unknown fields, and values of the wrong type, are compared as whole
//     JSON values ("Other > display_name: ...").
//
// An optional value left empty ("", [], {}) counts as absent, as in Format.
// Equal documents give no changes. Diff(Document{}, d), for a first
// revision, lists each top-level field of d as added, with each webhook and
// the engagement block as one change. Diff never fails, whatever the
// Documents hold.
func Diff(from, to Document) []Change {
	var d differ
	d.members(manifestFields, "", from.Root, to.Root)
	return d.changes
}

type differ struct{ changes []Change }

// slot is one side's value of a field, and whether that side has it.
type slot struct {
	v  any
	ok bool
}

// member is the value of key in o; an optional field left empty is absent.
func member(f *field, o *Object, key string) slot {
	v, ok := o.Get(key)
	return slot{v, ok && (f == nil || f.required || !blank(f, v))}
}

// members compares two objects of field f; either may be nil (absent).
func (d *differ) members(f *field, ptr string, a, b *Object) {
	for _, key := range memberKeys(f, a, b) {
		c := f.child(key)
		if c == nil {
			c = f.anyKey // an unknown event type is still compared as a webhook
		}
		d.field(c, ptr+Pointer(key), member(c, a, key), member(c, b, key))
	}
}

// field compares one field's values; f is nil for a field the table does not know.
func (d *differ) field(f *field, ptr string, a, b slot) {
	if !a.ok && !b.ok {
		return
	}
	switch {
	case f == nil: // unknown: compared whole
	case f.kind == kindObject:
		ao, aFits := objectSide(a)
		bo, bFits := objectSide(b)
		if aFits && bFits {
			d.object(f, ptr, ao, bo)
			return
		}
	case f.kind == kindArray:
		al, aFits := listSide(a)
		bl, bFits := listSide(b)
		if aFits && bFits {
			d.list(f, ptr, al, bl)
			return
		}
	}
	d.whole(f, ptr, a, b)
}

// objectSide is the side's object, and whether the side fits an object
// field: it holds an object, or nothing (nil, read as empty).
func objectSide(s slot) (*Object, bool) {
	if !s.ok {
		return nil, true
	}
	o, ok := s.v.(*Object)
	return o, ok && o != nil
}

// listSide is the side's list, and whether the side fits a list field: it
// holds a list, or nothing (read as empty).
func listSide(s slot) ([]any, bool) {
	if !s.ok {
		return nil, true
	}
	l, ok := s.v.([]any)
	return l, ok
}

// object compares two objects of f, at least one present. A webhook or the
// engagement block switched on or off is one change: its fields are what
// Describe shows.
func (d *differ) object(f *field, ptr string, a, b *Object) {
	if switchable(f) && (a == nil) != (b == nil) {
		kind := Added
		if b == nil {
			kind = Removed
		}
		d.changes = append(d.changes, Change{Pointer: ptr, Where: whereOf(ptr), Kind: kind})
		return
	}
	d.members(f, ptr, a, b)
}

// switchable fields are the ones the editor switches on and off as a whole.
func switchable(f *field) bool { return f.control == ControlCard || f.def == "webhook" }

// list compares two lists of f: rows of objects by index, values as sets.
func (d *differ) list(f *field, ptr string, a, b []any) {
	if f.items.kind != kindObject {
		d.set(f, ptr, a, b)
		return
	}
	for i := range max(len(a), len(b)) {
		d.field(f.items, ptr+"/"+strconv.Itoa(i), elementAt(a, i), elementAt(b, i))
	}
}

func elementAt(l []any, i int) slot {
	if i < len(l) {
		return slot{l[i], true}
	}
	return slot{}
}

// set reports each value in one list and not the other, in the options'
// order, then the other values in the order they appear. Values are told
// apart by their JSON text, so the string "3" is not the number 3.
func (d *differ) set(f *field, ptr string, a, b []any) {
	inA, inB := textSet(a), textSet(b)
	candidates := make([]any, 0, len(f.items.options)+len(a)+len(b))
	for _, o := range f.items.options {
		candidates = append(candidates, o.Value)
	}
	candidates = append(append(candidates, a...), b...)
	var seen seenSet
	for _, v := range candidates {
		t := jsonText(v)
		if seen.add(t) || inA[t] == inB[t] {
			continue
		}
		c := Change{Pointer: ptr, Where: whereOf(ptr), Kind: Added, element: true, Secret: holdsSecret(f)}
		if inA[t] {
			c.Kind, c.Old = Removed, jsonOrString(v)
		} else {
			c.New = jsonOrString(v)
		}
		d.changes = append(d.changes, c)
	}
}

func textSet(l []any) map[string]bool {
	set := make(map[string]bool, len(l))
	for _, v := range l {
		set[jsonText(v)] = true
	}
	return set
}

// whole compares two values as JSON: scalars, values of the wrong type, and
// fields the table does not know (f nil).
func (d *differ) whole(f *field, ptr string, a, b slot) {
	oldText, oldString := display(a.v)
	newText, newString := display(b.v)
	c := Change{Pointer: ptr, Where: whereOf(ptr), Secret: holdsSecret(f)}
	switch {
	case !a.ok && !b.ok:
		return
	case !a.ok:
		c.Kind, c.New, c.newString = Added, newText, newString
	case !b.ok:
		c.Kind, c.Old, c.oldString = Removed, oldText, oldString
	case equalValue(a.v, b.v) || (oldText == newText && oldString == newString):
		return // equal objects may list members in another order
	default:
		c.Kind, c.Old, c.New, c.oldString, c.newString = Changed, oldText, newText, oldString, newString
	}
	d.changes = append(d.changes, c)
}

// memberKeys are the keys present in any of objs (nil ones read as empty):
// the ones f knows in its canonical order, then the others in the order they
// appear, each once.
func memberKeys(f *field, objs ...*Object) []string {
	var keys []string
	var seen seenSet
	for _, c := range f.fields {
		if c.prefix != "" {
			for _, o := range objs {
				for _, m := range family(c, o) {
					if !seen.add(m.Key) {
						keys = append(keys, m.Key)
					}
				}
			}
			continue
		}
		for _, o := range objs {
			if _, ok := o.Get(c.key); ok {
				keys = append(keys, c.key)
				break
			}
		}
	}
	for _, o := range objs {
		if o == nil {
			continue
		}
		for _, m := range o.Members {
			if f.child(m.Key) == nil && !seen.add(m.Key) {
				keys = append(keys, m.Key)
			}
		}
	}
	return keys
}

// The first step of a Where: the section of Describe the field is shown in.
const (
	generalSection = "General"
	otherSection   = "Other"
)

// whereOf names a place in the manifest the way a reviewer reads it:
// "General > client_name", "Webhooks > ChatStateEvent > max_retries",
// "Webhooks > ContentEvent > headers > 1 > header_value" (rows count from 1),
// "Engagement > goal", "Other > display_name". Keys are the JSON keys, but
// event types go by their short names.
func whereOf(ptr string) string {
	tokens, err := SplitPointer(ptr)
	if err != nil || len(tokens) == 0 {
		return "Manifest"
	}
	var parts []string
	f := manifestFields
	for i, tok := range tokens {
		parts = append(parts, whereStep(f, tok, i == len(tokens)-1)...)
		if f != nil {
			f = f.step(tok)
		}
	}
	return strings.Join(parts, " > ")
}

// whereStep names the step tok from f, nil being a place the table does not know.
func whereStep(f *field, tok string, last bool) []string {
	switch {
	case f == nil:
		return []string{tok}
	case f == manifestFields && tok == capabilitiesField.key && !last:
		return nil // the webhooks and engagement sections name themselves
	case f == manifestFields && f.child(tok) != nil:
		return []string{sectionTitle(f.child(tok).section), tok}
	case f == manifestFields:
		return []string{otherSection, tok}
	case f == capabilitiesField && f.child(tok) != nil:
		return []string{f.child(tok).label}
	case f == capabilitiesField:
		return []string{otherSection, f.key, tok}
	case f.closed != "" && f.child(tok) != nil: // webhooks: an event type's short name
		return []string{f.child(tok).label}
	case f.kind == kindArray:
		if n, err := strconv.Atoi(tok); err == nil {
			return []string{strconv.Itoa(n + 1)}
		}
	}
	return []string{tok}
}
