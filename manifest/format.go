package manifest

// Format returns the canonical form of a manifest (RULES.md, "Canonical
// form"): known keys in the guide's order and unknown keys after them in
// their original order, at every level; two-space indent; no HTML escaping;
// one trailing newline. It never drops or changes content: every key and
// value survives, {}, [] and "" included.
//
// The legacy event key ms.MessagingEventNotification.ExConversationChangeNotification
// is renamed to cqm.ExConversationChangeNotification. When both are present
// (an error the validator reports), both are kept, cqm first and the legacy
// key right after it, unrenamed: renaming would lose one of the two webhooks.
//
// Format is idempotent, never changes whether a manifest is valid, and never
// fails, whatever the Document holds; a Document without a root formats as {}.
func Format(d Document) []byte {
	root := &Object{}
	if d.Root != nil {
		root = canonicalObject(manifestFields, d.Root)
	}
	w := jsonWriter{buf: make([]byte, 0, 2048)}
	w.object(root, 0)
	return append(w.buf, '\n')
}

// canonicalValue reorders the objects inside x that the table knows; other
// values, and values of the wrong type, are kept as they are.
func canonicalValue(f *field, x any) any {
	switch f.kind {
	case kindObject:
		if o, ok := x.(*Object); ok && o != nil {
			return canonicalObject(f, o)
		}
	case kindArray:
		if a, ok := x.([]any); ok && f.items.kind == kindObject {
			out := make([]any, len(a))
			for i, e := range a {
				out[i] = canonicalValue(f.items, e)
			}
			return out
		}
	}
	return x
}

func canonicalObject(f *field, o *Object) *Object {
	out := &Object{Members: make([]Member, 0, len(o.Members))}
	for _, c := range f.fields {
		if c.prefix != "" {
			out.Members = append(out.Members, family(c, o)...)
			continue
		}
		x, ok := o.Get(c.key)
		if !ok {
			continue
		}
		key := c.key
		if c.renameTo != "" {
			if _, taken := out.Get(c.renameTo); !taken {
				key = c.renameTo // the table lists the new name first
			}
		}
		out.Members = append(out.Members, Member{Key: key, Value: canonicalValue(c, x)})
	}
	var seen seenSet // a key twice (only code can do that) would not decode
	for _, m := range o.Members {
		if f.child(m.Key) == nil && !seen.add(m.Key) {
			out.Members = append(out.Members, m)
		}
	}
	return out
}

// RenamesLegacyEvent reports whether Format renames the legacy event key of d
// (it does not when d has both spellings), so tools can say that it did.
func RenamesLegacyEvent(d Document) bool {
	legacy := Pointer("capabilities", "webhooks", LegacyExConversationEvent)
	if _, ok := d.Get(legacy); !ok {
		return false
	}
	after, _ := Decode(Format(d))
	_, stillThere := after.Get(legacy)
	return !stillThere
}
